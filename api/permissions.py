"""What the API adds to the pages' permissions: a read-only token reads, nothing more.

Everything else is decided where the pages decide it: `visible_to(user)` for what may be
seen (404 outside it), `improvements.workflow` for who may change what (403 for a role
that may never, 400 for a change refused for now).
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.models import ApiToken


class ReadOnlyTokenReads(BasePermission):
    message = "This API token is read-only: make a read-write token to change anything."

    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, ApiToken) and request.auth.read_only:
            return request.method in SAFE_METHODS
        return True
