"""One JSON error shape under /api/, whatever answers; X-Request-ID on every response."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from api.errors import handler400, handler403, handler404, handler500
from inspections.models import Cycle, Force
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(api_as, owner):
    response = api_as(owner).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["message"] == "There is no such API endpoint."


def test_a_page_path_keeps_django_s_html_404(client, owner):
    client.force_login(owner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_not_offered_is_a_json_405(api_as, owner, action):
    response = api_as(owner).delete(f"/api/v1/actions/{action.pk}/")
    assert response.status_code == 405
    assert error_of(response)["message"] == 'Method "DELETE" not allowed.'


def test_a_server_error_under_api_is_json_and_names_the_request():
    request = RequestFactory().get("/api/v1/actions/")
    response = handler500(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Something went wrong on our side" in json.loads(response.content)["message"]


@pytest.mark.parametrize(("handler", "status"), [(handler400, 400), (handler403, 403)])
def test_other_errors_under_api_are_json_too(handler, status):
    response = handler(RequestFactory().get("/api/v1/actions/"), Exception())
    assert response.status_code == status
    assert set(json.loads(response.content)) == {"status", "message", "errors", "request_id"}
    assert handler(RequestFactory().get("/actions/"), Exception())["Content-Type"].startswith(
        "text/html"
    )


def test_a_server_error_elsewhere_is_django_s_page():
    response = handler500(RequestFactory().get("/actions/"))
    assert response["Content-Type"].startswith("text/html")
    assert handler404(RequestFactory().get("/x/"), Exception()).status_code == 404


def test_a_server_error_in_a_view_answers_json(api_as, owner, monkeypatch):
    from api import views_reference

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views_reference.CycleViewSet, "get_queryset", broken)
    client = api_as(owner)
    client.raise_request_exception = False
    response = client.get("/api/v1/cycles/")
    assert response.status_code == 500
    assert error_of(response)["status"] == 500


def test_the_client_s_request_id_is_echoed(api_as, owner, action):
    response = api_as(owner).get("/api/v1/actions/", HTTP_X_REQUEST_ID="board-sync-42")
    assert response["X-Request-ID"] == "board-sync-42"


def test_a_validation_error_names_each_field(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/due-date/",
        {"proposed_due_date": "soon"},
        format="json",
        HTTP_IF_MATCH=f'"{action.pk}-{action.version}"',
    )
    assert response.status_code == 400
    body = error_of(response)
    assert set(body["errors"]) == {"proposed_due_date", "reason"}
    assert body["message"] == "Check the fields named."


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/forces/",
        "/api/v1/cycles/",
        "/api/v1/inspections/",
        "/api/v1/findings/",
        "/api/v1/actions/",
        "/api/v1/due-date-proposals/",
        "/api/v1/evidence/",
        "/api/v1/reports/national/",
        "/api/v1/reports/forces/cambridgeshire/",
    ],
)
def test_anonymous_gets_401_everywhere(path, client, reference_data):
    response = client.get(path)
    assert response.status_code == 401
    assert error_of(response)["message"] == "Authentication credentials were not provided."


def test_the_documentation_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/api/docs/"


@pytest.mark.parametrize(
    "role",
    ["owner", "colleague", "force_manager", "outsider", "outsider_manager", "inspector",
     "national_manager"],
)  # fmt: skip
def test_reference_data_is_for_every_role(role, api_as, cast):
    client = api_as(cast[role])
    assert client.get("/api/v1/forces/").json()["count"] == Force.objects.count() == 43
    assert client.get("/api/v1/cycles/").json()["count"] == Cycle.objects.count()
