"""Signed one-click unsubscribe links: one per user and kind of mail.

The token is the user's id and the kind, signed with the site's secret key
(django.core.signing), so the link itself is the proof: it needs no sign-in, and it works
for as long as the secret key stays the same. It can only turn one kind of mail off.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Kind
from notifications.models import MailPreference

SALT = "notifications.unsubscribe"


def make_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, str(kind)], salt=SALT)


def read_token(token: str) -> tuple[int, Kind] | None:
    """(user id, kind) from a token, or None when it is not one we signed."""
    try:
        user_id, kind = signing.loads(token, salt=SALT)
        return int(user_id), Kind(kind)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def absolute(path: str) -> str:
    """An absolute link for a mail: the site's address (settings.SITE_URL) and `path`."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[make_token(user_id, kind)]))


def set_preference(user_id: int, kind: str, *, enabled: bool, via: str) -> MailPreference:
    """Turn one kind of mail on or off for a user; the row records when and how."""
    with transaction.atomic():
        preference, _ = MailPreference.objects.select_for_update().get_or_create(
            user_id=user_id, kind=kind, defaults={"enabled": enabled, "changed_via": via}
        )
        if preference.enabled != enabled:
            preference.enabled, preference.changed_via = enabled, via
            preference.changed_at = timezone.now()
            preference.save(update_fields=["enabled", "changed_via", "changed_at"])
    return preference
