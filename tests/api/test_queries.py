"""Every API list runs a fixed number of queries whatever its size: measured at two sizes.

Each request through a token starts with one query of its own: the token and its user
(its last-used time is written at most every few minutes, and the warm-up request does
it). Request limits are counted in the cache (memory in tests, no query).
"""

from __future__ import annotations

import datetime

import pytest

from improvements import services
from inspections.models import EarlierItemReview, MostSimilarGroup
from inspections.services import change_finding_status
from peel.page_cache import move_version
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    FindingFactory,
    JudgmentFactory,
    LinkEvidenceFactory,
)

pytestmark = pytest.mark.django_db

TOKEN = 1  # the token and its user


@pytest.fixture(params=[1, 6], ids=["small", "larger"])
def data(request, inspection, owner, inspector, today, cambs, lancs):
    """`n` findings, each with an action (an update, a piece of evidence, a proposed due
    date), a judgment per finding, lineage and a most similar group."""
    n = request.param
    questions = list(inspection.cycle.questions.all()[:n])
    actions = []
    previous = None
    for index in range(n):
        finding = FindingFactory(inspection=inspection, continues=previous)
        previous = finding
        EarlierItemReview.objects.create(
            inspection=inspection, kind=finding.kind, text="x", outcome="remains",
            earlier_finding=finding, order=index,
        )  # fmt: skip
        JudgmentFactory(inspection=inspection, question=questions[index % len(questions)])
        closed = FindingFactory(inspection=inspection)
        change_finding_status(closed, "addressed", by=inspector, reason="Seen on revisit")
        action = ActionFactory(
            finding=finding, owner=owner, due_date=today - datetime.timedelta(days=index + 1)
        )
        ActionUpdateFactory(action=action)
        LinkEvidenceFactory(action=action)
        services.propose_due_date(
            action, by=owner, version=None,
            proposed_due_date=today + datetime.timedelta(days=100), reason="Later",
        )  # fmt: skip
        actions.append(action)
    group = MostSimilarGroup.objects.create(force=cambs, year="2018/19")
    group.members.set([lancs])
    return actions


def measure(client, url, django_assert_num_queries, expected):
    assert client.get(url).status_code == 200  # warm-up: writes the token's last use
    move_version()  # the list built afresh, not handed back as kept (peel/page_cache.py)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, the page of rows (owner, finding, inspection, force, cycle, question and
        # pillar joined; RAG, overdue and evidence count annotated)
        ("/api/v1/actions/", TOKEN + 2),
        ("/api/v1/actions/?overdue=true&sort=-due", TOKEN + 2),
        ("/api/v1/actions/?brief=1", TOKEN + 2),
        # the cursor page (no count)
        ("/api/v1/actions/?cursor=", TOKEN + 1),
        ("/api/v1/due-date-proposals/", TOKEN + 2),
        # count, rows with the user who added each
        ("/api/v1/evidence/", TOKEN + 2),
        # count, rows (inspection, force, status changer joined; visible `continues`
        # annotated), continued_by, recommendations, status history (with who), reviews
        ("/api/v1/findings/", TOKEN + 6),
        # count, rows, judgments with their pillar and question
        ("/api/v1/inspections/", TOKEN + 3),
        # count, forces, their groups, the groups' members
        ("/api/v1/forces/", TOKEN + 4),
        # count, cycles, pillars, questions
        ("/api/v1/cycles/", TOKEN + 4),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    url, queries, data, api_as, owner, django_assert_num_queries
):
    measure(api_as(owner), url, django_assert_num_queries, queries)


def test_one_action_s_timeline_and_evidence(data, api_as, owner, django_assert_num_queries):
    client = api_as(owner)
    action = data[-1]
    for _ in range(len(data)):
        ActionUpdateFactory(action=action)
    # the action (scoped), count, rows with their authors
    measure(client, f"/api/v1/actions/{action.pk}/timeline/", django_assert_num_queries, 4)
    measure(client, f"/api/v1/actions/{action.pk}/evidence/", django_assert_num_queries, 4)


def test_the_national_view_of_every_action(data, api_as, inspector, django_assert_num_queries):
    measure(api_as(inspector), "/api/v1/actions/", django_assert_num_queries, TOKEN + 2)


def test_the_report_summaries(data, api_as, owner, national_manager, inspection,
                              django_assert_num_queries):  # fmt: skip
    # the force (scoped), then the force report's eight queries (named in reports/selectors)
    measure(
        api_as(owner), "/api/v1/reports/forces/cambridgeshire/", django_assert_num_queries,
        TOKEN + 1 + 8,
    )  # fmt: skip
    # the inspection (scoped), then findings, their actions, the judgments
    measure(
        api_as(owner), f"/api/v1/reports/inspections/{inspection.pk}/",
        django_assert_num_queries, TOKEN + 1 + 3,
    )  # fmt: skip
    # the national report's seven queries
    measure(
        api_as(national_manager), "/api/v1/reports/national/?force=cambridgeshire",
        django_assert_num_queries, TOKEN + 7,
    )  # fmt: skip
