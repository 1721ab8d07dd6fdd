"""What happened to an action, handed by the services to whoever listens, inside the
service's transaction.

A service that changes an action calls `publish(ActionEvent(...))` right after writing the
timeline entry, inside its `transaction.atomic()` block. Each subscriber runs there and
then, in the same transaction: the notifications app (a higher layer, which this module
must not import) subscribes in its `AppConfig.ready()` and writes its outbox rows, so a
mail exists exactly when the change committed, and is sent after the commit
(`transaction.on_commit`). A subscriber that fails rolls the change back with it.

This is a plain, explicit list of functions, not Django signals: a service publishes only
the events listed in `EventName`, and a reader of a service sees the call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User
    from improvements.models import Action, ActionUpdate


class EventName(StrEnum):
    #: The action has a new owner (on creation or a change of owner); `previous_owner`
    #: is who had it before (None when nobody did).
    OWNER_CHANGED = "owner_changed"
    #: An inspector returned it to the force; `reason` says why.
    RETURNED = "returned"
    #: An inspector verified it.
    VERIFIED = "verified"
    #: An inspector agreed the proposed due date.
    DUE_DATE_AGREED = "due_date_agreed"
    #: An inspector declined the proposed due date; `reason` says why.
    DUE_DATE_DECLINED = "due_date_declined"


@dataclass(frozen=True)
class ActionEvent:
    name: EventName
    action: Action
    entry: ActionUpdate  # the timeline entry the change wrote
    by: User
    reason: str = ""
    previous_owner: User | None = None


Subscriber = Callable[[ActionEvent], None]

_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    """Add a subscriber (once; subscribing the same function again does nothing)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def publish(event: ActionEvent) -> None:
    """Hand `event` to every subscriber, in the caller's transaction."""
    for subscriber in list(_subscribers):
        subscriber(event)
