"""Hardening found by probing: sign-in lockouts, over-long input, rate limits on passwords,
response headers, and oversized uploads refused before they are read."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import passwords
from improvements.models import Evidence
from peel.client_ip import client_ip
from peel.middleware import PERMISSIONS_POLICY

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"  # tests/factories.UserFactory
SIGN_IN = reverse("login")


def sign_in(client, username, password=PASSWORD, address="192.0.2.1", **extra):
    return client.post(
        SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


# --- Lockout by username and by address, separately -----------------------------------------


def test_guesses_at_one_username_from_many_addresses_lock_that_username(client, owner):
    for n in range(5):
        sign_in(client, "owner", "wrong", address=f"198.51.100.{n + 1}")
    # The right password, from an address never seen before, is still refused.
    response = sign_in(client, "owner", address="203.0.113.9")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.text


def test_many_usernames_from_one_address_lock_that_address(client, owner, colleague):
    for n in range(5):
        sign_in(client, f"someone-{n}", "wrong", address="198.51.100.7")
    assert sign_in(client, "colleague", address="198.51.100.7").status_code == 429
    # The account itself is not locked: from elsewhere it signs in.
    assert sign_in(client, "colleague", address="203.0.113.9").status_code == 302


def test_a_forwarded_for_header_is_ignored_without_a_trusted_proxy(client, owner, colleague):
    # A client cannot escape the address lockout by inventing X-Forwarded-For.
    for n in range(5):
        sign_in(
            client,
            f"someone-{n}",
            "wrong",
            address="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = sign_in(client, "colleague", address="198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(
    client, owner, colleague, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(5):
        sign_in(client, f"someone-{n}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # That client is locked out; another behind the same proxy is not.
    locked = sign_in(client, "colleague", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    other = sign_in(client, "colleague", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy configured: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client wrote is not trusted
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxy_only(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def lock_out(client, username="owner"):
    for n in range(5):
        sign_in(client, username, "wrong", address=f"198.51.100.{n + 1}")
    assert sign_in(client, username).status_code == 429


def test_a_password_reset_ends_the_lockout(client, owner):
    lock_out(client)
    client.post(reverse("password_reset"), {"email": owner.email})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-Pass-9", "new_password2": "a-new-Pass-9"},
    )
    assert sign_in(client, "owner", "a-new-Pass-9").status_code == 302


def test_a_lockout_ends_after_the_cool_off(client, owner, settings):
    lock_out(client)
    assert settings.AXES_COOLOFF_TIME == 1  # hour
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=61))
    assert sign_in(client, "owner").status_code == 302


def test_an_administrator_ends_a_lockout_with_axes_reset_username(client, owner):
    lock_out(client)
    call_command("axes_reset_username", "owner", verbosity=0)
    assert sign_in(client, "owner").status_code == 302


# --- Input longer than its field is a form error ----------------------------------------------


def test_a_256_character_username_is_a_form_error(client, owner):
    response = sign_in(client, "x" * 256, "wrong")
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer." in response.text
    assert not AccessAttempt.objects.exists()  # nothing was written for it


def test_a_too_long_email_address_for_a_reset_is_a_form_error(client, owner):
    response = client.post(reverse("password_reset"), {"email": "a" * 300 + "@example.org"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert len(mail.outbox) == 0


# --- Rate limits on password reset and change ----------------------------------------------


def test_twenty_resets_to_one_address_send_only_a_few_emails(client, owner):
    for n in range(20):
        # From many addresses, so only the per-address limit applies.
        response = client.post(
            reverse("password_reset"), {"email": owner.email}, REMOTE_ADDR=f"198.51.100.{n + 1}"
        )
        # Every request looks the same to the asker.
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == passwords.RESETS_PER_ADDRESS == 3


def test_too_many_reset_requests_from_one_client_are_refused(client, owner):
    for n in range(passwords.RESETS_PER_CLIENT):
        response = client.post(reverse("password_reset"), {"email": f"nobody-{n}@example.org"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": owner.email})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert len(mail.outbox) == 0


def test_too_many_password_changes_are_refused(client, owner):
    client.force_login(owner)
    url = reverse("password_change")
    wrong = {
        "old_password": "guess",
        "new_password1": "a-new-Pass-9",
        "new_password2": "a-new-Pass-9",
    }
    for _attempt in range(passwords.CHANGES_PER_USER):
        assert client.post(url, wrong).status_code == 200  # the form's error
    right = {**wrong, "old_password": PASSWORD}
    response = client.post(url, right)
    assert response.status_code == 429
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# --- Response headers ----------------------------------------------------------------------------


def test_signed_in_pages_are_private_and_never_stored(client, owner):
    client.force_login(owner)
    for url in (reverse("workspace:my_actions"), reverse("workspace:action_list")):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control


def test_every_response_has_a_permissions_policy(client, owner):
    assert client.get(SIGN_IN)["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY
    assert client.get(reverse("healthz"))["Permissions-Policy"] == PERMISSIONS_POLICY
    client.force_login(owner)
    assert client.get(reverse("workspace:my_actions"))["Permissions-Policy"] == PERMISSIONS_POLICY


# --- Oversized uploads are refused before the body is read ---------------------------------------


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    read_called = False

    def read(self, *args):
        UnreadableBody.read_called = True
        raise AssertionError("the body was read")

    readline = read


def test_an_oversized_upload_is_refused_before_its_body_is_read(client, owner, action, settings):
    client.force_login(owner)
    UnreadableBody.read_called = False
    response = client.generic(
        "POST",
        reverse("workspace:action_evidence", args=[action.pk]),
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "The file is too large" in response.text
    assert "Files must be smaller than 20.0\xa0MB" in response.text
    assert UnreadableBody.read_called is False
    assert not Evidence.objects.exists()


def test_the_upload_limits_are_set():
    from django.conf import settings

    assert settings.MAX_REQUEST_BYTES > settings.EVIDENCE_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BYTES
