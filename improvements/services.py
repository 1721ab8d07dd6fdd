"""Everything that changes an action: one function per change, each in one transaction,
each writing its timeline entry, each refusing to overwrite someone else's edit.

Views, the admin, the API and management commands call these; none of them change an
action's fields directly. Adding actions to a finding and reassigning them (the force's
plan) live in `improvements.plan_services`, adding and withdrawing evidence in
`improvements.evidence_services`; both are re-exported here, so this stays the one way in.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from improvements import events, workflow
from improvements.deadlines import long_date
from improvements.evidence_services import add_evidence, withdraw_evidence
from improvements.models import Action, ActionUpdate, Priority, Status, UpdateKind
from improvements.plan_services import check_new_action, create_action, reassign_action
from improvements.versioning import EditConflict
from improvements.versioning import lock as _lock
from improvements.versioning import refusal as _refusal
from improvements.versioning import save as _save
from improvements.workflow import WorkflowError

if TYPE_CHECKING:
    from accounts.models import User


def _progress_before_submission(action: Action) -> int:
    """The force's own figure before it put the action forward (submitting sets 100%),
    capped: a returned or withdrawn action is not complete."""
    reported = (
        action.updates.filter(progress__isnull=False)
        .exclude(to_status=Status.SUBMITTED)
        .values_list("progress", flat=True)
        .first()
    )
    return min(reported or 0, workflow.PROGRESS_AFTER_RETURN_CEILING)


def _on_entering(action: Action, transition: str, by: User, reason: str = "") -> list[str]:
    """What else a status change sets; returns the fields it changed."""
    now = timezone.now()
    if transition == "submit":
        # Put forward as complete: the force says it is all done.
        action.submitted_at, action.progress = now, 100
        return ["submitted_at", "progress"]
    if transition == "verify":
        # Closed: a new due date still waiting to be agreed lapses (the timeline keeps it).
        action.verified_at, action.verified_by = now, by
        return ["verified_at", "verified_by", *_clear_proposal(action)]
    if transition == "cancel":
        return _clear_proposal(action)
    if transition in ("return", "withdraw"):
        # Back with the force: no longer submitted, and not complete after all. Returned
        # shows as such (with the inspector's reason) until a force lead acts on it.
        action.submitted_at = None
        action.progress = _progress_before_submission(action)
        if transition == "return":
            action.returned_at, action.returned_reason = now, reason
            return ["submitted_at", "progress", *RETURNED_FIELDS]
        return ["submitted_at", "progress"]
    return []


#: Status changes with a timeline kind of their own (the rest are STATUS_CHANGE).
TRANSITION_KINDS = {
    "return": UpdateKind.RETURNED,
    "withdraw": UpdateKind.SUBMISSION_WITHDRAWN,
}

#: Set together when an inspector returns an action; cleared when a force lead acts.
RETURNED_FIELDS = ["returned_at", "returned_reason"]


def _acted_on_return(action: Action, by: User) -> list[str]:
    """A force lead acting on a returned action ends its "returned" flag."""
    if not action.is_returned or not workflow.RULES["edit"].allowed(by, action):
        return []
    action.returned_at, action.returned_reason = None, ""
    return RETURNED_FIELDS


def _decline_waiting_proposal(action: Action, by: User, why: str) -> None:
    """Closing an action declines a new due date still waiting, on the timeline."""
    if action.has_proposed_due_date:
        ActionUpdate.objects.create(
            action=action,
            author=by,
            kind=UpdateKind.DUE_DATE_DECLINED,
            note=f"Declined the proposed due date of {long_date(action.proposed_due_date)}: "
            f"the action was {why}.",
        )


def change_details(
    action: Action,
    *,
    by: User,
    version: int | None,
    title: str,
    description: str,
    owner: User | None,
    priority: str,
) -> Action:
    """Inspectors set an action's title, description, owner and priority (in the admin);
    the timeline says what changed, and open forms elsewhere see the new version."""
    if not by.is_inspector:
        raise workflow.NotAllowed("Only an inspector may change an action's details.")
    with transaction.atomic():
        current = _lock(action, version)
        if owner is not None and not (
            owner.is_force_lead and owner.force_id == current.finding.inspection.force_id
        ):
            raise WorkflowError("The owner must be a force lead in the finding's force.")
        previous_owner = current.owner
        changes = []
        for field, new in (
            ("title", title),
            ("description", description),
            ("owner", owner),
            ("priority", priority),
        ):
            old = getattr(current, field)
            if old != new:
                label = Action._meta.get_field(field).verbose_name.capitalize()
                if field == "owner":
                    shown = str(new) if new else "nobody"
                elif field == "priority":
                    shown = Priority(new).label
                else:
                    shown = "changed"
                changes.append((field, new, f"{label}: {shown}"))
        if not changes:
            return current
        for field, new, _ in changes:
            setattr(current, field, new)
        _save(current, [field for field, _, _ in changes])
        owner_changed = any(field == "owner" for field, _, _ in changes)
        entry = ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.DETAILS_CHANGED,
            note="Details changed. " + "; ".join(text for _, _, text in changes) + ".",
            from_owner=previous_owner if owner_changed else None,
            to_owner=owner if owner_changed else None,
        )
        if owner_changed:  # notifications (issue 10)
            events.publish(
                events.ActionEvent(
                    events.EventName.OWNER_CHANGED,
                    current,
                    entry,
                    by,
                    previous_owner=previous_owner,
                )
            )
    return current


def post_update(
    action: Action,
    *,
    by: User,
    version: int | None,
    note: str = "",
    progress: int | None = None,
    transition: str | None = None,
) -> Action:
    """Post a timeline entry: a note, a progress figure and/or a status change.

    A status change needing a reason takes the note as its reason.
    """
    note = note.strip()
    if not note and progress is None and not transition:
        raise WorkflowError("Write a note, change the progress or choose a new status.")
    if progress is not None and not 0 <= progress <= 100:
        raise WorkflowError("Progress must be a whole number from 0 to 100.")
    # A note only adds to the timeline and overwrites nothing, so it never conflicts;
    # a change of status or progress does, when someone else changed the action first.
    changes_fields = progress is not None or bool(transition)
    with transaction.atomic():
        current = _lock(action, version if changes_fields else None)
        # Progress is the force's own figure: only those who may edit the action set it.
        if (progress is not None or not transition) and not workflow.can_edit(by, current):
            raise _refusal(by, current)
        fields: list[str] = []
        from_status = to_status = ""
        kind = UpdateKind.PROGRESS if progress is not None else UpdateKind.NOTE
        if progress is not None:
            current.progress = progress
            fields.append("progress")
        if transition:
            change = workflow.get_transition(transition)
            workflow.check(
                change,
                current,
                by,
                reason=note,
                evidence_count=current.evidence.current().count() if change.needs_evidence else 0,
            )
            if change.name in ("verify", "cancel"):
                _decline_waiting_proposal(current, by, change.target.label.lower())
            from_status, to_status = current.status, change.target
            kind = TRANSITION_KINDS.get(change.name, UpdateKind.STATUS_CHANGE)
            current.status = change.target
            fields.append("status")
            fields += _on_entering(current, change.name, by, note)
        fields += _acted_on_return(current, by)
        if fields:
            _save(current, list(dict.fromkeys(fields)))
        else:
            Action.objects.filter(pk=current.pk).update(updated_at=timezone.now())
        entry = ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=kind,
            note=note,
            from_status=from_status,
            to_status=to_status,
            # What the action's progress now is, when this entry changed it.
            progress=current.progress if "progress" in fields else None,
        )
        if transition in _TRANSITION_EVENTS:  # notifications (issue 10)
            events.publish(
                events.ActionEvent(_TRANSITION_EVENTS[transition], current, entry, by, note)
            )
    return current


#: Status changes the owner is told about (notifications, issue 10).
_TRANSITION_EVENTS = {"return": events.EventName.RETURNED, "verify": events.EventName.VERIFIED}


def change_status(
    action: Action, transition: str, *, by: User, version: int | None, reason: str = ""
) -> Action:
    return post_update(action, by=by, version=version, note=reason, transition=transition)


def withdraw_submission(action: Action, *, by: User, reason: str, version: int | None) -> Action:
    """A force lead takes a submission back before it is verified, with the reason: the
    action is in progress again, at the progress it had before."""
    return post_update(action, by=by, version=version, note=reason, transition="withdraw")


#: The fields of a proposed due date, set together and cleared together.
PROPOSAL_FIELDS = ["proposed_due_date", "proposed_due_reason", "proposed_by", "proposed_at"]


def _clear_proposal(action: Action) -> list[str]:
    action.proposed_due_date, action.proposed_due_reason = None, ""
    action.proposed_by, action.proposed_at = None, None
    return PROPOSAL_FIELDS


def propose_due_date(
    action: Action,
    *,
    by: User,
    version: int | None,
    proposed_due_date: datetime.date,
    reason: str,
) -> Action:
    """A force lead proposes a new due date, with the reason, for an inspector to agree.

    It replaces any proposal still waiting; the original and any agreed revised due date
    stay as they are until an inspector agrees it."""
    reason = reason.strip()
    with transaction.atomic():
        current = _lock(action, version)
        workflow.check_who("propose_due_date", by, current)
        if not workflow.can_edit(by, current):
            raise _refusal(by, current)
        if not reason:
            raise WorkflowError("Give a reason for the new due date.", field="reason")
        if proposed_due_date < timezone.localdate():
            raise WorkflowError("The new due date must be today or in the future.", field="date")
        if proposed_due_date == current.effective_due_date:
            raise WorkflowError("The new due date is the same as the current one.", field="date")
        current.proposed_due_date = proposed_due_date
        current.proposed_due_reason = reason
        current.proposed_by = by
        current.proposed_at = timezone.now()
        _save(current, PROPOSAL_FIELDS + _acted_on_return(current, by))
        ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.DUE_DATE_PROPOSED,
            note=f"Proposed a new due date of {long_date(proposed_due_date)}: {reason}",
            revised_due_date=proposed_due_date,
        )
    return current


def _check_decision(change: str, by: User, action: Action) -> None:
    workflow.check_who(change, by, action)
    if not action.has_proposed_due_date:
        raise WorkflowError("No new due date is waiting to be agreed.")
    if not workflow.can_decide_due_date(by, action):
        raise WorkflowError(
            f"The action is {action.get_status_display().lower()}: "
            "its due date can no longer be changed."
        )


def agree_due_date(action: Action, *, by: User, version: int | None) -> Action:
    """An inspector agrees the proposed due date: it becomes the revised due date, with
    its reason and who agreed it when; the original due date stays."""
    with transaction.atomic():
        current = _lock(action, version)
        _check_decision("agree_due_date", by, current)
        agreed = current.proposed_due_date
        current.revised_due_date = agreed
        current.revised_due_reason = current.proposed_due_reason
        current.revised_due_agreed_by = by
        current.revised_due_agreed_at = timezone.now()
        fields = ["revised_due_date", "revised_due_reason"]
        fields += ["revised_due_agreed_by", "revised_due_agreed_at"]
        _save(current, fields + _clear_proposal(current))
        entry = ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.DUE_DATE_AGREED,
            note=f"Agreed the new due date of {long_date(agreed)}.",
            revised_due_date=agreed,
        )
        events.publish(  # notifications (issue 10)
            events.ActionEvent(events.EventName.DUE_DATE_AGREED, current, entry, by)
        )
    return current


def decline_due_date(action: Action, *, by: User, version: int | None, reason: str) -> Action:
    """An inspector declines the proposed due date, with a reason: the due date stays as
    it was, and the proposal stays on the timeline."""
    reason = reason.strip()
    with transaction.atomic():
        current = _lock(action, version)
        _check_decision("decline_due_date", by, current)
        if not reason:
            raise WorkflowError("Give a reason for declining the new due date.", field="reason")
        declined = current.proposed_due_date
        _save(current, _clear_proposal(current))
        entry = ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.DUE_DATE_DECLINED,
            note=f"Declined the proposed due date of {long_date(declined)}: {reason}",
        )
        events.publish(  # notifications (issue 10)
            events.ActionEvent(events.EventName.DUE_DATE_DECLINED, current, entry, by, reason)
        )
    return current


__all__ = [
    "EditConflict",
    "add_evidence",
    "agree_due_date",
    "change_details",
    "change_status",
    "check_new_action",
    "create_action",
    "decline_due_date",
    "post_update",
    "propose_due_date",
    "reassign_action",
    "withdraw_evidence",
    "withdraw_submission",
]
