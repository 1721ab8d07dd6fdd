"""Grow the national data fourfold without touching one force: the "4x" of the 1x/4x ratio.

Every other force's findings, with their actions, timeline entries and evidence, are
copied three times into the same inspections (plain INSERT ... SELECT; copy k of a row
with id n gets n + k * the table's largest id), so the nation has four times the rows
while the measured force's pages show exactly what they showed before. Columns are read
from the models (generated columns are left to the database), so the copy follows the
schema as it changes.
"""

from __future__ import annotations

from django.db import connection

from improvements.models import Action, ActionUpdate, Evidence
from inspections.models import Finding, Inspection


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _top(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _copy(model, copy: int, shifted: dict[str, int], tops: dict, where: str, params: list) -> int:
    """INSERT copy number `copy` of `model`'s original rows matching `where`: its id, and
    each `shifted` foreign key (column: the largest original id of the table it points
    at), move up by `copy` times that table's largest original id."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model)
    quoted = [connection.ops.quote_name(c) for c in columns]
    offsets = {**shifted, "id": tops[model]}
    select = [
        f"{q} + {copy * offsets[c]}" if c in offsets else q
        for c, q in zip(columns, quoted, strict=True)
    ]
    statement = (
        f"INSERT INTO {table} ({', '.join(quoted)}) "
        f"SELECT {', '.join(select)} FROM {table} WHERE id <= {tops[model]} AND {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM "
            + connection.ops.quote_name(table)
            + "))",
            [table],
        )


def inflate(keep_force_slug: str, copies: int = 3) -> dict[str, int]:
    """Copy every force's data but `keep_force_slug`'s `copies` times; returns rows added."""
    tops = {model: _top(model) for model in (Finding, Action, ActionUpdate, Evidence)}
    inspections = Inspection._meta.db_table
    findings = Finding._meta.db_table
    actions = Action._meta.db_table
    other = (
        f"inspection_id IN (SELECT i.id FROM {inspections} i JOIN inspections_force f "
        "ON f.id = i.force_id WHERE f.slug <> %s)"
    )
    other_actions = (
        f"finding_id IN (SELECT id FROM {findings} WHERE id <= {tops[Finding]} AND {other})"
    )
    by_action = (
        f"action_id IN (SELECT id FROM {actions} WHERE id <= {tops[Action]} AND {other_actions})"
    )
    finding_keys = {"cause_of_concern_id": tops[Finding], "continues_id": tops[Finding]}
    added = {"findings": 0, "actions": 0, "updates": 0, "evidence": 0}
    for copy in range(1, copies + 1):
        params = [keep_force_slug]
        added["findings"] += _copy(Finding, copy, finding_keys, tops, other, params)
        action_keys = {"finding_id": tops[Finding]}
        added["actions"] += _copy(Action, copy, action_keys, tops, other_actions, params)
        by_action_keys = {"action_id": tops[Action]}
        added["updates"] += _copy(ActionUpdate, copy, by_action_keys, tops, by_action, params)
        added["evidence"] += _copy(Evidence, copy, by_action_keys, tops, by_action, params)
    for model in (Finding, Action, ActionUpdate, Evidence):
        _reset_sequence(model)
    return added
