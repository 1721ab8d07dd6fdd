"""The weekly digests hold exactly the right items: a force manager's their own force's
(overdue with owners and days, due in 30 days, submitted, the week's changes, PCC
responses due), nothing from another force or a draft inspection; the inspectors' the
verification queue and the due dates waiting. Once a week, on the first run of the week."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from improvements.models import ActionUpdate, Status, UpdateKind
from inspections.models import FindingKind, Inspection
from tests.factories import ActionFactory, FindingFactory, InspectionFactory
from tests.notifications.conftest import DAY, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_data(finding, owner, colleague, lancs_action, inspector, cycle_2023):
    """Cambridgeshire: one overdue (owner), one due in 10 days (colleague), one due in 40
    days, one submitted, one verified; one on a draft inspection (overdue). Lancashire: one
    overdue (the `lancs_action`, made overdue here)."""
    made = {
        "overdue": ActionFactory(
            finding=finding, owner=owner, title="Overdue one", due_date=DAY - days(12)
        ),
        "due soon": ActionFactory(
            finding=finding, owner=colleague, title="Due soon one", due_date=DAY + days(10)
        ),
        "later": ActionFactory(
            finding=finding, owner=owner, title="Later", due_date=DAY + days(40)
        ),
        "submitted": ActionFactory(
            finding=finding,
            owner=owner,
            title="Submitted one",
            due_date=DAY + days(3),
            status=Status.SUBMITTED,
            submitted_at=timezone.now(),
        ),
        "verified": ActionFactory(
            finding=finding,
            owner=owner,
            title="Verified one",
            due_date=DAY - days(3),
            status=Status.VERIFIED,
            submitted_at=timezone.now(),
            verified_at=timezone.now(),
            verified_by=inspector,
        ),
    }
    draft = InspectionFactory(
        force=finding.inspection.force,
        status=Inspection.Status.DRAFT,
        cycle=cycle_2023,
        published_on=None,
    )
    ActionFactory(
        finding=FindingFactory(inspection=draft),
        owner=owner,
        title="Draft one",
        due_date=DAY - days(5),
    )
    lancs_action.due_date = DAY - days(2)
    lancs_action.save()
    return made


@pytest.fixture
def cycle_2023(reference_data):
    from inspections.models import Cycle

    return Cycle.objects.get(slug="peel-2023-25")


def digest_for(user):
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    return message.body


def test_the_force_digest_holds_exactly_its_forces_items(
    known_data, force_manager, outsider_manager, owner, colleague, run
):
    # a status change this week, and one from before the week
    entry = ActionUpdate.objects.create(
        action=known_data["submitted"],
        author=owner,
        from_status=Status.IN_PROGRESS,
        to_status=Status.SUBMITTED,
        kind=UpdateKind.STATUS_CHANGE,
    )
    entry.created_at = timezone.make_aware(
        datetime.datetime.combine(DAY - days(2), datetime.time(10))
    )
    entry.save()
    old = ActionUpdate.objects.create(
        action=known_data["verified"],
        author=owner,
        from_status=Status.SUBMITTED,
        to_status=Status.VERIFIED,
        kind=UpdateKind.STATUS_CHANGE,
    )
    # a plain note this week is not a change worth listing
    ActionUpdate.objects.create(
        action=known_data["overdue"],
        author=owner,
        note="Still going.",
        kind=UpdateKind.NOTE,
        created_at=entry.created_at,
    )
    old.created_at = timezone.make_aware(
        datetime.datetime.combine(DAY - days(9), datetime.time(10))
    )
    old.save()

    run(DAY)
    body = digest_for(force_manager)
    sections = body.split("\n\n")
    overdue = next(s for s in sections if s.startswith("Overdue ("))
    assert overdue.splitlines()[0] == "Overdue (1)"
    assert f"- Overdue one: {owner}, 12 days overdue" in overdue
    due_soon = next(s for s in sections if s.startswith("Due in the next 30 days ("))
    assert due_soon.splitlines()[0] == "Due in the next 30 days (1)"
    assert f"- Due soon one: {colleague}, due 14 March 2026" in due_soon
    submitted = next(s for s in sections if s.startswith("Submitted, awaiting"))
    assert submitted.splitlines()[0] == "Submitted, awaiting verification (1)"
    changed = next(s for s in sections if s.startswith("Changed since last week ("))
    assert changed.splitlines()[0] == "Changed since last week (1)"
    assert (
        f"Submitted one: status changed, in progress to submitted for verification, by {owner}"
        in changed
    )
    for absent in ("Later", "Verified one", "Draft one", "Demo", lancs_action_title()):
        assert absent not in body

    lancs = digest_for(outsider_manager)
    assert "Overdue (1)" in lancs
    assert "Overdue one" not in lancs


def lancs_action_title():
    from improvements.models import Action

    return Action.objects.get(finding__inspection__force__slug="lancashire").title


def test_a_force_digest_goes_once_a_week_on_the_first_run_of_the_week(
    known_data, force_manager, run
):
    def digests(day):
        return [s for s in run(day) if s.startswith("Your weekly summary")]

    assert digests(DAY) == [
        "Your weekly summary: Cambridgeshire Constabulary, week of 4 March 2026"
    ]
    assert digests(DAY + days(1)) == []  # Thursday: same week
    assert digests(DAY + days(4)) == []  # Sunday
    # Monday's run was skipped: Tuesday sends the new week's digest
    assert digests(DAY + days(6)) == [
        "Your weekly summary: Cambridgeshire Constabulary, week of 10 March 2026"
    ]


def test_a_force_with_nothing_to_report_gets_no_digest(force_manager, run):
    run(DAY)
    assert [m for m in mail.outbox if m.to == [force_manager.email]] == []


def test_the_inspector_digest_lists_the_queue_and_due_dates_waiting(
    known_data, inspector, owner, run
):
    waiting = known_data["due soon"]
    waiting.proposed_due_date = DAY + days(60)
    waiting.proposed_due_reason, waiting.proposed_by = "Trainer ill.", owner
    waiting.proposed_at = timezone.now()
    waiting.save()
    run(DAY)
    body = digest_for(inspector)
    assert "Submitted, waiting to be verified (1)" in body
    assert "- Submitted one (Cambridgeshire Constabulary): submitted" in body
    assert "New due dates waiting for a decision (1)" in body
    assert (
        "- Due soon one (Cambridgeshire Constabulary): proposed 3 May 2026, from 14 March 2026"
        in body
    )
    assert "Overdue one" not in body


def test_the_force_digest_lists_pcc_responses_due(force_manager, cambs, run):
    inspection = InspectionFactory(
        force=cambs,
        exact_publication_date=DAY - days(20),
        published_on=datetime.date(2026, 2, 1),
    )
    FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION, text="Recommend X.")
    run(DAY)
    body = digest_for(force_manager)
    assert "PCC responses due (1)" in body
    assert "- Recommend X. (PEEL 2018/19" in body
    # published 12 February 2026 (day 1): day 56 is 8 April 2026
    assert "due, deadline 8 April 2026" in body
