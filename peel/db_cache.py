"""The shared cache in the database (settings.CACHES), one statement to store a value."""

from __future__ import annotations

import base64
import datetime
import pickle
import secrets

from django.core.cache.backends import db
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connections, router
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, storing a value in one statement.

    Django's `set` counts the table, reads the row, then updates or inserts it: three
    queries for every page kept (peel/page_cache.py) and every request limit counted.
    Here it is one upsert (PostgreSQL and SQLite both have `ON CONFLICT`), and the table
    is counted and culled on one set in `CULL_EVERY`. (`add` and `incr`, which the
    sign-in limits use, stay Django's own.)

    Culling drops what expires soonest, and never a value kept without a timeout: Django's
    drops the keys first in alphabetical order, which here would be the kept pages' data
    version (and empty the page cache each time it is culled)."""

    CULL_EVERY = 50

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table = quote(self._table)
        if timeout is None:
            expires = datetime.datetime.max.replace(tzinfo=datetime.UTC)
        else:
            expires = datetime.datetime.fromtimestamp(timeout, tz=datetime.UTC)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        with connection.cursor() as cursor:
            if secrets.randbelow(self.CULL_EVERY) == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (a table name)
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    now = timezone.now().replace(microsecond=0)
                    self._cull(connection.alias, cursor, now, count)
            key_, value_, expires_ = quote("cache_key"), quote("value"), quote("expires")
            cursor.execute(
                f"INSERT INTO {table} ({key_}, {value_}, {expires_}) VALUES (%s, %s, %s) "  # noqa: S608
                f"ON CONFLICT ({key_}) DO UPDATE SET {value_} = EXCLUDED.{value_}, "
                f"{expires_} = EXCLUDED.{expires_}",
                [key, stored, expires],
            )

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        key, expires = connection.ops.quote_name("cache_key"), connection.ops.quote_name("expires")
        cursor.execute(
            f"DELETE FROM {table} WHERE {expires} < %s",  # noqa: S608 (a table name)
            [connection.ops.adapt_datetimefield_value(now)],
        )
        remaining = num - cursor.rowcount
        if remaining <= self._max_entries:
            return
        if not self._cull_frequency:  # CULL_FREQUENCY 0: empty it, as Django does
            self.clear()
            return
        forever = datetime.datetime.max.replace(tzinfo=datetime.UTC, microsecond=0)
        cursor.execute(
            f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} "  # noqa: S608
            f"WHERE {expires} < %s ORDER BY {expires} LIMIT %s)",
            [
                connection.ops.adapt_datetimefield_value(forever),
                remaining // self._cull_frequency,
            ],
        )
