"""Writing the outbox: each mail is drafted, then written as a `Notification` row unless
that very mail (recipient, kind, subject, period) was written before, or the recipient
has turned its kind off, cannot receive it (their role), or has no address.

`write` runs inside the caller's transaction: the services' (for a change to an action)
or the daily run's. Rows are rendered when written (subject, plain text and HTML), so the
in-app list shows exactly what was sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.urls import reverse

from notifications.kinds import Kind, kinds_for
from notifications.models import MailPreference, Notification
from notifications.unsubscribe import absolute, unsubscribe_url

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class Draft:
    """A mail before it is written: to whom, of which kind, about what, for which period,
    and what it says (a template under templates/notifications/email/ and its context)."""

    recipient: User
    kind: Kind
    subject_key: str
    period: str
    subject: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    link: str = ""

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.recipient.pk, str(self.kind), self.subject_key, self.period)


def _turned_off(drafts: list[Draft]) -> set[tuple[int, str]]:
    """(user id, kind) pairs turned off, for the drafts' recipients. One query."""
    users = {draft.recipient.pk for draft in drafts}
    return set(
        MailPreference.objects.filter(user_id__in=users, enabled=False).values_list(
            "user_id", "kind"
        )
    )


def _already_written(drafts: list[Draft]) -> set[tuple[int, str, str, str]]:
    """Keys of the drafts that were written before. One query."""
    rows = Notification.objects.filter(
        kind__in={str(d.kind) for d in drafts}, period__in={d.period for d in drafts}
    ).values_list("recipient_id", "kind", "subject_key", "period")
    return set(rows)


def may_receive(draft: Draft, turned_off: set[tuple[int, str]]) -> bool:
    user = draft.recipient
    return (
        user.is_active
        and bool(user.email)
        and draft.kind in kinds_for(user)
        and (user.pk, str(draft.kind)) not in turned_off
    )


def render(draft: Draft, as_of: datetime.date) -> Notification:
    context = {
        **draft.context,
        "recipient": draft.recipient,
        "subject": draft.subject,
        "link": draft.link,
        "as_of": as_of,
        "kind_label": draft.kind.label,
        "unsubscribe_url": unsubscribe_url(draft.recipient.pk, draft.kind),
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    name = f"notifications/email/{draft.template}"
    return Notification(
        recipient=draft.recipient,
        kind=draft.kind,
        subject_key=draft.subject_key,
        period=draft.period,
        email=draft.recipient.email,
        subject=draft.subject[:200],
        body_text=render_to_string(f"{name}.txt", context),
        body_html=render_to_string(f"{name}.html", context),
        link=draft.link,
        as_of=as_of,
    )


def select(drafts: Iterable[Draft]) -> list[Draft]:
    """The drafts to write: one per key, only to those who may receive them, and none
    written before. Two queries whatever the number of drafts."""
    unique = list({draft.key: draft for draft in drafts}.values())
    if not unique:
        return []
    turned_off = _turned_off(unique)
    written = _already_written(unique)
    return [d for d in unique if d.key not in written and may_receive(d, turned_off)]


def write(drafts: Iterable[Draft], as_of: datetime.date) -> list[Notification]:
    """Write the rows for `drafts` (see `select`) in the caller's transaction.

    Two servers writing the same mail at once: the unique key keeps one row and the other
    insert is ignored (`ignore_conflicts`), so neither fails and the mail exists once.
    Returns the rendered rows (their ids are not read back: the sender finds unsent rows).
    """
    rows = [render(draft, as_of) for draft in select(drafts)]
    if rows:
        Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return rows


def write_one(draft: Draft, as_of: datetime.date) -> Notification | None:
    """Write one event's mail (its period is the timeline entry, so it is new) and return
    the saved row, with its id, for sending after commit."""
    chosen = select([draft])
    if not chosen:
        return None
    row = render(chosen[0], as_of)
    row.save()
    return row
