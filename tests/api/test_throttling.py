"""Request limits per user and per token: 429 with Retry-After once used up."""

from __future__ import annotations

import pytest

from api.tokens import create_token
from tests.api.conftest import error_of
from tests.api.test_tokens import bearer

pytestmark = pytest.mark.django_db


def test_a_token_over_its_limit_gets_429_with_retry_after(owner, action, settings):
    settings.API_THROTTLE_RATES = {"user": "100/min", "token": "3/min"}
    client = bearer(create_token(owner, name="busy")[1])
    assert [client.get("/api/v1/actions/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/actions/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert error_of(response)["message"].startswith("Request was throttled.")


def test_each_token_has_its_own_limit_and_the_user_one_over_all(owner, action, settings):
    settings.API_THROTTLE_RATES = {"user": "5/min", "token": "3/min"}
    first = bearer(create_token(owner, name="a")[1])
    second = bearer(create_token(owner, name="b")[1])
    assert [first.get("/api/v1/actions/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # The second token's own limit is untouched; the user's (5) has counted all four
    # requests of the first (even the refused one: DRF asks every limit), so one is left.
    assert [second.get("/api/v1/actions/").status_code for _ in range(2)] == [200, 429]


def test_the_browser_session_counts_towards_the_user_limit(client, owner, action, settings):
    settings.API_THROTTLE_RATES = {"user": "2/min", "token": "100/min"}
    client.force_login(owner)
    assert [client.get("/api/v1/actions/").status_code for _ in range(3)] == [200, 200, 429]


def test_another_user_is_not_held_back(owner, colleague, action, settings):
    settings.API_THROTTLE_RATES = {"user": "1/min", "token": "100/min"}
    mine = bearer(create_token(owner, name="a")[1])
    theirs = bearer(create_token(colleague, name="b")[1])
    assert [mine.get("/api/v1/actions/").status_code for _ in range(2)] == [200, 429]
    assert theirs.get("/api/v1/actions/").status_code == 200
