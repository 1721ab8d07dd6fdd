"""The overdue and due-soon filters use the partial index on the effective due date.

PostgreSQL only (SQLite has no planner statistics worth asserting on). The data are shaped
like the product's: most actions closed, long past their dates; the open ones spread
over the months ahead, a few of them overdue. docs/performance.md has the plans.
"""

import datetime

import pytest
from django.db import connection

from improvements.models import Action, Status
from tests.factories import InspectorFactory

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's"),
]

TODAY = datetime.date(2026, 3, 2)
INDEX = "action_open_effective_due"


@pytest.fixture
def many_actions(finding):
    inspector = InspectorFactory(username="verifier")
    done = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    rows = []
    for n in range(4000):
        if n % 10 < 7:  # 70% verified, due in the past
            rows.append(
                Action(
                    finding=finding,
                    force_id=finding.inspection.force_id,
                    title=f"Done {n}",
                    status=Status.VERIFIED,
                    due_date=TODAY - datetime.timedelta(days=30 + n % 700),
                    progress=100,
                    submitted_at=done,
                    verified_at=done,
                    verified_by=inspector,
                )
            )
        else:  # open, due over the next two years; one in fifty overdue
            offset = -(1 + n % 20) if n % 50 == 7 else n % 730
            rows.append(
                Action(
                    finding=finding,
                    force_id=finding.inspection.force_id,
                    title=f"Open {n}",
                    status=Status.IN_PROGRESS,
                    due_date=TODAY + datetime.timedelta(days=offset),
                )
            )
    Action.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE improvements_action")
    return rows


def test_the_overdue_filter_uses_the_open_due_date_index(many_actions):
    plan = Action.objects.overdue(TODAY).explain()
    assert INDEX in plan, plan


def test_the_due_soon_filter_uses_the_open_due_date_index(many_actions):
    plan = Action.objects.due_soon(TODAY).explain()
    assert INDEX in plan, plan


def test_the_index_finds_the_same_rows_as_the_rule(many_actions):
    overdue = Action.objects.overdue(TODAY)
    assert overdue.count() == sum(
        1 for a in many_actions if a.status == Status.IN_PROGRESS and a.due_date < TODAY
    )
