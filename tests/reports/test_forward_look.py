"""The forward-look rule at its exact boundaries, in Python and in the database alike."""

import datetime

import pytest
from django.db.models import Count
from django.urls import reverse

from improvements.models import Action, Status
from reports.forward_look import at_risk_condition, is_at_risk
from tests.factories import ActionFactory, InspectionFactory
from tests.reports.conftest import TODAY, at_noon

D = datetime.timedelta

pytestmark = pytest.mark.usefixtures("reference_data")


def action(*, created, due, progress, status=Status.IN_PROGRESS, revised=None):
    """An action created `created` days from TODAY, due `due` days from TODAY."""
    made = ActionFactory(
        status=status,
        progress=progress,
        due_date=TODAY + D(days=due),
        revised_due_date=None if revised is None else TODAY + D(days=revised),
        revised_due_reason="Agreed." if revised is not None else "",
        submitted_at=at_noon(TODAY) if status in ("submitted", "verified") else None,
    )
    Action.objects.filter(pk=made.pk).update(created_at=at_noon(TODAY + D(days=created)))
    made.refresh_from_db()
    return made


CASES = [
    # Straight-line pace: created 50 days ago, due in 50 days, so 50% is on pace.
    (
        "exactly 25 points behind the pace is not at risk",
        dict(created=-50, due=50, progress=25),
        False,
    ),
    ("26 points behind the pace is at risk", dict(created=-50, due=50, progress=24), True),
    ("on pace is not at risk", dict(created=-50, due=50, progress=50), False),
    # The last fortnight: under 75% is at risk, whatever the pace.
    ("due in 14 days at 74% is at risk", dict(created=-1, due=14, progress=74), True),
    ("due in 14 days at 75% is not at risk", dict(created=-1, due=14, progress=75), False),
    ("due in 15 days at 74% is not at risk", dict(created=-1, due=15, progress=74), False),
    ("due today at 0% is at risk", dict(created=0, due=0, progress=0), True),
    ("overdue is reported as overdue, not at risk", dict(created=-50, due=-1, progress=0), False),
    (
        "on hold counts like any open action",
        dict(created=-50, due=50, progress=0, status="on_hold"),
        True,
    ),
    ("not started counts too", dict(created=-80, due=20, progress=0, status="not_started"), True),
    (
        "submitted is never at risk",
        dict(created=-50, due=5, progress=100, status="submitted"),
        False,
    ),
    ("cancelled is never at risk", dict(created=-50, due=5, progress=0, status="cancelled"), False),
    # The revised due date replaces the original one.
    ("a revised date moves the pace", dict(created=-50, due=-10, revised=150, progress=30), False),
    (
        "a revised date into the last fortnight",
        dict(created=-50, due=60, revised=7, progress=70),
        True,
    ),
]


@pytest.mark.parametrize(("case", "fields", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_rule(case, fields, expected):
    made = action(**fields)
    assert is_at_risk(made, TODAY) is expected
    in_database = Action.objects.filter(at_risk_condition(TODAY), pk=made.pk).exists()
    assert in_database is expected


def test_the_database_counts_what_python_decides_for_a_mixed_set():
    made = [action(**fields) for _, fields, _ in CASES]
    counted = Action.objects.aggregate(n=Count("pk", filter=at_risk_condition(TODAY)))["n"]
    assert counted == sum(is_at_risk(a, TODAY) for a in made) == 6


def test_the_force_report_explains_the_rule_with_the_numbers_above(client, force_manager, cambs):
    InspectionFactory(force=cambs)
    client.force_login(force_manager)

    page = client.get(reverse("reports:force", args=[cambs.slug])).text

    assert "due within 14 days and less than 75% complete" in page
    assert "more than 25 points behind" in page
