"""The action date rules (improvements/deadlines.py), at their boundaries.

Each rule has a Python form (one action) and a database form (lists, counts, exports);
every case below is checked against both, so the two cannot drift apart. All of them read
the stored effective due date (`Action.effective_due_date`, a generated column).
"""

import datetime

import pytest
from django.db.models import Count
from django.urls import reverse

from improvements import deadlines
from improvements.deadlines import (
    AMBER_PROGRESS,
    DUE_SOON_DAYS,
    LEGEND,
    Rag,
    at_risk_condition,
    is_at_risk,
    rag_expression,
    rag_for,
)
from improvements.models import Action, Status
from tests.factories import ActionFactory, InspectionFactory, InspectorFactory

TODAY = datetime.date(2026, 3, 2)
D = datetime.timedelta

pytestmark = pytest.mark.usefixtures("reference_data")


def days(n: int) -> datetime.date:
    return TODAY + D(days=n)


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def make(status, due, revised=None, progress=0, *, created=-10, **extra) -> Action:
    """A saved action due `due` days from TODAY (revised to `revised`, if given), created
    `created` days from TODAY, read back so its effective due date is the database's."""
    if status in (Status.SUBMITTED, Status.VERIFIED):
        extra["submitted_at"] = at_noon(days(-60))
    if status == Status.VERIFIED:
        extra["verified_at"] = at_noon(days(-59))
        extra["verified_by"] = InspectorFactory(username="verifier")
    made = ActionFactory(
        status=status,
        due_date=days(due),
        revised_due_date=days(revised) if revised is not None else None,
        revised_due_reason="Agreed at the board" if revised is not None else "",
        progress=progress,
        **extra,
    )
    Action.objects.filter(pk=made.pk).update(created_at=at_noon(days(created)))
    made.refresh_from_db()
    return made


# --- The effective due date -----------------------------------------------------------------


def test_the_effective_due_date_is_the_revised_one_if_agreed_else_the_original():
    original = make(Status.IN_PROGRESS, 10)
    revised = make(Status.IN_PROGRESS, 10, revised=40)
    assert original.effective_due_date == days(10)
    assert revised.effective_due_date == days(40)


def test_the_database_keeps_the_effective_due_date_up_to_date_when_a_date_changes():
    action = make(Status.IN_PROGRESS, 10)
    Action.objects.filter(pk=action.pk).update(revised_due_date=days(50), revised_due_reason="x")
    action.refresh_from_db()
    assert action.effective_due_date == days(50)
    Action.objects.filter(pk=action.pk).update(revised_due_date=None, revised_due_reason="")
    action.refresh_from_db()
    assert action.effective_due_date == days(10)


# --- Overdue and due soon -------------------------------------------------------------------

# (why, status, due in days, revised due in days or None, overdue?, due soon?)
DATE_CASES = [
    ("one day past its date is overdue", Status.IN_PROGRESS, -1, None, True, False),
    ("due today is due soon, not overdue", Status.IN_PROGRESS, 0, None, False, True),
    ("due at the end of the window is due soon", Status.NOT_STARTED, DUE_SOON_DAYS, None,
     False, True),
    ("due a day after the window is neither", Status.IN_PROGRESS, DUE_SOON_DAYS + 1, None,
     False, False),
    ("on hold counts as open", Status.ON_HOLD, -3, None, True, False),
    ("submitted is never overdue", Status.SUBMITTED, -20, None, False, False),
    ("verified is never overdue", Status.VERIFIED, -20, None, False, False),
    ("cancelled is never due soon", Status.CANCELLED, 3, None, False, False),
    ("a later revised date takes the place of a past one", Status.IN_PROGRESS, -10, 60,
     False, False),
    ("a revised date in the past makes it overdue", Status.IN_PROGRESS, 60, -1, True, False),
    ("a revised date inside the window makes it due soon", Status.IN_PROGRESS, 90, 10,
     False, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("why", "status", "due", "revised", "overdue", "due_soon"),
    DATE_CASES,
    ids=[case[0] for case in DATE_CASES],
)
def test_overdue_and_due_soon_in_python_and_in_the_database(
    why, status, due, revised, overdue, due_soon
):
    action = make(status, due, revised)
    assert deadlines.is_overdue(action, TODAY) is overdue
    assert Action.objects.overdue(TODAY).filter(pk=action.pk).exists() is overdue
    assert Action.objects.due_soon(TODAY).filter(pk=action.pk).exists() is due_soon


def test_due_soon_takes_another_window():
    action = make(Status.IN_PROGRESS, 10)
    assert Action.objects.due_soon(TODAY, days=10).filter(pk=action.pk).exists()
    assert not Action.objects.due_soon(TODAY, days=9).filter(pk=action.pk).exists()


def test_days_overdue_counts_whole_days_past_the_date_and_zero_otherwise():
    assert deadlines.days_overdue(make(Status.IN_PROGRESS, -5), TODAY) == 5
    assert deadlines.days_overdue(make(Status.IN_PROGRESS, 5), TODAY) == 0
    assert deadlines.days_overdue(make(Status.SUBMITTED, -5), TODAY) == 0


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (Status.IN_PROGRESS, -1, ("red", "Overdue by 1 day")),
        (Status.IN_PROGRESS, -3, ("red", "Overdue by 3 days")),
        (Status.IN_PROGRESS, 0, ("orange", "Due today")),
        (Status.IN_PROGRESS, 1, ("yellow", "Due in 1 day")),
        (Status.IN_PROGRESS, DUE_SOON_DAYS, ("yellow", f"Due in {DUE_SOON_DAYS} days")),
        (Status.IN_PROGRESS, DUE_SOON_DAYS + 1, None),
        (Status.SUBMITTED, -3, None),
    ],
)
def test_a_list_row_says_when_an_open_action_is_due(status, due, expected):
    assert deadlines.due_note(make(status, due), TODAY) == expected


