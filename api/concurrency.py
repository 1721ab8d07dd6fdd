"""ETags from an action's version, and the `If-Match` every write to an action needs.

The ETag is the action's id and version (`"12-4"`): it changes whenever any service
changes the action (each bumps the version). A write names the version it was based on
in `If-Match`; the view passes that version to the service, which compares it again
under the row lock and refuses with `EditConflict` if someone else got there first, so a
stale write is never applied, even when two arrive at once.
"""

from __future__ import annotations

import re

from api.errors import PreconditionFailed, PreconditionRequired
from improvements.models import Action

_TAG = re.compile(r'^(?:W/)?"(\d+)-(\d+)"$')


def etag_for(action: Action) -> str:
    return f'"{action.pk}-{action.version}"'


def version_from_if_match(request, action: Action) -> int:
    """The version the client's `If-Match` names for `action`: 428 without one, 412 with
    one that is not the action's current ETag."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        raise PreconditionRequired(
            "If-Match: * would overwrite changes you have not seen: send the action's ETag."
        )
    for candidate in (part.strip() for part in header.split(",")):
        match = _TAG.match(candidate)
        if match and int(match[1]) == action.pk and int(match[2]) == action.version:
            return action.version
    raise PreconditionFailed(etag_for(action))
