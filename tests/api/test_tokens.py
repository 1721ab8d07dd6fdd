"""API tokens: made on the account page or by a command, shown once, stored hashed,
refused with a clear 401 once expired or revoked, never deleted."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import check_token, create_token, revoke_token
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_is_recognisable_and_only_its_hash_is_kept(owner):
    token, raw = create_token(owner, name="Force system")
    assert raw.startswith("peel_")
    assert len(raw) == 45
    assert token.prefix == raw[:13]
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_two_tokens_are_never_the_same(owner):
    assert create_token(owner, name="a")[1] != create_token(owner, name="b")[1]


def test_an_expired_token_is_refused_with_a_clear_401(owner, action):
    token, raw = create_token(owner, name="Old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = bearer(raw).get("/api/v1/actions/")
    assert response.status_code == 401
    assert error_of(response)["message"] == (
        "The API token has expired. Make a new one on your account."
    )


def test_a_revoked_token_is_refused_and_kept(owner, action):
    token, raw = create_token(owner, name="Leaked")
    assert bearer(raw).get("/api/v1/actions/").status_code == 200
    revoke_token(token, by=owner)
    response = bearer(raw).get("/api/v1/actions/")
    assert response.status_code == 401
    assert error_of(response)["message"] == (
        "The API token has been revoked. Make a new one on your account."
    )
    token.refresh_from_db()
    assert (token.revoked_by, token.revoked_at is not None) == (owner, True)


def test_revoking_twice_keeps_the_first_record(owner):
    token, _ = create_token(owner, name="x")
    first = revoke_token(token, by=owner).revoked_at
    assert revoke_token(token, by=owner).revoked_at == first


def test_only_its_user_revokes_a_token(owner, colleague):
    token, _ = create_token(owner, name="x")
    with pytest.raises(PermissionError):
        revoke_token(token, by=colleague)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer nope", "This is not a PEEL tracker API token (they start with peel_)."),
        ("Bearer peel_unknown", "The API token is not recognised."),
        ("Bearer a b", "Send the token as one value: Authorization: Bearer peel_..."),
    ],
)
def test_a_bad_token_is_a_401_saying_why(header, message, owner):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/actions/")
    assert response.status_code == 401
    assert error_of(response)["message"] == message


def test_an_inactive_user_s_token_is_refused(owner):
    _, raw = create_token(owner, name="x")
    owner.is_active = False
    owner.save()
    assert bearer(raw).get("/api/v1/actions/").status_code == 401


def test_last_used_is_written_at_most_every_interval(owner, settings):
    settings.API_TOKEN_LAST_USED_INTERVAL = 300
    token, raw = create_token(owner, name="x")
    first = check_token(raw).last_used_at
    assert first is not None
    assert check_token(raw).last_used_at == first  # within the interval: no write
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=first - datetime.timedelta(seconds=301)
    )
    assert check_token(raw).last_used_at > first


def test_a_user_without_a_role_gets_no_token(owner):
    owner.role = ""
    owner.force = None
    owner.save()
    with pytest.raises(ValueError, match=r"^Only an active user with a role"):
        create_token(owner, name="x")


# --- the management command ------------------------------------------------------------


def test_the_command_prints_a_working_token(owner, action):
    out = io.StringIO()
    call_command(
        "create_api_token", "owner", "--name", "Board", "--expires-in-days", "30", stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    raw = out.getvalue().strip()
    token = check_token(raw)
    assert (token.user, token.read_only, token.name) == (owner, True, "Board")
    assert token.expires_at > timezone.now() + datetime.timedelta(days=29)
    assert bearer(raw).get(f"/api/v1/actions/{action.pk}/").status_code == 200


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match=r"^There is no user called 'ghost'"):
        call_command("create_api_token", "ghost", "--name", "x")


# --- the account page ------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_user_makes_a_token_and_sees_it_once(client, owner):
    client.force_login(owner)
    response = client.post(
        "/account/tokens/", {"name": "Performance board", "access": "write", "expiry": "30"}
    )
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=owner)
    raw = response.context["new_token"]
    assert check_token(raw) == token
    assert f'value="{raw}"' in response.text
    assert (token.read_only, token.name) == (False, "Performance board")
    listed = client.get("/account/tokens/")
    assert raw not in listed.text
    assert token.prefix in listed.text


def test_the_form_explains_what_is_missing(client, owner):
    client.force_login(owner)
    response = client.post("/account/tokens/", {"name": "", "access": ""})
    assert response.status_code == 400
    assert "Enter what the token is for" in response.text
    assert "Choose what the token may do" in response.text
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_token_and_it_stays_listed(client, owner):
    token, _ = create_token(owner, name="Old system")
    client.force_login(owner)
    response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert "Token “Old system” revoked." in response.text
    assert "Revoked" in response.text
    token.refresh_from_db()
    assert token.is_revoked


def test_another_user_s_token_does_not_exist_for_you(client, owner, colleague):
    token, _ = create_token(owner, name="x")
    client.force_login(colleague)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked
    assert "x" not in [t.name for t in client.get("/account/tokens/").context["tokens"]]
