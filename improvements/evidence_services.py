"""Adding evidence to an action, and withdrawing a piece added by mistake (marked, never
deleted). Re-exported by `improvements.services`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from improvements import workflow
from improvements.evidence import check_link, check_upload
from improvements.models import Action, ActionUpdate, Evidence, UpdateKind
from improvements.versioning import lock, refusal
from improvements.workflow import WorkflowError

if TYPE_CHECKING:
    from accounts.models import User


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
            current = lock(action, None)
            if not workflow.can_edit(by, current):
                raise refusal(by, current)
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
            changes = {"updated_at": timezone.now()}
            if current.is_returned:  # the force acting on a returned action
                changes |= {"returned_at": None, "returned_reason": ""}
            Action.objects.filter(pk=current.pk).update(**changes)
    except BaseException:
        # Nothing half-saved: a stored file whose row did not commit is removed.
        if evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def withdraw_evidence(evidence: Evidence, *, by: User, reason: str) -> Evidence:
    """A force lead withdraws evidence added by mistake, with the reason, while the action
    is open: it is marked withdrawn (who, when, why), its file is kept and still
    downloadable by those who may see the action, and it no longer counts towards
    submission. Like adding evidence, it changes no field of the action: no version."""
    reason = reason.strip()
    workflow.check_who("withdraw_evidence", by, evidence.action)
    with transaction.atomic():
        current = lock(evidence.action, None)
        if not workflow.can_edit(by, current):
            raise refusal(by, current)
        item = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if item.is_withdrawn:
            raise WorkflowError("This evidence has already been withdrawn.")
        if not reason:
            raise WorkflowError("Give the reason for withdrawing the evidence.", field="reason")
        item.withdrawn_at, item.withdrawn_by, item.withdrawn_reason = timezone.now(), by, reason
        item.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        Action.objects.filter(pk=current.pk).update(updated_at=timezone.now())
        ActionUpdate.objects.create(
            action=current,
            author=by,
            kind=UpdateKind.EVIDENCE_WITHDRAWN,
            note=f"Withdrew the evidence \u201c{item.description}\u201d: {reason}",
        )
    return item
