"""Request limits per user (whatever they sign in with) and per token, answered with 429
and `Retry-After`.

The counters live in the `throttle` cache (settings.CACHES): in production the database
cache, which every app server shares, so a limit holds across several servers. The rates
are read from `settings.API_THROTTLE_RATES` when a request is checked (not when this
module is imported), so that tests can set them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(_SettingsRateThrottle):
    """All of a user's requests, through the browser and every token together."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None  # refused with 401 before this anyway
        return f"api-throttle-user-{request.user.pk}"


class TokenRateThrottle(_SettingsRateThrottle):
    """Each token on its own, so that one busy system does not use up its user's limit
    for their others (the user's own limit still applies)."""

    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return f"api-throttle-token-{request.auth.pk}"
