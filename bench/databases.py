"""The benchmark's PostgreSQL databases: the one in DATABASE_URL and two made beside it."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peel_bench"


def main_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "The benchmark needs PostgreSQL: set DATABASE_URL to a database of its own, e.g.\n"
            f"  DATABASE_URL={DEFAULT_URL} make bench"
        )
    return url


def sibling_url(url: str, suffix: str) -> str:
    """The same server, the database named NAME_suffix."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{suffix}"))


def _admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def create(url: str, *, fresh: bool) -> None:
    """Make the database if it is missing; with `fresh`, drop it first."""
    from psycopg import sql

    name = database_name(url)
    with _admin_connection(url) as connection:
        if fresh:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(url: str) -> None:
    from psycopg import sql

    with _admin_connection(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(url))
            )
        )
