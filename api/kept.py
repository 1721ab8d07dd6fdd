"""API lists kept for the token (or session) that asked, until the data changes.

The same store and rule as the pages (`peel.page_cache`): a list is handed back while no
write has reached the database since it was built, to the same token, for the same
address and query, on the same day. Authentication, permissions and the request limits
run first every time (DRF's `initial()`); only the building of the list is skipped.
"""

from __future__ import annotations

from rest_framework.response import Response

from api.models import ApiToken
from peel import page_cache


class KeptListMixin:
    """Goes before `ListModelMixin` in a viewset's bases."""

    _kept_lookup: page_cache.Lookup | None = None

    def _kept_for(self, request) -> str | None:
        if isinstance(request.auth, ApiToken):
            return f"token {request.auth.pk}"
        return page_cache.session_identity(request._request)

    def list(self, request, *args, **kwargs):
        who = self._kept_for(request)
        lookup = page_cache.look_up(request._request, who) if who else None
        if lookup is not None and lookup.kept is not None:
            return lookup.kept
        self._kept_lookup = lookup
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        lookup = self._kept_lookup
        if lookup is not None and isinstance(response, Response) and page_cache.may_keep(response):
            response.render()
            page_cache.keep(lookup, response)
        return response
