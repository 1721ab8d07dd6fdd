"""A small, known data set for the report tests, built relative to a given day.

Cambridgeshire, PEEL 2018/19 (published), five findings and eight actions:

    A1 not started  due +60  progress 0   created -10   (AFI 1)
    A2 in progress  due -5   progress 40  created -106  (AFI 1)   overdue by 5 days
    A3 in progress  due +10  progress 50  created -45   (AFI 2)   at risk: due within 14 days
    A4 on hold      due +100 progress 10  created -100  (cause)   at risk: behind the pace
    A5 submitted    due -20  progress 100 created -156  (cause)
    A6 verified     due -30  progress 100 created -360  (recommendation)
    A7 cancelled    due +5   progress 0   created -66   (recommendation)
    A8 in progress  due -40, revised +20, progress 80, created -40 (recommendation)

plus commended practice (no action) and a closed AFI (four findings still open);
Cambridgeshire PEEL 2021/22 (published) with one overdue action B1 (due -1);
Cambridgeshire PEEL 2023-25 in draft with one action D1 (only inspectors see it);
Lancashire PEEL 2018/19 with L1 (overdue by 3 days) and L2 (verified).
Cambridgeshire's 2018/19 most similar group: Lancashire and Warwickshire (not inspected).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from improvements.models import Action, ActionUpdate, Status
from inspections.models import (
    Cycle,
    Finding,
    FindingKind,
    Force,
    Inspection,
    Judgment,
    MostSimilarGroup,
)
from tests.factories import ActionFactory, FindingFactory, InspectionFactory, JudgmentFactory

#: A fixed day for the tests that call the selectors directly.
TODAY = datetime.date(2025, 6, 15)


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@dataclass
class Known:
    today: datetime.date
    cambs_2018: Inspection
    cambs_2021: Inspection
    cambs_draft: Inspection
    lancs_2018: Inspection
    actions: dict[str, Action]


def make_action(finding, owner, today, *, created, status=Status.IN_PROGRESS, **fields):
    days = {k: today + datetime.timedelta(days=v) for k, v in fields.pop("days").items()}
    extra = {}
    if status in (Status.SUBMITTED, Status.VERIFIED):
        extra["submitted_at"] = at_noon(today - datetime.timedelta(days=30))
    if status == Status.VERIFIED:
        extra["verified_at"] = at_noon(today - datetime.timedelta(days=10))
        extra["verified_by"] = fields.pop("verified_by")
    if days.get("revised_due_date"):
        extra["revised_due_reason"] = "Agreed with the board."
    action = ActionFactory(finding=finding, owner=owner, status=status, **days, **extra, **fields)
    Action.objects.filter(pk=action.pk).update(
        created_at=at_noon(today + datetime.timedelta(days=created))
    )
    action.refresh_from_db()
    return action


def build_known(today, *, cambs, lancs, owner, colleague, outsider, inspector) -> Known:
    cycle_2018 = Cycle.objects.get(slug="peel-2018-19")
    questions = list(cycle_2018.questions.order_by("order"))
    pillar = cycle_2018.pillars.order_by("order").first()

    cambs_2018 = InspectionFactory(force=cambs, cycle=cycle_2018)
    Judgment.objects.create(inspection=cambs_2018, pillar=pillar, grade="good")
    Judgment.objects.create(inspection=cambs_2018, question=questions[0], grade="good")
    Judgment.objects.create(
        inspection=cambs_2018,
        question=questions[1],
        grade="requires_improvement",
        inspected=False,
        last_inspected="2017",
    )
    afi1 = FindingFactory(inspection=cambs_2018, question=questions[0], order=1)
    afi2 = FindingFactory(inspection=cambs_2018, question=questions[0], order=2)
    cause = FindingFactory(
        inspection=cambs_2018, kind=FindingKind.CAUSE_OF_CONCERN, question=questions[1], order=3
    )
    rec = FindingFactory(
        inspection=cambs_2018,
        kind=FindingKind.RECOMMENDATION,
        question=questions[1],
        cause_of_concern=cause,
        order=4,
    )
    FindingFactory(
        inspection=cambs_2018, kind=FindingKind.COMMENDED_PRACTICE, question=None, order=5
    )
    FindingFactory(
        inspection=cambs_2018,
        order=6,
        status=Finding.Status.CLOSED,
        status_changed_at=at_noon(today),
        status_reason="Addressed, found on revisit.",
    )
    a = {}
    a["A1"] = make_action(afi1, owner, today, created=-10, status=Status.NOT_STARTED,
                          days={"due_date": 60}, progress=0)  # fmt: skip
    a["A2"] = make_action(afi1, owner, today, created=-106, days={"due_date": -5}, progress=40)
    a["A3"] = make_action(afi2, colleague, today, created=-45, days={"due_date": 10}, progress=50)
    a["A4"] = make_action(cause, owner, today, created=-100, status=Status.ON_HOLD,
                          days={"due_date": 100}, progress=10)  # fmt: skip
    a["A5"] = make_action(cause, owner, today, created=-156, status=Status.SUBMITTED,
                          days={"due_date": -20}, progress=100)  # fmt: skip
    a["A6"] = make_action(rec, owner, today, created=-360, status=Status.VERIFIED,
                          days={"due_date": -30}, progress=100, verified_by=inspector)  # fmt: skip
    a["A7"] = make_action(rec, None, today, created=-66, status=Status.CANCELLED,
                          days={"due_date": 5}, progress=0)  # fmt: skip
    a["A8"] = make_action(rec, owner, today, created=-40,
                          days={"due_date": -40, "revised_due_date": 20}, progress=80)  # fmt: skip

    cambs_2021 = InspectionFactory(
        force=cambs, cycle=Cycle.objects.get(slug="peel-2021-22"), published_on=today
    )
    later = FindingFactory(inspection=cambs_2021, question=cambs_2021.cycle.questions.first())
    a["B1"] = make_action(later, colleague, today, created=-25, status=Status.NOT_STARTED,
                          days={"due_date": -1}, progress=0)  # fmt: skip

    cambs_draft = InspectionFactory(
        force=cambs,
        cycle=Cycle.objects.get(slug="peel-2023-25"),
        status=Inspection.Status.DRAFT,
        published_on=None,
    )
    draft_finding = FindingFactory(
        inspection=cambs_draft, question=cambs_draft.cycle.questions.first()
    )
    a["D1"] = make_action(draft_finding, owner, today, created=-14, days={"due_date": -2},
                          progress=0)  # fmt: skip

    lancs_2018 = InspectionFactory(force=lancs, cycle=cycle_2018)
    Judgment.objects.create(inspection=lancs_2018, question=questions[0], grade="inadequate")
    lancs_finding = FindingFactory(inspection=lancs_2018, question=questions[0])
    a["L1"] = make_action(lancs_finding, outsider, today, created=-50, days={"due_date": -3},
                          progress=20)  # fmt: skip
    a["L2"] = make_action(lancs_finding, outsider, today, created=-200, status=Status.VERIFIED,
                          days={"due_date": -60}, progress=100, verified_by=inspector)  # fmt: skip

    group = MostSimilarGroup.objects.create(force=cambs, year="2018/19")
    group.members.set([lancs, Force.objects.get(slug="warwickshire")])
    return Known(today, cambs_2018, cambs_2021, cambs_draft, lancs_2018, a)


def add_history(known: Known, inspector) -> None:
    """Status history for progress over time (TODAY = 15 June 2025)."""
    a = known.actions

    def move(action, day, from_status, to_status, author):
        ActionUpdate.objects.create(
            action=action,
            author=author,
            created_at=at_noon(day),
            kind="returned"
            if (from_status, to_status) == ("submitted", "in_progress")
            else "status_change",
            from_status=from_status,
            to_status=to_status,
        )

    owner = a["A6"].owner
    move(a["A6"], datetime.date(2025, 1, 15), "in_progress", "submitted", owner)
    move(a["A6"], datetime.date(2025, 1, 20), "submitted", "in_progress", inspector)
    move(a["A6"], datetime.date(2025, 2, 10), "in_progress", "submitted", owner)
    move(a["A6"], datetime.date(2025, 3, 5), "submitted", "verified", inspector)
    move(a["A5"], datetime.date(2025, 5, 20), "in_progress", "submitted", owner)
    move(a["L2"], datetime.date(2025, 5, 21), "in_progress", "submitted", a["L2"].owner)
    move(a["D1"], datetime.date(2025, 6, 1), "not_started", "in_progress", owner)


@pytest.fixture
def known(cambs, lancs, owner, colleague, outsider, inspector) -> Known:
    """The known data set, built around the fixed TODAY (for selector tests)."""
    data = build_known(
        TODAY,
        cambs=cambs,
        lancs=lancs,
        owner=owner,
        colleague=colleague,
        outsider=outsider,
        inspector=inspector,
    )
    add_history(data, inspector)
    return data


@pytest.fixture
def known_now(cambs, lancs, owner, colleague, outsider, inspector, today) -> Known:
    """The same data set around the real today (for page and export tests)."""
    return build_known(
        today,
        cambs=cambs,
        lancs=lancs,
        owner=owner,
        colleague=colleague,
        outsider=outsider,
        inspector=inspector,
    )


def grow(known, lancs, owner, extra):
    """Add `extra` more of everything: inspections, judgments, findings and actions."""
    forces = list(Force.objects.exclude(slug__in=["cambridgeshire", "lancashire"])[:extra])
    cycle = Cycle.objects.get(slug="peel-2018-19")
    for force in forces:
        inspection = InspectionFactory(force=force, cycle=cycle)
        JudgmentFactory(inspection=inspection)
        for _ in range(extra):
            finding = FindingFactory(inspection=inspection)
            ActionFactory.create_batch(extra, finding=finding)
    for _ in range(extra):
        finding = FindingFactory(inspection=known.cambs_2018)
        ActionFactory.create_batch(extra, finding=finding, owner=owner)


# Every signed-in page starts with (1) the session and (2) the user, and ends with the
# session saved on every request: a savepoint, the UPDATE and its release (3 queries).
SESSION = 2
SAVE_SESSION = 3
