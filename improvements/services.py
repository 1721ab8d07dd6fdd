"""Everything that changes an action: one function per change, each in one transaction,
each writing its timeline entry, each refusing to overwrite someone else's edit.

Views, the admin, the API and management commands call these; none of them change an
action's fields directly.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from improvements import events, workflow
from improvements.evidence import check_link, check_upload
from improvements.models import Action, ActionUpdate, Evidence, Priority, UpdateKind
from improvements.workflow import WorkflowError

if TYPE_CHECKING:
    from accounts.models import User
    from inspections.models import Finding


class EditConflict(WorkflowError):
    """Someone else changed the action since the user loaded it."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this action while you were editing it. "
            "Nothing was saved: check their changes below, then make yours again."
        )


def _lock(action: Action, expected_version: int | None) -> Action:
    """Re-read the action under a row lock and refuse if it changed since `expected_version`."""
    current = (
        # of=("self",): lock the action's row only, not its finding and inspection.
        Action.objects.select_for_update(of=("self",))
        .select_related("finding__inspection")
        .get(pk=action.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    return current


def _save(action: Action, fields: list[str]) -> None:
    """Save `fields` and bump the version, only if nobody else bumped it first."""
    action.updated_at = timezone.now()
    values = {name: getattr(action, name) for name in fields}
    changed = Action.objects.filter(pk=action.pk, version=action.version).update(
        **values, updated_at=action.updated_at, version=F("version") + 1
    )
    if changed != 1:
        raise EditConflict()
    action.version += 1
    if {"due_date", "revised_due_date"} & set(fields):
        # The database works out the effective due date: read back what it stored.
        action.refresh_from_db(fields=["effective_due_date"])


def _on_entering(action: Action, transition: str, by: User) -> list[str]:
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
    if transition == "return":
        # Back with the force: no longer submitted, and not complete after all.
        action.submitted_at = None
        return ["submitted_at"]
    return []


def create_action(
    *,
    finding: Finding,
    by: User,
    title: str,
    due_date: datetime.date,
    owner: User | None = None,
    description: str = "",
    priority: str = Priority.MEDIUM,
) -> Action:
    from inspections.models import Finding as FindingModel

    if finding.kind == FindingModel.Kind.COMMENDED_PRACTICE:
        raise WorkflowError("Commended practice needs no action.")
    if owner is not None and not (
        owner.is_force_lead and owner.force_id == finding.inspection.force_id
    ):
        raise WorkflowError("The owner must be a force lead in the finding's force.")
    with transaction.atomic():
        action = Action.objects.create(
            finding=finding,
            title=title,
            description=description,
            owner=owner,
            priority=priority,
            due_date=due_date,
            created_by=by,
        )
        entry = ActionUpdate.objects.create(
            action=action, author=by, kind=UpdateKind.CREATED, note="Action created."
        )
        if owner is not None:  # notifications: tell the owner (issue 10)
            events.publish(events.ActionEvent(events.EventName.OWNER_CHANGED, action, entry, by))
    return action


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
        previous_owner = current.owner
        for field, new, _ in changes:
            setattr(current, field, new)
        _save(current, [field for field, _, _ in changes])
        entry = ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.DETAILS_CHANGED,
            note="Details changed. " + "; ".join(text for _, _, text in changes) + ".",
        )
        if any(field == "owner" for field, _, _ in changes):  # notifications (issue 10)
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
                evidence_count=current.evidence.count() if change.needs_evidence else 0,
            )
            from_status, to_status = current.status, change.target
            kind = UpdateKind.RETURNED if change.name == "return" else UpdateKind.STATUS_CHANGE
            current.status = change.target
            fields.append("status")
            fields += _on_entering(current, change.name, by)
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


#: The fields of a proposed due date, set together and cleared together.
PROPOSAL_FIELDS = ["proposed_due_date", "proposed_due_reason", "proposed_by", "proposed_at"]


def _clear_proposal(action: Action) -> list[str]:
    action.proposed_due_date, action.proposed_due_reason = None, ""
    action.proposed_by, action.proposed_at = None, None
    return PROPOSAL_FIELDS


def _long_date(date: datetime.date) -> str:
    return date_format(date, "j F Y")


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
        _save(current, PROPOSAL_FIELDS)
        ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.DUE_DATE_PROPOSED,
            note=f"Proposed a new due date of {_long_date(proposed_due_date)}: {reason}",
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
            note=f"Agreed the new due date of {_long_date(agreed)}.",
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
            note=f"Declined the proposed due date of {_long_date(declined)}: {reason}",
        )
        events.publish(  # notifications (issue 10)
            events.ActionEvent(events.EventName.DUE_DATE_DECLINED, current, entry, by, reason)
        )
    return current


def add_evidence(
    action: Action,
    *,
    by: User,
    description: str,
    upload: UploadedFile | None = None,
    url: str = "",
) -> Evidence:
    """Attach a file (checked by size and content) or a link to an open action.

    Evidence never conflicts with another edit: it only adds to the action. The file is
    checked (and hashed) here, once, before the action is locked.
    """
    workflow.check_who("edit", by, action)
    description = description.strip()
    if not description:
        raise WorkflowError("Describe what the evidence shows.", field="description")
    if upload and url:
        raise WorkflowError("Add either a file or a link, not both.", field="url")
    if not upload and not url:
        raise WorkflowError("Choose a file or enter a link.", field="file")
    checked = None
    try:
        if url:
            check_link(url)
        else:
            checked = check_upload(upload)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages), field="url" if url else "file") from None
    evidence = Evidence(description=description, url=url, added_by=by)
    try:
        with transaction.atomic():
            current = _lock(action, None)
            if not workflow.can_edit(by, current):
                raise _refusal(by, current)
            evidence.action = current
            if checked is not None:
                evidence.original_name = checked.original_name
                evidence.content_type = checked.content_type
                evidence.size = checked.size
                evidence.sha256 = checked.sha256
                evidence.file.save(checked.original_name, upload, save=False)
            evidence.save()
            # The timeline shows the evidence itself; this entry lets digests, reports and
            # the API ask for additions by kind, like every other change.
            ActionUpdate.objects.create(
                action=current,
                author=by,
                created_at=evidence.added_at,
                kind=UpdateKind.EVIDENCE_ADDED,
                note=f"Evidence added: {description}",
            )
            Action.objects.filter(pk=current.pk).update(updated_at=timezone.now())
    except BaseException:
        # Nothing half-saved: a stored file whose row did not commit is removed.
        if evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def _refusal(user: User, action: Action) -> WorkflowError:
    """Why `user` may not edit `action`: not theirs to edit (NotAllowed), or closed."""
    if not workflow.RULES["edit"].allowed(user, action):
        return workflow.NotAllowed(workflow.RULES["edit"].refusal)
    return WorkflowError(
        f"The action is {action.get_status_display().lower()}: it can no longer be changed."
    )
