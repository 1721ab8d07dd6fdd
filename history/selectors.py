"""Reading the change record (django-auditlog's entries) for the History pages.

An inspection's history is its own entries and those of its judgments, findings, their
actions and the actions' evidence; a finding's is its own, its actions' and their
evidence's. Each is one query for the page of entries (and one to count them), whatever
the number of records, using the indexed `object_id` of each entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from improvements.models import Action, Evidence
from inspections.models import Finding, Inspection, Judgment
from peel.change_record import CHANNEL_LABELS

#: Fields whose change says nothing to a reader (bookkeeping), left out of the rows.
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at"}


def _of(model: type[models.Model], ids: Q | QuerySet | int) -> Q:
    """Entries of `model` whose object is `ids` (one id, or a subquery of ids)."""
    meta = model._meta
    where = Q(content_type__app_label=meta.app_label, content_type__model=meta.model_name)
    if isinstance(ids, int):
        return where & Q(object_id=ids)
    return where & Q(object_id__in=ids)


def _deleted_children(model: type[models.Model], parent: str, pk: int) -> Q:
    """Every entry of the records of `model` that were deleted from `parent` = pk: the
    record is gone, but its deletion entry names its parent (peel.change_record)."""
    meta = model._meta
    where = Q(content_type__app_label=meta.app_label, content_type__model=meta.model_name)
    deleted = LogEntry.objects.filter(
        where, action=LogEntry.Action.DELETE, **{f"additional_data__{parent}": pk}
    ).values("object_id")
    return where & Q(object_id__in=deleted)


def _entries(where: Q) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(where)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def finding_entries(finding: Finding) -> QuerySet[LogEntry]:
    actions = Action.objects.filter(finding=finding).values("pk")
    return _entries(
        _of(Finding, finding.pk)
        | _of(Action, actions)
        | _of(Evidence, Evidence.objects.filter(action__finding=finding).values("pk"))
    )


def inspection_entries(inspection: Inspection) -> QuerySet[LogEntry]:
    findings = Finding.objects.filter(inspection=inspection).values("pk")
    return _entries(
        _of(Inspection, inspection.pk)
        | _of(Judgment, Judgment.objects.filter(inspection=inspection).values("pk"))
        | _deleted_children(Judgment, "inspection", inspection.pk)
        | _of(Finding, findings)
        | _deleted_children(Finding, "inspection", inspection.pk)
        | _of(Action, Action.objects.filter(finding__in=findings).values("pk"))
        | _of(Evidence, Evidence.objects.filter(action__finding__in=findings).values("pk"))
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """One entry of the change record, as the History table shows it: what was changed,
    by whom, when, through what, and each field before and after."""

    when: datetime.datetime
    who: str
    channel: str
    request_id: str
    record: str
    verb: str
    fields: list[FieldChange]

    @property
    def row_count(self) -> int:
        return max(len(self.fields), 1)


VERBS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
}


def changes(entries: list[LogEntry]) -> list[Change]:
    """Each entry with the fields it changed (a creation: the fields it set; a deletion:
    none, the record is gone)."""
    result = []
    for entry in entries:
        model = entry.content_type.model_class()
        fields = []
        if entry.action != LogEntry.Action.DELETE:
            for name, (before, after) in (entry.changes_dict or {}).items():
                if name in HIDDEN_FIELDS or not _is_stored(model, name):
                    continue
                change = FieldChange(
                    _field_label(model, name),
                    _value(model, name, before),
                    _value(model, name, after),
                )
                if entry.action == LogEntry.Action.CREATE and not change.after:
                    continue
                fields.append(change)
        result.append(
            Change(
                when=entry.timestamp,
                who=str(entry.actor) if entry.actor else (entry.actor_email or "System"),
                channel=CHANNEL_LABELS.get(
                    (entry.additional_data or {}).get("channel"), "Not known"
                ),
                request_id=entry.cid or "",
                record=f"{_label(model)}: {entry.object_repr}",
                verb=VERBS.get(entry.action, "Changed"),
                fields=fields,
            )
        )
    return result


def _is_stored(model: type[models.Model] | None, name: str) -> bool:
    """A field of the record itself (a creation also lists related records: skipped)."""
    try:
        return bool(model._meta.get_field(name).concrete)
    except (FieldDoesNotExist, AttributeError):
        return True


def _label(model: type[models.Model] | None) -> str:
    return str(model._meta.verbose_name).capitalize() if model else "Record"


def _field_label(model: type[models.Model] | None, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except (FieldDoesNotExist, AttributeError):
        return name.replace("_", " ").capitalize()


def _value(model: type[models.Model] | None, name: str, raw: object) -> str:
    """A stored value as a reader expects it: choices by label, dates in words."""
    if raw is None or raw in ("None", ""):
        return ""
    text = str(raw)
    try:
        field = model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        return text
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        return "Yes" if text == "True" else "No"
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=datetime.UTC)
        return date_format(timezone.localtime(moment), "j F Y, H:i")
    if isinstance(field, models.DateField):
        try:
            return date_format(datetime.date.fromisoformat(text), "j F Y")
        except ValueError:
            return text
    return text


def can_see_history(user) -> bool:
    """Inspectors read the change record (docs/decisions.md: who sees the History pages).
    Others see the domain's own records: an action's timeline, a finding's status."""
    return user.is_authenticated and user.is_inspector
