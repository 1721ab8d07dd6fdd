"""The change record: who changed what (before and after), when, and through what.

django-auditlog writes one entry per create, update or delete of the models listed in
`settings.AUDITLOG_INCLUDE_TRACKING_MODELS` (inspections, judgments, findings, actions,
evidence, users), with the signed-in user as the actor and the request ID as its
correlation ID (`cid`). This module adds what auditlog does not know:

- the channel (page, admin, importer, command, api) and the records an entry belongs to,
  in each entry's `additional_data` (`RecordsChanges`, mixed into each recorded model);
- writes that Django sends no signal for: a `QuerySet.update()` is recorded explicitly
  with `record_update()` (the action services' compare-and-set save calls it), and the
  bulk demo generator runs `unrecorded()` on purpose (docs/decisions.md);
- who, when the user is known only after the middleware ran: an API token is checked by
  the API's authentication, which names the actor with `record_actor()`;
- the client's address as the sign-in lockout reads it (`peel.client_ip`: the trusted
  proxy's `X-Forwarded-For` entry only when one is configured), never a header any client
  could write (`ChangeRecordMiddleware`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from auditlog.context import auditlog_value, disable_auditlog
from auditlog.middleware import AuditlogMiddleware

from peel.client_ip import client_ip
from peel.request_context import current_channel

if TYPE_CHECKING:
    from auditlog.models import LogEntry
    from django.db import models

#: Writes inside this block are deliberately left out of the change record.
unrecorded = disable_auditlog


class ChangeRecordMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the client's address from `peel.client_ip`."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None


def record_actor(user) -> None:
    """Name `user` as who makes this request's changes, when authentication happens after
    the middleware (an API token). Outside a request there is nothing to name."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user


CHANNEL_LABELS = {
    "page": "Tracker page",
    "admin": "Admin",
    "importer": "Report importer",
    "command": "Command",
    "api": "API",
}


class RecordsChanges:
    """Mixed into each recorded model: the entry says through what the change came, and
    which records it belongs to (so that a History page still finds the entry of a
    record that was deleted, e.g. a judgment replaced on re-import)."""

    #: The foreign key naming the record this one belongs to (a finding's inspection).
    change_record_parent: str = ""

    def get_additional_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"channel": current_channel()}
        if self.change_record_parent:
            data[self.change_record_parent] = getattr(self, f"{self.change_record_parent}_id")
        return data


def record_update(
    before: models.Model, after: models.Model, fields: Iterable[str]
) -> LogEntry | None:
    """Record a change written with `QuerySet.update()` (which sends no signal), in the
    same form auditlog gives a `save()`: each field of `fields` that changed, before and
    after. Returns the entry, or None when nothing changed."""
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry

    changes = model_instance_diff(before, after, fields_to_check=list(fields))
    if not changes:
        return None
    return LogEntry.objects.log_create(after, action=LogEntry.Action.UPDATE, changes=changes)
