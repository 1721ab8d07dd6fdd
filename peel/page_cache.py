"""Rendered pages kept for the session that asked, until anything in the database changes.

A list or report page costs 30 to 100 ms to build (its queries, and mostly rendering 20 to
120 KB of GOV.UK markup), and people read the same page again and again: back from an
action to the list, the next page and back, a report left open and refreshed. `per_session`
keeps a page's HTML, for the session that asked, under the data's current *version*, and
hands it back while nothing has changed: the same user, the same cookies, the same
address with the same query string, the same day (overdue and RAG depend on it), the same
code and templates.

The version changes on every write to the database, whatever makes it: a page, the admin,
the API, the importer, a daily job, another app server. Every connection runs its SQL
through `watch_writes`, which counts every statement that is not a read as a write (but
those to the sessions, the caches and the sign-in lockout's records, which no cached page
shows) and moves the version on once the transaction commits. The version lives in the shared cache,
so every server sees it; a page built from data read before a commit is stored under the
version before it, which no later request asks for.

Nothing is kept when the page could differ for the same request: a page that carries a
message ("Action added"), sets a cookie or changes the session, the first page of a browser
without a CSRF cookie yet, an error, a file. Each kept page also expires after
`PAGE_CACHE_SECONDS` (10 minutes; 0 turns the cache off), which bounds what a write from
outside the application (psql by hand) can leave behind.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)
#: Failures to move the version already told, once each per process (not on every write).
_told: set[str] = set()

CACHE = "pages"
VERSION_KEY = "peel:data-version"
#: Statements that change nothing. Anything else counts as a write (fail closed: TRUNCATE,
#: MERGE, a leading comment, a CTE): a page rebuilt for nothing, never a stale one.
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW",
          "EXPLAIN", "PRAGMA", "ANALYZE", "DECLARE", "FETCH", "CLOSE")  # fmt: skip
#: The table of a plain write: INSERT [OR IGNORE] INTO "t", UPDATE "t", DELETE FROM "t".
_WRITE = re.compile(
    r'(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+((?:"?\w+"?\.)?"?\w+"?)',
    re.IGNORECASE,
)
#: Tables no cached page shows: sessions, the caches themselves, the lockout's records.
_UNSEEN_PREFIXES = ("django_session", "axes_")


def _unseen_tables() -> frozenset[str]:
    """The tables of the caches in the database (this module's own writes among them)."""
    return frozenset(
        caches[alias]._table
        for alias in settings.CACHES
        if isinstance(caches[alias], DatabaseCache)
    )


@cache
def code_version() -> str:
    """A digest of the project's code and templates (and the static manifest, which the
    pages' links come from): a deployment never serves a page an older release built."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in sorted(base.iterdir()):
        if folder.name in ("tests", "bench") or not folder.is_dir():
            continue
        if not ((folder / "__init__.py").exists() or folder.name == "templates"):
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html"):
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _store():
    return caches[CACHE]


def _in_the_database() -> bool:
    """The version is stored in a table of this database, inside its transactions."""
    return isinstance(_store(), DatabaseCache)


def move_version() -> str:
    """A new data version: every page kept so far is out of date.

    Runs after a commit or between statements, never inside a transaction of this
    database's (`noticed_write`), so a failure here cannot undo a write, and it never
    raises: it is logged, and the pages kept expire on their own. Before the cache table
    is made (the first `migrate`) there is nothing to mark, and nothing is said."""
    version = secrets.token_hex(8)
    try:
        _store().set(VERSION_KEY, version, None)
    except Exception as error:  # a write must never fail for its cache
        if _no_table_yet():
            return version  # nothing can have been kept (the first `migrate`)
        if str(error) not in _told:
            _told.add(str(error))
            logger.warning("Kept pages could not be marked out of date: %s", error)
    return version


def _no_table_yet() -> bool:
    store = _store()
    if not isinstance(store, DatabaseCache):
        return False
    try:
        connection = connections[router.db_for_write(store.cache_model_class)]
        return store._table not in connection.introspection.table_names()
    except Exception:
        return False


def writes_what_pages_show(sql: str) -> bool:
    """True for a statement that may change what a page shows (fail closed)."""
    statement = sql.lstrip("( \t\r\n")  # "(SELECT ...) UNION (SELECT ...)" reads too
    first = statement[:12].split(None, 1)
    if not first or first[0].upper() in _READS:
        return False
    match = _WRITE.match(statement)
    if match is None:
        return True
    table = match.group(1).rsplit(".", 1)[-1].strip('"')
    return not (table.startswith(_UNSEEN_PREFIXES) or table in _unseen_tables())


def _pending(connection) -> bool:
    return any(callback is move_version for _, callback, _ in connection.run_on_commit)


def noticed_write(connection) -> None:
    """A write went through `connection`: move the version on once it is committed.

    A cache outside this database (memory, as in the tests) is moved at once as well, so a
    write inside a transaction that never commits (a test's) is seen by the next request.
    Moving a version stored in this database inside the transaction would hold a lock on
    its row until the commit, and make every writer wait for every other."""
    in_the_database = _in_the_database()
    if not in_the_database:
        move_version()
    if not connection.in_atomic_block:
        # Autocommit: the write is committed already. (Under manual transaction management,
        # which nothing here uses, this joins the transaction: right, but locking.)
        if in_the_database:
            move_version()
    elif not _pending(connection):
        # Robust: another callback's failure never keeps the version where it was.
        transaction.on_commit(move_version, using=connection.alias, robust=True)


def watch_writes(execute, sql, params, many, context):
    """An execute wrapper (Django's `connection.execute_wrappers`) on every connection.
    Whatever goes wrong in noticing a write is logged, and never fails the write."""
    result = execute(sql, params, many, context)
    try:
        if not isinstance(sql, str) or writes_what_pages_show(sql):
            noticed_write(context["connection"])
    except Exception:
        logger.exception("A write could not be noticed: kept pages may be out of date")
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """`connection_created`: put `watch_writes` on the connection (once)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- Keeping pages ---------------------------------------------------------------------


def session_identity(request: HttpRequest) -> str | None:
    """Who a page is kept for: the signed-in session, with its CSRF cookie (a page's forms
    carry a token of its secret). None when there is no session or no such cookie yet (a
    response that gives out a new CSRF cookie is never kept)."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not session_key or not csrf_cookie or not request.user.is_authenticated:
        return None
    return f"session {session_key} {csrf_cookie}"


def _key(request: HttpRequest, who: str) -> str:
    parts = (
        code_version(),
        who,
        str(request.user.pk),
        request.get_full_path(),
        request.headers.get("Accept", ""),
        timezone.localdate().isoformat(),
    )
    return "peel:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Lookup:
    """Where a response is kept, the data version it is read at, and the kept response
    when there is one of that version."""

    key: str
    version: str
    kept: HttpResponse | None


def look_up(request: HttpRequest, who: str) -> Lookup | None:
    """The kept response for `who` at this address, if the data has not changed since.
    None when responses are not kept (turned off, not a GET, the cache unreadable)."""
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return None
    key = _key(request, who)
    try:
        found = _store().get_many([VERSION_KEY, key])
    except DatabaseError:
        logger.exception("Kept pages could not be read")
        return None
    # The version is read before the response is built: one built from data read before
    # a commit is kept under the version before it, which no later request asks for.
    version = found.get(VERSION_KEY) or move_version()
    kept = found.get(key)
    if kept is None or kept[0] != version:
        return Lookup(key, version, None)
    _, headers, body = kept
    response = HttpResponse(zlib.decompress(body), headers=headers)
    response["X-Page-Cache"] = "hit"
    return Lookup(key, version, response)


def keep(lookup: Lookup, response: HttpResponse) -> None:
    """Keep `response` (rendered, 200, no cookies: the caller checks) at `lookup`."""
    headers = dict(response.items())
    try:
        _store().set(
            lookup.key,
            (lookup.version, headers, zlib.compress(response.content, 1)),
            settings.PAGE_CACHE_SECONDS,
        )
    except DatabaseError:
        logger.exception("A page could not be kept")
    else:
        response["X-Page-Cache"] = "miss"


def may_keep(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-cache" not in response.get("Cache-Control", "")
    )


def _has_messages(request: HttpRequest) -> bool:
    """Messages waiting, or added and shown by this view (they stay counted until the
    response is sent)."""
    return bool(len(messages.get_messages(request)))


def per_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep `view`'s GET pages for the session that asked, until the data changes.

    Goes inside `login_required` (only signed-in pages are kept) and only on pages that
    read: anything a GET changes would not happen again when the page is handed back. A
    page that shows a message, or that changed the session, is not kept."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        who = session_identity(request)
        lookup = None
        if who is not None and not _has_messages(request):
            lookup = look_up(request, who)
        if lookup is None:
            return view(request, *args, **kwargs)
        if lookup.kept is not None:
            return lookup.kept
        response = view(request, *args, **kwargs)
        if may_keep(response) and not request.session.modified and not _has_messages(request):
            keep(lookup, response)
        return response

    return wrapper
