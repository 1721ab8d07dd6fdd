"""The client's address: the trusted proxy's `X-Forwarded-For` only when one is configured.

Behind a TLS proxy or load balancer every request comes from the proxy's address, so
sign-in lockouts and rate limits by address would lump every user together. With
`DJANGO_TRUSTED_PROXY_COUNT=N` (N proxies in front of the app servers, each appending the
address it received from to `X-Forwarded-For`), the client is the N-th address from the
right: the one the outermost trusted proxy saw. Anything further left was written by the
client and is never trusted. Without the setting (the default) `REMOTE_ADDR` is used and the
header is ignored, so a client cannot choose its own address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < count:
        # Not through the whole proxy chain: the nearest address we have is the one to use.
        return _valid(forwarded[0]) if forwarded else remote
    return _valid(forwarded[-count]) or remote
