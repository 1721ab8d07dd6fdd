"""Making, checking and revoking API tokens: the only code that writes `ApiToken`.

A token is `peel_` followed by 40 random URL-safe characters (240 bits): high enough in
entropy that a plain SHA-256 digest is a safe way to store it (no salt or slow hash is
needed, unlike a password), and the digest is what a request is looked up by.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from api.models import ApiToken

if TYPE_CHECKING:
    from accounts.models import User

PREFIX = "peel_"
#: How many characters of a token are kept to recognise it ("peel_" and eight more).
SHOWN_LENGTH = len(PREFIX) + 8


class TokenRefused(Exception):
    """The token cannot be used; the message says why, for the client."""


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    user: User,
    *,
    name: str,
    read_only: bool = True,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the stored row and the token itself, which is
    shown to the user once and never again."""
    name = name.strip()
    if not name:
        raise ValueError("Say what the token is for.")
    if not user.is_active or not user.role:
        raise ValueError("Only an active user with a role may have an API token.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValueError("The expiry must be in the future.")
    raw = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:SHOWN_LENGTH],
        digest=digest(raw),
        read_only=read_only,
        expires_at=expires_at,
    )
    return token, raw


def revoke_token(token: ApiToken, *, by: User) -> ApiToken:
    """Mark the token revoked (never deleted); revoking twice keeps the first record."""
    if token.user_id != by.pk and not by.is_superuser:
        raise PermissionError("Only the token's user may revoke it.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    token.refresh_from_db()
    return token


def check_token(raw: str) -> ApiToken:
    """The active token `raw` names, with its user; raise TokenRefused saying why not.

    Its last-used time is written at most every `API_TOKEN_LAST_USED_INTERVAL` seconds,
    so that a busy client does not cost a write per request."""
    if not raw.startswith(PREFIX):
        raise TokenRefused("This is not a PEEL tracker API token (they start with peel_).")
    try:
        token = ApiToken.objects.select_related("user").get(digest=digest(raw))
    except ApiToken.DoesNotExist:
        raise TokenRefused("The API token is not recognised.") from None
    if token.is_revoked:
        raise TokenRefused("The API token has been revoked. Make a new one on your account.")
    if token.is_expired:
        raise TokenRefused("The API token has expired. Make a new one on your account.")
    if not token.user.is_active:
        raise TokenRefused("The API token's user is no longer active.")
    now = timezone.now()
    interval = datetime.timedelta(seconds=settings.API_TOKEN_LAST_USED_INTERVAL)
    if token.last_used_at is None or now - token.last_used_at >= interval:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
