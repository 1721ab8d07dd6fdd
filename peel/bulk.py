"""After a bulk load: gather the planner's statistics (PostgreSQL) so the first pages are fast.

A freshly loaded or restored PostgreSQL database has no statistics until autovacuum gets to
it; until then its plans are guesses. Every bulk loader (the demo data generator, the
report importer) ends with `analyze_after_bulk_load()`. On SQLite it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model


def analyze_after_bulk_load(models: Iterable[type[Model]] = (), using: str = "default") -> bool:
    """ANALYZE `models`' tables (every table when none are named) on PostgreSQL; True when
    it ran. `ANALYZE_AFTER_BULK_LOAD = False` (env `PEEL_ANALYZE_AFTER_LOAD=0`) turns it
    off, for the benchmark that measures a fresh load without statistics."""
    connection = connections[using]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    if connection.vendor != "postgresql" or not settings.ANALYZE_AFTER_BULK_LOAD:
        return False
    if connection.in_atomic_block:
        # Once the loader's transaction has committed, so the statistics see its rows.
        transaction.on_commit(lambda: _analyze(connection, tables), using=using)
        return True
    _analyze(connection, tables)
    return True


def _analyze(connection, tables: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))