# --- RAG ------------------------------------------------------------------------------------

# (why, status, due in days, revised due in days or None, progress, expected colour)
CASES = [
    ("verified is blue, even long past its date", Status.VERIFIED, -400, None, 100, Rag.BLUE),
    ("cancelled is grey", Status.CANCELLED, -10, None, 0, Rag.GREY),
    ("on hold is red, even with time to spare", Status.ON_HOLD, 200, None, 90, Rag.RED),
    ("one day past its date is red", Status.IN_PROGRESS, -1, None, 90, Rag.RED),
    ("not started and past its date is red", Status.NOT_STARTED, -30, None, 0, Rag.RED),
    ("due today is not yet overdue: amber", Status.IN_PROGRESS, 0, None, 0, Rag.AMBER),
    (
        "due at the end of the amber window is amber",
        Status.IN_PROGRESS,
        DUE_SOON_DAYS,
        None,
        AMBER_PROGRESS - 1,
        Rag.AMBER,
    ),
    (
        "due a day after the amber window is green",
        Status.IN_PROGRESS,
        DUE_SOON_DAYS + 1,
        None,
        0,
        Rag.GREEN,
    ),
    (
        "due soon but far enough along is green",
        Status.IN_PROGRESS,
        5,
        None,
        AMBER_PROGRESS,
        Rag.GREEN,
    ),
    (
        "due soon and just short of far enough is amber",
        Status.NOT_STARTED,
        5,
        None,
        AMBER_PROGRESS - 1,
        Rag.AMBER,
    ),
    ("submitted is green even past its date", Status.SUBMITTED, -20, None, 100, Rag.GREEN),
    ("submitted and due soon is green", Status.SUBMITTED, 3, None, 10, Rag.GREEN),
    (
        "a later revised date takes the place of a past due date",
        Status.IN_PROGRESS,
        -10,
        60,
        0,
        Rag.GREEN,
    ),
    ("a revised date in the past makes it red", Status.IN_PROGRESS, 60, -1, 0, Rag.RED),
    ("a revised date inside the window makes it amber", Status.IN_PROGRESS, 90, 10, 0, Rag.AMBER),
]


@pytest.mark.parametrize(
    ("why", "status", "due", "revised", "progress", "expected"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_rag_colours_each_case_alike_in_python_and_in_the_database(
    why, status, due, revised, progress, expected
):
    action = make(status, due, revised, progress)
    in_database = Action.objects.annotate(rag=rag_expression(TODAY)).get(pk=action.pk).rag
    assert rag_for(action, TODAY) == expected
    assert in_database == expected


def test_the_legend_explains_every_colour_once():
    colours = [rag for rag, _meaning in LEGEND]
    assert sorted(colours) == sorted(Rag)
    assert all(meaning for _rag, meaning in LEGEND)


def test_the_legend_states_the_one_due_soon_window():
    amber = dict(LEGEND)[Rag.AMBER]
    assert f"Due within {DUE_SOON_DAYS} days" in amber


# --- The forward look: at risk --------------------------------------------------------------


def at_risk_action(*, created, due, progress, status=Status.IN_PROGRESS, revised=None):
    return make(status, due, revised, progress, created=created)


AT_RISK_CASES = [
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


@pytest.mark.parametrize(
    ("case", "fields", "expected"), AT_RISK_CASES, ids=[c[0] for c in AT_RISK_CASES]
)
def test_the_at_risk_rule(case, fields, expected):
    made = at_risk_action(**fields)
    assert is_at_risk(made, TODAY) is expected
    in_database = Action.objects.filter(at_risk_condition(TODAY), pk=made.pk).exists()
    assert in_database is expected


def test_the_database_counts_what_python_decides_for_a_mixed_set():
    made = [at_risk_action(**fields) for _, fields, _ in AT_RISK_CASES]
    counted = Action.objects.aggregate(n=Count("pk", filter=at_risk_condition(TODAY)))["n"]
    assert counted == sum(is_at_risk(a, TODAY) for a in made) == 6


def test_the_force_report_explains_the_rule_with_the_numbers_above(client, force_manager, cambs):
    InspectionFactory(force=cambs)
    client.force_login(force_manager)

    page = client.get(reverse("reports:force", args=[cambs.slug])).text

    assert "due within 14 days and less than 75% complete" in page
    assert "more than 25 points behind" in page
