"""The API's test helpers: a client signed in with a token of a cast member.

- `api_as(user, write=True)`: an APIClient sending `Authorization: Bearer <token>`
  (a read-write token unless `write=False`).
- Every test starts with empty request-limit counters (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.tokens import create_token


@pytest.fixture
def api_as(db):
    def make(user, *, write: bool = True) -> APIClient:
        _, raw = create_token(user, name=f"tests for {user.username}", read_only=not write)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        client.raw_token = raw
        return client

    return make


def error_of(response) -> dict:
    """The one error shape: status, message, errors, request_id."""
    body = response.json()
    assert set(body) == {"status", "message", "errors", "request_id"}, body
    assert body["status"] == response.status_code
    assert body["request_id"] == response["X-Request-ID"]
    return body
