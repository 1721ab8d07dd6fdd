"""The force writes its own plan: adding actions to a finding, reassigning them, taking a
submission or a piece of evidence back, and what a return or a closed action leaves behind.
Every change is made through `improvements.services`, as the pages and the API make it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from improvements import services
from improvements.models import Action, ActionUpdate, Evidence, Status
from improvements.services import EditConflict
from improvements.workflow import NotAllowed, WorkflowError
from inspections.models import FindingKind, FindingStatus
from tests.factories import FindingFactory, LinkEvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def days(today, n):
    return today + datetime.timedelta(days=n)


def create(finding, by, today, **kwargs):
    values = {"title": "Train supervisors", "due_date": days(today, 30), "owner": None}
    values.update(kwargs)
    return services.create_action(finding, by=by, **values)


def submitted(action, owner, progress=60):
    """Put `action` forward the real way: start, report progress, evidence, submit."""
    action = services.post_update(
        action, by=owner, version=action.version, transition="start", progress=progress
    )
    LinkEvidenceFactory(action=action, added_by=owner)
    return services.change_status(action, "submit", by=owner, version=action.version)


# --- adding actions -------------------------------------------------------------------


def test_a_force_lead_adds_an_action_to_an_open_finding_of_their_force(
    finding, owner, colleague, today
):
    action = create(finding, owner, today, owner=colleague, description="Two cohorts")

    assert action.created_by == owner
    assert action.owner == colleague
    assert action.status == Status.NOT_STARTED
    entry = action.updates.get()
    assert entry.author == owner
    assert entry.note == "Action created."
    assert entry.kind == ActionUpdate.Kind.CREATED
    assert entry.to_owner == colleague  # the assignment, as data for notifications
    assert entry.from_owner is None


def test_an_inspector_may_still_add_an_action(finding, inspector, owner, today):
    assert create(finding, inspector, today, owner=owner).created_by == inspector


@pytest.mark.parametrize("who", ["outsider", "force_manager", "national_manager"])
def test_nobody_else_may_add_an_action(cast, finding, today, who):
    with pytest.raises(NotAllowed, match=r"Only a force lead of the finding's force"):
        create(finding, cast[who], today)
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "status", [FindingStatus.ADDRESSED, FindingStatus.SUPERSEDED, FindingStatus.CLOSED]
)
def test_a_finding_no_longer_open_takes_no_new_action(finding, owner, today, status):
    finding.status, finding.status_reason = status, "Found addressed on revisit."
    finding.status_changed_at = finding.inspection.created_at
    finding.save()
    with pytest.raises(WorkflowError, match=r"actions can only be added to an open finding"):
        create(finding, owner, today)


def test_commended_practice_takes_no_action(inspection, owner, today):
    practice = FindingFactory(inspection=inspection, kind=FindingKind.COMMENDED_PRACTICE)
    with pytest.raises(WorkflowError, match=r"Commended practice needs no action"):
        create(practice, owner, today)


def test_the_due_date_is_today_or_later(finding, owner, today):
    with pytest.raises(WorkflowError, match=r"today or in the future") as refused:
        create(finding, owner, today, due_date=days(today, -1))
    assert refused.value.field == "due_date"
    assert create(finding, owner, today, due_date=today).due_date == today


def test_a_date_after_a_recommendations_deadline_needs_a_reason(inspection, owner, today):
    recommendation = FindingFactory(
        inspection=inspection, kind=FindingKind.RECOMMENDATION, deadline=days(today, 60)
    )
    with pytest.raises(WorkflowError, match=r"after the recommendation’s deadline") as refused:
        create(recommendation, owner, today, due_date=days(today, 90))
    assert refused.value.field == "reason_for_later_date"
    assert not Action.objects.exists()

    action = create(
        recommendation,
        owner,
        today,
        due_date=days(today, 90),
        reason_for_later_date="The new system goes live in the autumn.",
    )
    assert "The new system goes live in the autumn." in action.updates.get().note
    assert create(recommendation, owner, today, due_date=days(today, 60)).pk


def test_an_area_for_improvements_deadline_does_not_hold_the_date(inspection, owner, today):
    afi = FindingFactory(inspection=inspection, deadline=days(today, 10))
    assert create(afi, owner, today, due_date=days(today, 90)).pk


@pytest.mark.parametrize("who", ["outsider", "force_manager", "inactive_lead"])
def test_the_owner_is_an_active_force_lead_of_the_force(cast, cambs, finding, owner, today, who):
    cast["inactive_lead"] = UserFactory(role=Role.FORCE_LEAD, force=cambs, is_active=False)
    with pytest.raises(WorkflowError, match=r"must be a force lead in the finding's force"):
        create(finding, owner, today, owner=cast[who])


def test_a_title_is_needed(finding, owner, today):
    with pytest.raises(WorkflowError, match=r"Enter a title"):
        create(finding, owner, today, title="   ")


# --- reassigning --------------------------------------------------------------------------


def test_a_lead_reassigns_an_action_and_the_timeline_says_from_whom_to_whom(
    action, owner, colleague
):
    updated = services.reassign_action(action, by=owner, owner=colleague, version=action.version)

    assert updated.owner == colleague
    assert updated.version == action.version + 1
    entry = updated.updates.get()
    assert entry.note == f"Reassigned from {owner} to {colleague}."
    assert entry.kind == ActionUpdate.Kind.REASSIGNED
    assert entry.from_owner == owner
    assert entry.to_owner == colleague


@pytest.mark.parametrize("who", ["outsider", "force_manager", "inspector", "national_manager"])
def test_only_a_lead_of_the_force_reassigns(cast, action, colleague, who):
    with pytest.raises(NotAllowed, match=r"may reassign it"):
        services.reassign_action(action, by=cast[who], owner=colleague, version=action.version)
    action.refresh_from_db()
    assert action.owner.username == "owner"


def test_a_reassignment_on_a_stale_page_changes_nothing(action, owner, colleague):
    services.post_update(action, by=owner, version=action.version, progress=10)
    with pytest.raises(EditConflict):
        services.reassign_action(action, by=owner, owner=colleague, version=action.version)
    action.refresh_from_db()
    assert action.owner == owner


def test_the_new_owner_must_be_a_lead_of_the_force_and_someone_new(action, owner, outsider):
    with pytest.raises(WorkflowError, match=r"must be a force lead"):
        services.reassign_action(action, by=owner, owner=outsider, version=action.version)
    with pytest.raises(WorkflowError, match=r"already owns"):
        services.reassign_action(action, by=owner, owner=owner, version=action.version)


def test_a_closed_action_is_not_reassigned(action, owner, colleague):
    Action.objects.filter(pk=action.pk).update(status=Status.CANCELLED)
    action.refresh_from_db()
    with pytest.raises(WorkflowError, match=r"can no longer be reassigned"):
        services.reassign_action(action, by=owner, owner=colleague, version=action.version)


def test_an_inspector_changing_the_owner_in_the_admin_records_both_owners(
    action, inspector, owner, colleague
):
    updated = services.change_details(
        action,
        by=inspector,
        version=None,
        title=action.title,
        description=action.description,
        owner=colleague,
        priority=action.priority,
    )
    entry = updated.updates.get()
    assert (entry.from_owner, entry.to_owner) == (owner, colleague)


# --- withdrawing a submission ---------------------------------------------------------


def test_a_lead_withdraws_a_submission_back_to_in_progress(action, owner, colleague):
    action = submitted(action, owner, progress=60)
    assert action.progress == 100

    updated = services.withdraw_submission(
        action, by=colleague, reason="The audit is not finished.", version=action.version
    )

    assert updated.status == Status.IN_PROGRESS
    assert updated.submitted_at is None
    assert updated.progress == 60  # what the force reported before submitting
    entry = updated.updates.first()
    assert (entry.from_status, entry.to_status) == (Status.SUBMITTED, Status.IN_PROGRESS)
    assert entry.note == "The audit is not finished."
    assert entry.kind == ActionUpdate.Kind.SUBMISSION_WITHDRAWN


def test_withdrawing_needs_a_reason_and_a_submission(action, owner):
    with pytest.raises(WorkflowError, match=r"only possible from submitted"):
        services.withdraw_submission(action, by=owner, reason="Oops", version=action.version)
    action = submitted(action, owner)
    with pytest.raises(WorkflowError, match=r"Give a reason"):
        services.withdraw_submission(action, by=owner, reason=" ", version=action.version)


@pytest.mark.parametrize("who", ["outsider", "force_manager", "inspector"])
def test_only_a_lead_of_the_force_withdraws_a_submission(cast, action, owner, who):
    action = submitted(action, owner)
    with pytest.raises(NotAllowed, match=r"Only a force lead of the action's force may withdraw"):
        services.withdraw_submission(action, by=cast[who], reason="No", version=action.version)


def test_a_verified_action_cannot_be_withdrawn(action, owner, inspector):
    action = submitted(action, owner)
    action = services.change_status(action, "verify", by=inspector, version=action.version)
    with pytest.raises(WorkflowError, match=r"the action is verified"):
        services.withdraw_submission(action, by=owner, reason="Late", version=action.version)


# --- withdrawing evidence -------------------------------------------------------------


def test_withdrawn_evidence_is_kept_marked_and_no_longer_counts(action, owner, colleague):
    evidence = services.add_evidence(
        action,
        by=owner,
        description="The wrong minutes",
        upload=SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    action = services.post_update(action, by=owner, version=action.version, transition="start")

    withdrawn = services.withdraw_evidence(evidence, by=colleague, reason="Another meeting's.")

    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.withdrawn_by == colleague
    assert stored.withdrawn_reason == "Another meeting's."
    assert stored.withdrawn_at == withdrawn.withdrawn_at
    assert stored.file.storage.exists(stored.file.name)  # the file is kept
    entry = action.updates.first()
    assert entry.kind == ActionUpdate.Kind.EVIDENCE_WITHDRAWN
    assert entry.note == "Withdrew the evidence \u201cThe wrong minutes\u201d: Another meeting's."
    with pytest.raises(WorkflowError, match=r"Add at least one piece of evidence"):
        services.change_status(action, "submit", by=owner, version=action.version)


def test_evidence_is_withdrawn_once_with_a_reason(action, owner):
    evidence = LinkEvidenceFactory(action=action)
    with pytest.raises(WorkflowError, match=r"Give the reason"):
        services.withdraw_evidence(evidence, by=owner, reason="")
    services.withdraw_evidence(evidence, by=owner, reason="Duplicate")
    with pytest.raises(WorkflowError, match=r"already been withdrawn"):
        services.withdraw_evidence(evidence, by=owner, reason="Again")


@pytest.mark.parametrize("who", ["outsider", "force_manager", "inspector", "national_manager"])
def test_only_a_lead_of_the_force_withdraws_evidence(cast, action, who):
    evidence = LinkEvidenceFactory(action=action)
    with pytest.raises(NotAllowed, match=r"may withdraw its evidence"):
        services.withdraw_evidence(evidence, by=cast[who], reason="No")
    assert Evidence.objects.get(pk=evidence.pk).withdrawn_at is None


def test_evidence_of_a_submitted_action_stays_until_the_submission_is_withdrawn(action, owner):
    action = submitted(action, owner)
    with pytest.raises(WorkflowError, match=r"submitted for verification: it can no longer"):
        services.withdraw_evidence(action.evidence.get(), by=owner, reason="Wrong file")


# --- returned actions -----------------------------------------------------------------


def test_a_returned_action_is_flagged_with_the_reason_until_a_lead_acts(
    action, owner, colleague, inspector
):
    action = submitted(action, owner, progress=100)
    action = services.change_status(
        action, "return", by=inspector, version=action.version, reason="The minutes are missing."
    )
    assert action.is_returned
    assert action.returned_reason == "The minutes are missing."
    assert action.progress == 90  # no longer complete, whatever was reported before

    services.post_update(action, by=colleague, version=None, note="Minutes found.")
    action.refresh_from_db()
    assert not action.is_returned
    assert action.returned_reason == ""


def test_adding_evidence_is_acting_on_a_return(action, owner, inspector):
    action = submitted(action, owner)
    action = services.change_status(
        action, "return", by=inspector, version=action.version, reason="Add the audit."
    )
    services.add_evidence(action, by=owner, description="Audit", url="https://example.org/a")
    action.refresh_from_db()
    assert not action.is_returned


# --- closing an action with a due date waiting ----------------------------------------


@pytest.mark.parametrize(("transition", "word"), [("verify", "verified"), ("cancel", "cancelled")])
def test_closing_an_action_declines_a_waiting_due_date_on_the_timeline(
    action, owner, inspector, today, transition, word
):
    action = services.propose_due_date(
        action, by=owner, version=action.version, proposed_due_date=days(today, 200), reason="Why"
    )
    if transition == "verify":
        action = submitted(action, owner)
    before = ActionUpdate.objects.filter(action=action).count()

    closed = services.change_status(
        action, transition, by=inspector, version=action.version, reason="Done with."
    )

    assert closed.proposed_due_date is None
    entries = list(closed.updates.all()[:2])
    assert len(entries) == 2
    assert ActionUpdate.objects.filter(action=action).count() == before + 2
    assert entries[1].note == (
        f"Declined the proposed due date of {days(today, 200):%-d %B %Y}: the action was {word}."
    )
    assert entries[1].author == inspector
    assert entries[1].kind == ActionUpdate.Kind.DUE_DATE_DECLINED
    assert entries[0].to_status == word
