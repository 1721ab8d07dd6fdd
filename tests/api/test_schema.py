"""The OpenAPI schema: valid OpenAPI 3, every endpoint in it with its errors and headers,
and the documentation page served from our own static files."""

from __future__ import annotations

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, owner):
    client.force_login(owner)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_every_endpoint_is_documented(schema):
    assert set(schema["paths"]) == {
        "/api/v1/actions/",
        "/api/v1/actions/{id}/",
        "/api/v1/actions/{id}/due-date/",
        "/api/v1/actions/{id}/due-date/decision/",
        "/api/v1/actions/{id}/timeline/",
        "/api/v1/actions/{id}/evidence/",
        "/api/v1/cycles/",
        "/api/v1/cycles/{slug}/",
        "/api/v1/due-date-proposals/",
        "/api/v1/evidence/",
        "/api/v1/evidence/{id}/",
        "/api/v1/evidence/{id}/download/",
        "/api/v1/evidence/{id}/withdraw/",
        "/api/v1/findings/",
        "/api/v1/findings/{id}/",
        "/api/v1/forces/",
        "/api/v1/forces/{slug}/",
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/",
        "/api/v1/reports/forces/{slug}/",
        "/api/v1/reports/inspections/{id}/",
        "/api/v1/reports/national/",
    }


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in {"get", "post", "patch"}:
                yield path, method, operation


def test_every_operation_names_its_errors_and_the_request_id(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in ("400", "401", "403", "404", "429"):
            assert responses[code]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }, (path, method, code)
        assert "Retry-After" in responses["429"]["headers"]
        for code, response in responses.items():
            assert "X-Request-ID" in response["headers"], (path, method, code)


def test_writes_to_an_action_need_if_match_and_say_what_happens_without(schema):
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/actions/{id}/", "patch"),
        ("/api/v1/actions/{id}/due-date/", "post"),
        ("/api/v1/actions/{id}/due-date/decision/", "post"),
        ("/api/v1/actions/{id}/timeline/", "post"),
    ]:
        operation = paths[path][method]
        if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")
        assert if_match["in"] == "header"
        assert if_match.get("required", False) is (path != "/api/v1/actions/{id}/timeline/")
        assert "ETag" in operation["responses"]["412"]["headers"]
        assert "428" in operation["responses"]
    detail = paths["/api/v1/actions/{id}/"]["get"]["responses"]["200"]
    assert "ETag" in detail["headers"]


def test_lists_offer_fields_brief_paging_and_the_action_list_a_cursor(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/actions/"]["get"]["parameters"]}
    assert {"fields", "brief", "page", "page_size", "cursor", "overdue", "sort", "q"} <= names


def test_tokens_and_sessions_are_the_documented_ways_in(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["tokenAuth"]["description"],
    }
    assert "cookieAuth" in schemes


def test_the_schema_is_for_signed_in_users(client):
    assert client.get("/api/schema/").status_code == 401


def test_the_documentation_page_loads_our_own_files(client, owner):
    client.force_login(owner)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">'
        in html
    )
    assert "<style" not in html
    assert "https://" not in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_the_schema_generates_without_a_warning(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3")


def test_adding_an_action_and_withdrawing_evidence_are_described(schema):
    paths = schema["paths"]
    create = paths["/api/v1/actions/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ActionCreateRequest"}
    required = set(schema["components"]["schemas"]["ActionCreateRequest"]["required"])
    assert required == {"finding", "title", "due_date", "owner"}
    assert "201" in create["responses"]
    withdraw = paths["/api/v1/evidence/{id}/withdraw/"]["post"]
    body = withdraw["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/EvidenceWithdrawalRequest"}
    assert "200" in withdraw["responses"]
