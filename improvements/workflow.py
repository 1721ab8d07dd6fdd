"""The action workflow: which status changes exist and who may make each.

    not started -> in progress -> (on hold) -> submitted -> verified
                                                         -> returned (back to in progress)
                                                         -> withdrawn (back to in progress)
    any status but verified/cancelled -> cancelled

The force writes its own action plan: a force lead adds actions to an open finding of
their own force (inspectors still can, in the admin), names an owner among the force's
leads, and may reassign it. Force leads move their own force's actions along, put them
forward as complete (with evidence), and may withdraw a submission before it is verified
or a piece of evidence added by mistake (marked withdrawn, never deleted). Only inspectors
verify, return or cancel. Managers read but do not change.

Due dates: the original one is set when the action is created, and is never in the past;
for a recommendation it is no later than the recommendation's own deadline unless a reason
is given. A force lead may propose a new one, with a reason, while the action is open; an
inspector agrees it (it becomes the revised due date, the original stays) or declines it
with a reason. Verifying or cancelling an action declines a proposal still waiting.

This module only decides; `improvements.services` carries a change out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from improvements.models import CLOSED_STATUSES, Action, Status
from inspections.models import Finding, FindingKind, FindingStatus

if TYPE_CHECKING:
    from accounts.models import User

#: A returned or withdrawn action is not complete after all: its progress goes back to the
#: figure the force reported before submitting it, and never stays above this.
PROGRESS_AFTER_RETURN_CEILING = 90


class WorkflowError(Exception):
    """A change that is not allowed; the message says why, in words for the user.

    `field`, when given, names the input the message is about ("file", "url", "date"), so
    that a page can show it beside that field."""

    def __init__(self, message: str = "", *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


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
        "withdraw", "Withdraw the submission", (Status.SUBMITTED,), Status.IN_PROGRESS,
        _is_force_lead_of, "a force lead of the action's force", needs_reason=True,
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
    check_who(transition.name, user, action)
    current = Status(action.status)
    if current not in transition.sources:
        allowed_from = ", ".join(s.label.lower() for s in transition.sources)
        raise WorkflowError(
            f"Cannot {transition.label.lower()}: the action is {current.label.lower()}; "
            f"this change is only possible from {allowed_from}."
        )
    if transition.needs_reason and not reason.strip():
        raise WorkflowError(f"Give a reason to {transition.label.lower()}.", field="reason")
    if transition.needs_evidence and evidence_count == 0:
        raise WorkflowError(
            "Add at least one piece of evidence before submitting the action for verification."
        )


def available(action: Action, user: User) -> list[Transition]:
    """The changes `user` could make to `action` now (evidence and reasons aside)."""
    return [t for t in TRANSITIONS if action.status in t.sources and t.allowed(user, action)]


def can_edit(user: User, action: Action) -> bool:
    """Post updates, add evidence, propose a new due date: force leads of the action's
    force, while the action is still open."""
    return _is_force_lead_of(user, action) and action.status in (
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.ON_HOLD,
    )


def can_decide_due_date(user: User, action: Action) -> bool:
    """Agree or decline a proposed due date: inspectors, while one is waiting and the
    action is not closed."""
    return (
        _is_inspector(user, action)
        and action.has_proposed_due_date
        and action.status not in CLOSED_STATUSES
    )


@dataclass(frozen=True)
class Rule:
    """Who may ever make a change that is not a status change, and what to tell others."""

    allowed: Callable[[User, Action], bool]
    refusal: str


#: Changes other than status changes, by name (status changes are named after their
#: transition; see `check_who`).
RULES: dict[str, Rule] = {
    "edit": Rule(_is_force_lead_of, "Only a force lead of the action's force may change it."),
    "propose_due_date": Rule(
        _is_force_lead_of, "Only a force lead of the action's force may propose a new due date."
    ),
    "agree_due_date": Rule(_is_inspector, "Only an inspector may agree a new due date."),
    "decline_due_date": Rule(_is_inspector, "Only an inspector may decline a new due date."),
    "reassign": Rule(_is_force_lead_of, "Only a force lead of the action's force may reassign it."),
    "withdraw_evidence": Rule(
        _is_force_lead_of, "Only a force lead of the action's force may withdraw its evidence."
    ),
}


def check_who(change: str, user: User, action: Action) -> None:
    """Raise NotAllowed unless `user`'s role and force allow `change` at all, whatever the
    action's status now: `change` is a transition's name or one of `RULES`.

    Pages ask this before they look at what was posted, so that someone who may never make
    a change is told so (403) rather than shown mistakes in a form they do not have."""
    if change in BY_NAME:
        transition = BY_NAME[change]
        if not transition.allowed(user, action):
            raise NotAllowed(f"Only {transition.who} may {transition.label.lower()}.")
        return
    rule = RULES[change]
    if not rule.allowed(user, action):
        raise NotAllowed(rule.refusal)


def can_reassign(user: User, action: Action) -> bool:
    """Name another owner: force leads of the action's force, until it is closed."""
    return _is_force_lead_of(user, action) and action.status not in CLOSED_STATUSES


def is_possible_owner(user: User | None, finding: Finding) -> bool:
    """Owners are active force leads of the finding's force."""
    return (
        user is not None
        and user.is_active
        and user.is_force_lead
        and user.force_id is not None
        and user.force_id == finding.inspection.force_id
    )


# --- adding actions to a finding ---------------------------------------------------------


def may_ever_add_actions(user: User, finding: Finding) -> bool:
    """Force leads of the finding's force write its action plan; inspectors may add to
    it too (in the admin). Nobody else ever does."""
    if not user.is_authenticated:
        return False
    if user.is_inspector:
        return True
    return user.is_force_lead and user.force_id == finding.inspection.force_id


def check_add_action(user: User, finding: Finding) -> None:
    """Raise NotAllowed (never may) or WorkflowError (not now) unless `user` may add an
    action to `finding` now: an open finding that asks something of the force."""
    if not may_ever_add_actions(user, finding):
        raise NotAllowed("Only a force lead of the finding's force may add actions to it.")
    if finding.kind == FindingKind.COMMENDED_PRACTICE:
        raise WorkflowError("Commended practice needs no action.")
    if finding.status != FindingStatus.OPEN:
        raise WorkflowError(
            f"The finding is {finding.get_status_display().lower()}: "
            "actions can only be added to an open finding."
        )


def can_add_action(user: User, finding: Finding) -> bool:
    try:
        check_add_action(user, finding)
    except WorkflowError:
        return False
    return True
