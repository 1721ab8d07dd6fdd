"""Count attempts per key in a fixed window, in the shared cache (every app server sees them).

`allow("password-reset:ip", "198.51.100.7", limit=10, window=3600)` answers True for the
first `limit` calls in a window of `window` seconds and False after that, until the window
ends. The cache is the database cache (settings.CACHES), shared by all app servers.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    # Hash the value: cache keys must be short and plain, and an e-mail address in a key
    # would be personal data in the cache table.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt for `value` in `scope`; True while within `limit` per `window`."""
    key = _key(scope, value)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first of a new window
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
