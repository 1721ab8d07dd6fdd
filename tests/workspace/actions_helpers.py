"""Shared by the action page, evidence, verification and concurrency tests."""

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url

# The smallest files whose bytes say what they are.
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

#: Everyone the permission tests walk through; "anonymous" is nobody signed in.
ROLES = [
    "owner",
    "colleague",
    "force_manager",
    "outsider",
    "outsider_manager",
    "inspector",
    "national_manager",
    "anonymous",
]


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def sign_in(client, cast, role):
    """Sign `role` in on `client` (nobody for "anonymous"); return the user."""
    if role == "anonymous":
        return None
    user = cast[role]
    client.force_login(user)
    return user


@pytest.fixture
def sign_in_url(settings):
    """Where anonymous visitors are sent: the sign-in page."""
    return resolve_url(settings.LOGIN_URL)


def assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert response["Location"].startswith(f"{resolve_url(django_settings.LOGIN_URL)}?next=")
