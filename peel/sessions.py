"""Sessions in the database, refreshed at most every few minutes instead of on every request.

The idle timeout (`SESSION_COOKIE_AGE`, a working day) slides forward as someone works:
their session's expiry date moves on. Writing it on every request
(`SESSION_SAVE_EVERY_REQUEST`) cost three queries a page; here the store remembers the
expiry date it read, and `SessionRefreshMiddleware` saves the session again only when that
date was last moved more than `SESSION_REFRESH_SECONDS` ago (five minutes by default). A
session therefore expires between `SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS` and
`SESSION_COOKIE_AGE` after the last request.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends import db
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class SessionStore(db.SessionStore):
    """The database store, keeping the expiry date of the row it loaded."""

    loaded_expiry: datetime.datetime | None = None

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self.loaded_expiry = stored.expire_date if stored is not None else None
        return stored


def last_refreshed(expiry: datetime.datetime) -> datetime.datetime:
    """When a session whose row expires at `expiry` was last saved."""
    return expiry - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def needs_refresh(session, now: datetime.datetime) -> bool:
    """True when a loaded, unchanged session was last saved `SESSION_REFRESH_SECONDS` ago."""
    expiry = getattr(session, "loaded_expiry", None)
    if expiry is None or session.modified or session.is_empty():
        return False
    age = (now - last_refreshed(expiry)).total_seconds()
    return age >= settings.SESSION_REFRESH_SECONDS


class SessionRefreshMiddleware:
    """Marks the session changed when it is due a refresh, so SessionMiddleware saves it
    (with a new expiry date). Goes after SessionMiddleware: it sees the response first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and needs_refresh(session, timezone.now()):
            session.modified = True
        return response
