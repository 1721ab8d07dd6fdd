"""The owner's mails about a change to their action: assigned, reassigned away,
returned (with the reason), verified, a new due date agreed or declined.

`on_action_event` is subscribed to `improvements.events` (see apps.py), so it runs inside
the service's transaction: the outbox row commits with the change or not at all, and is
sent after the commit (`transaction.on_commit`), by the same claiming sender as the
daily run; if sending fails then, the next daily run retries it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from improvements.deadlines import long_date
from improvements.events import ActionEvent, EventName
from improvements.models import Action
from notifications import delivery
from notifications.kinds import Kind
from notifications.outbox import Draft, write_one
from notifications.unsubscribe import absolute

if TYPE_CHECKING:
    from accounts.models import User


def action_context(action: Action, *, stored: bool = True) -> dict:
    """What every mail about one action shows. `stored=False`: the action was just changed
    by a service's UPDATE, so its stored effective due date is read again (one query)."""
    due = action.effective_due_date
    if not stored:
        due = Action.objects.values_list("effective_due_date", flat=True).get(pk=action.pk)
    return {
        "action": action,
        "finding": action.finding,
        "force": action.finding.inspection.force,
        "due_date": due,
    }


def _draft(event: ActionEvent, to: User, kind: Kind, subject: str, lines: list[str]) -> Draft:
    action = event.action
    return Draft(
        recipient=to,
        kind=kind,
        subject_key=f"action:{action.pk}",
        period=f"update:{event.entry.pk}",
        subject=subject,
        template="action",
        context={**action_context(action, stored=False), "lines": lines, "by": event.by},
        link=absolute(reverse("workspace:action_detail", args=[action.pk])),
    )


def drafts_for(event: ActionEvent) -> list[Draft]:
    action, by, owner = event.action, event.by, event.action.owner
    title = action.title
    drafts: list[Draft] = []
    if event.name == EventName.OWNER_CHANGED:
        previous = event.previous_owner
        if owner is not None and owner != by and owner != previous:
            drafts.append(
                _draft(
                    event,
                    owner,
                    Kind.ASSIGNED,
                    f"Action assigned to you: {title}",
                    [f"{by} has made you the owner of this action."],
                )
            )
        if previous is not None and previous != owner and previous != by:
            now_with = f"It is now owned by {owner}." if owner else "It has no owner for now."
            drafts.append(
                _draft(
                    event,
                    previous,
                    Kind.REASSIGNED,
                    f"Action no longer yours: {title}",
                    [f"{by} has given this action to someone else. {now_with}"],
                )
            )
        return drafts
    if owner is None or owner == by:
        return drafts
    if event.name == EventName.RETURNED:
        drafts.append(
            _draft(
                event,
                owner,
                Kind.RETURNED,
                f"Action returned: {title}",
                [f"{by} has returned this action to your force.", f"Reason: {event.reason}"],
            )
        )
    elif event.name == EventName.VERIFIED:
        drafts.append(
            _draft(
                event,
                owner,
                Kind.VERIFIED,
                f"Action verified: {title}",
                [f"{by} has verified this action as complete. Nothing more is needed."],
            )
        )
    elif event.name == EventName.DUE_DATE_AGREED:
        due = action.revised_due_date
        drafts.append(
            _draft(
                event,
                owner,
                Kind.DUE_DATE_DECISION,
                f"New due date agreed: {title}",
                [f"{by} has agreed the new due date of {long_date(due)}."],
            )
        )
    elif event.name == EventName.DUE_DATE_DECLINED:
        drafts.append(
            _draft(
                event,
                owner,
                Kind.DUE_DATE_DECISION,
                f"New due date declined: {title}",
                [
                    f"{by} has declined the proposed new due date; the due date stays as it was.",
                    f"Reason: {event.reason}",
                ],
            )
        )
    return drafts


def on_action_event(event: ActionEvent) -> None:
    rows = [row for d in drafts_for(event) if (row := write_one(d, timezone.localdate()))]
    if rows:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: delivery.deliver_pending(ids))
