"""Grow the national data fourfold without touching one force: the "4x" of the 1x/4x ratio.

Every other force's findings, with their actions, timeline entries and evidence, are
copied three times into the same inspections (plain INSERT ... SELECT, new ids at fixed
offsets), so the nation has four times the rows while the measured force's pages show
exactly what they showed before. Columns are read from the models (generated columns are
left to the database), so the copy follows the schema as it changes.
"""

from __future__ import annotations

from django.db import connection

from improvements.models import Action, ActionUpdate, Evidence
from inspections.models import Finding, Inspection

#: Copies are numbered from here up, far above any id the generator makes.
OFFSET = 10_000_000


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _copy(model, copy: int, shifted: set[str], where: str, params: list) -> int:
    """INSERT copies of `model`'s rows matching `where`, adding copy*OFFSET to the ids and
    to the `shifted` foreign keys (those that point at rows copied alongside)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model)
    quoted = [connection.ops.quote_name(c) for c in columns]
    select = [
        f"{q} + {copy * OFFSET}" if c in shifted or c == "id" else q
        for c, q in zip(columns, quoted, strict=True)
    ]
    statement = (
        f"INSERT INTO {table} ({', '.join(quoted)}) "
        f"SELECT {', '.join(select)} FROM {table} WHERE id < {OFFSET} AND {where}"
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
    inspections = Inspection._meta.db_table
    findings = Finding._meta.db_table
    actions = Action._meta.db_table
    other = (
        f"inspection_id IN (SELECT i.id FROM {inspections} i JOIN inspections_force f "
        "ON f.id = i.force_id WHERE f.slug <> %s)"
    )
    other_actions = f"finding_id IN (SELECT id FROM {findings} WHERE id < {OFFSET} AND {other})"
    by_action = f"action_id IN (SELECT id FROM {actions} WHERE id < {OFFSET} AND {other_actions})"
    added = {"findings": 0, "actions": 0, "updates": 0, "evidence": 0}
    for copy in range(1, copies + 1):
        added["findings"] += _copy(
            Finding, copy, {"cause_of_concern_id", "continues_id"}, other, [keep_force_slug]
        )
        added["actions"] += _copy(Action, copy, {"finding_id"}, other_actions, [keep_force_slug])
        added["updates"] += _copy(ActionUpdate, copy, {"action_id"}, by_action, [keep_force_slug])
        added["evidence"] += _copy(Evidence, copy, {"action_id"}, by_action, [keep_force_slug])
    for model in (Finding, Action, ActionUpdate, Evidence):
        _reset_sequence(model)
    return added
