"""Saving an action without overwriting someone else's edit: a row lock, a version
compare-and-set, and the words for a refusal. The services use these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from improvements import workflow
from improvements.models import Action
from improvements.workflow import WorkflowError
from peel.change_record import record_update

if TYPE_CHECKING:
    from accounts.models import User


class EditConflict(WorkflowError):
    """Someone else changed the action since the user loaded it."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this action while you were editing it. "
            "Nothing was saved: check their changes below, then make yours again."
        )


def lock(action: Action, expected_version: int | None) -> Action:
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


def save(action: Action, fields: list[str]) -> None:
    """Save `fields` and bump the version, only if nobody else bumped it first."""
    action.updated_at = timezone.now()
    values = {name: getattr(action, name) for name in fields}
    # What the change replaces, for the change record (an update() sends no signal).
    before = Action.objects.get(pk=action.pk)
    changed = Action.objects.filter(pk=action.pk, version=action.version).update(
        **values, updated_at=action.updated_at, version=F("version") + 1
    )
    if changed != 1:
        raise EditConflict()
    action.version += 1
    if {"due_date", "revised_due_date"} & set(fields):
        # The database works out the effective due date: read back what it stored.
        action.refresh_from_db(fields=["effective_due_date"])
    record_update(before, action, fields)


def refusal(user: User, action: Action) -> WorkflowError:
    """Why `user` may not edit `action`: not theirs to edit (NotAllowed), or closed."""
    if not workflow.RULES["edit"].allowed(user, action):
        return workflow.NotAllowed(workflow.RULES["edit"].refusal)
    return WorkflowError(
        f"The action is {action.get_status_display().lower()}: it can no longer be changed."
    )
