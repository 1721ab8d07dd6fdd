"""The force writes its plan: adding an action to an open finding, and naming another
owner for it. Re-exported by `improvements.services`, the one way in."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from improvements import events, workflow
from improvements.deadlines import long_date
from improvements.models import Action, ActionUpdate, Priority, UpdateKind
from improvements.versioning import lock as _lock
from improvements.versioning import save as _save
from improvements.workflow import WorkflowError

if TYPE_CHECKING:
    from accounts.models import User
    from inspections.models import Finding


def check_new_action(
    finding: Finding,
    *,
    by: User,
    title: str,
    due_date: datetime.date,
    owner: User | None = None,
    priority: str = Priority.MEDIUM,
    reason_for_later_date: str = "",
    as_of: datetime.date | None = None,
) -> None:
    """Raise WorkflowError (NotAllowed when `by` may never add one) unless such an action
    may be added to `finding` now. `create_action` asks this; a form (the admin's) can ask
    it first, to show the refusal beside the field it names."""
    workflow.check_add_action(by, finding)
    if not title.strip():
        raise WorkflowError("Enter a title for the action.", field="title")
    if owner is not None and not workflow.is_possible_owner(owner, finding):
        raise WorkflowError("The owner must be a force lead in the finding's force.", field="owner")
    if due_date < (as_of or timezone.localdate()):
        raise WorkflowError("The due date must be today or in the future.", field="due_date")
    deadline = _deadline(finding)
    if deadline and due_date > deadline and not reason_for_later_date.strip():
        raise WorkflowError(
            f"The due date is after the recommendation\u2019s deadline of "
            f"{long_date(deadline)}: give the reason for the later date.",
            field="reason_for_later_date",
        )
    if priority not in Priority.values:
        raise WorkflowError("Choose a priority.", field="priority")


def _deadline(finding: Finding) -> datetime.date | None:
    """A recommendation's own deadline holds its actions' due dates (not an AFI's)."""
    return finding.deadline if finding.kind == finding.Kind.RECOMMENDATION else None


def create_action(
    finding: Finding,
    *,
    by: User,
    title: str,
    due_date: datetime.date,
    description: str = "",
    owner: User | None = None,
    priority: str = Priority.MEDIUM,
    reason_for_later_date: str = "",
    as_of: datetime.date | None = None,
) -> Action:
    """Add an action to an open finding: a force lead of its force writes the plan (an
    inspector may too, in the admin). The due date is not before today (`as_of` lets a
    loader recreate an earlier day) and, for a recommendation, no later than its own
    deadline unless `reason_for_later_date` says why. The timeline records who created it
    and for whom."""
    title, reason_for_later_date = title.strip(), reason_for_later_date.strip()
    check_new_action(
        finding,
        by=by,
        title=title,
        due_date=due_date,
        owner=owner,
        priority=priority,
        reason_for_later_date=reason_for_later_date,
        as_of=as_of,
    )
    deadline = _deadline(finding)
    note = "Action created."
    if deadline and due_date > deadline:
        note += (
            f" Due after the recommendation’s deadline of {long_date(deadline)}: "
            f"{reason_for_later_date}"
        )
    with transaction.atomic():
        action = Action.objects.create(
            finding=finding,
            title=title,
            description=description.strip(),
            owner=owner,
            priority=priority,
            due_date=due_date,
            created_by=by,
        )
        entry = ActionUpdate.objects.create(
            action=action, author=by, kind=UpdateKind.CREATED, note=note, to_owner=owner
        )
        if owner is not None:  # notifications: tell the owner (issue 10)
            events.publish(events.ActionEvent(events.EventName.OWNER_CHANGED, action, entry, by))
    return action


def reassign_action(action: Action, *, by: User, owner: User | None, version: int | None) -> Action:
    """A force lead names another owner (a force lead of the same force) for an action not
    yet closed; the timeline says from whom to whom (`from_owner`, `to_owner`)."""
    with transaction.atomic():
        current = _lock(action, version)
        workflow.check_who("reassign", by, current)
        if not workflow.can_reassign(by, current):
            raise WorkflowError(
                f"The action is {current.get_status_display().lower()}: "
                "it can no longer be reassigned."
            )
        if not workflow.is_possible_owner(owner, current.finding):
            raise WorkflowError(
                "The owner must be a force lead in the finding's force.", field="owner"
            )
        if owner.pk == current.owner_id:
            raise WorkflowError(f"{owner} already owns this action.", field="owner")
        previous = current.owner
        current.owner = owner
        _save(current, ["owner"])
        entry = ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.REASSIGNED,
            note=f"Reassigned from {previous or 'nobody'} to {owner}.",
            from_owner=previous,
            to_owner=owner,
        )
        # notifications (issue 10): the new owner is told, and the one it was taken from.
        events.publish(
            events.ActionEvent(
                events.EventName.OWNER_CHANGED, current, entry, by, previous_owner=previous
            )
        )
    return current
