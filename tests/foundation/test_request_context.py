"""Every response names its request, and code far from the request knows what it came through."""

import uuid

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from peel.request_context import (
    RequestContextMiddleware,
    channel,
    current_channel,
    current_request_id,
)

pytestmark = pytest.mark.django_db


def test_a_response_carries_a_new_request_id(client):
    response = client.get("/accounts/login/")
    assert uuid.UUID(response["X-Request-ID"])


def test_a_sensible_request_id_from_the_client_is_kept(client):
    response = client.get("/accounts/login/", headers={"X-Request-ID": "board-sync.42"})
    assert response["X-Request-ID"] == "board-sync.42"


@pytest.mark.parametrize("given", ["has spaces", "x" * 65, "<script>", "a\u00e9"])
def test_an_odd_request_id_from_the_client_is_replaced(client, given):
    response = client.get("/accounts/login/", headers={"X-Request-ID": given})
    assert response["X-Request-ID"] != given
    assert uuid.UUID(response["X-Request-ID"])


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/admin/x/", "admin"), ("/api/v1/actions/", "api"), ("/actions/", "page")],
)
def test_the_channel_and_request_id_are_known_during_the_request(path, expected):
    seen = {}

    def view(request):
        seen["channel"], seen["id"] = current_channel(), current_request_id()
        return HttpResponse()

    response = RequestContextMiddleware(view)(RequestFactory().get(path))
    assert seen == {"channel": expected, "id": response["X-Request-ID"]}
    assert current_request_id() is None  # reset after the request


def test_work_outside_a_request_names_its_channel():
    assert current_channel() == "command"
    with channel("importer"):
        assert current_channel() == "importer"
    assert current_channel() == "command"


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="Unknown channel"), channel("telepathy"):
        pass
