"""The action workflow: which status changes exist and who may make each.

    not started -> in progress -> (on hold) -> submitted -> verified
                                                         -> returned (back to in progress)
    any status but verified/cancelled -> cancelled

Force leads move their own force's actions along and put them forward as complete (with
evidence). Only inspectors verify, return or cancel. Managers read but do not change.
This module only decides; `improvements.services.change_status` carries a change out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from improvements.models import Action, Status

if TYPE_CHECKING:
    from accounts.models import User


class WorkflowError(Exception):
    """A change that is not allowed; the message says why, in words for the user."""


class NotAllowed(WorkflowError):
    """The user's role or force does not allow the change at all, whatever the action's
    status (a page answers 403 rather than 400)."""


def _is_force_lead_of(user: User, action: Action) -> bool:
    return (
        user.is_authenticated
        and user.is_force_lead
        and user.force_id is not None
        and user.force_id == action.finding.inspection.force_id
    )


def _is_inspector(user: User, action: Action) -> bool:
    return user.is_authenticated and user.is_inspector


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[Status, ...]
    target: Status
    allowed: Callable[[User, Action], bool]
    who: str
    needs_reason: bool = False
    needs_evidence: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start", "Start work", (Status.NOT_STARTED,), Status.IN_PROGRESS, _is_force_lead_of,
        "a force lead of the action's force",
    ),
    Transition(
        "hold", "Put on hold", (Status.NOT_STARTED, Status.IN_PROGRESS), Status.ON_HOLD,
        _is_force_lead_of, "a force lead of the action's force", needs_reason=True,
    ),
    Transition(
        "resume", "Resume work", (Status.ON_HOLD,), Status.IN_PROGRESS, _is_force_lead_of,
        "a force lead of the action's force",
    ),
    Transition(
        "submit", "Submit for verification", (Status.IN_PROGRESS,), Status.SUBMITTED,
        _is_force_lead_of, "a force lead of the action's force", needs_evidence=True,
    ),
    Transition(
        "verify", "Verify", (Status.SUBMITTED,), Status.VERIFIED, _is_inspector, "an inspector",
    ),
    Transition(
        "return", "Return to the force", (Status.SUBMITTED,), Status.IN_PROGRESS, _is_inspector,
        "an inspector", needs_reason=True,
    ),
    Transition(
        "cancel", "Cancel",
        (Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_HOLD, Status.SUBMITTED),
        Status.CANCELLED, _is_inspector, "an inspector", needs_reason=True,
    ),
)  # fmt: skip

BY_NAME = {t.name: t for t in TRANSITIONS}


def get_transition(name: str) -> Transition:
    try:
        return BY_NAME[name]
    except KeyError:
        raise WorkflowError(f"There is no status change called \u201c{name}\u201d.") from None


def check(
    transition: Transition, action: Action, user: User, *, reason: str, evidence_count: int
) -> None:
    """Raise WorkflowError, with the reason in words, unless `user` may make this change now."""
    # Who before when: someone who may never make this change is told so, not that the
    # action is in the wrong status (which would suggest they could, later).
    if not transition.allowed(user, action):
        raise NotAllowed(f"Only {transition.who} may {transition.label.lower()}.")
    current = Status(action.status)
    if current not in transition.sources:
        allowed_from = ", ".join(s.label.lower() for s in transition.sources)
        raise WorkflowError(
            f"Cannot {transition.label.lower()}: the action is {current.label.lower()}; "
            f"this change is only possible from {allowed_from}."
        )
    if transition.needs_reason and not reason.strip():
        raise WorkflowError(f"Give a reason to {transition.label.lower()}.")
    if transition.needs_evidence and evidence_count == 0:
        raise WorkflowError(
            "Add at least one piece of evidence before submitting the action for verification."
        )


def available(action: Action, user: User) -> list[Transition]:
    """The changes `user` could make to `action` now (evidence and reasons aside)."""
    return [t for t in TRANSITIONS if action.status in t.sources and t.allowed(user, action)]


def can_edit(user: User, action: Action) -> bool:
    """Post updates, add evidence, revise the due date: force leads of the action's force,
    while the action is still open."""
    return _is_force_lead_of(user, action) and action.status in (
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.ON_HOLD,
    )
