"""What a change came through, and which request: read by the change record and the API.

Every request gets an ID (the client's `X-Request-ID` when it sends a sensible one, else a
new UUID), echoed on the response. The *channel* says through what a change was made:
`page`, `admin` or `api` for requests (decided from the path), and `importer` or
`command` for work started outside a request (`with channel("importer"): ...`).

Both live in context variables, so code far from the request (services, the change
record) reads them with `current_request_id()` and `current_channel()` without being
handed the request.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import uuid
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse

CHANNELS = ("page", "admin", "api", "importer", "command")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "peel_request_id", default=None
)
_channel: contextvars.ContextVar[str] = contextvars.ContextVar("peel_channel", default="command")

#: A client's request ID is kept only if it is short and plain (it goes into logs and headers).
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


def current_channel() -> str:
    return _channel.get()


@contextlib.contextmanager
def channel(name: str) -> Iterator[None]:
    """Run a block as made through `name` (the importer, a management command)."""
    if name not in CHANNELS:
        raise ValueError(f"Unknown channel {name!r}; expected one of {', '.join(CHANNELS)}")
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def channel_for_path(path: str) -> str:
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "page"


class RequestContextMiddleware:
    """Sets the request ID and channel for the request, and echoes `X-Request-ID`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _ACCEPTABLE_ID.match(given) else str(uuid.uuid4())
        request.request_id = request_id
        id_token = _request_id.set(request_id)
        channel_token = _channel.set(channel_for_path(request.path))
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(id_token)
            _channel.reset(channel_token)
        response["X-Request-ID"] = request_id
        return response
