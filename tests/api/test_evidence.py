"""Evidence through the API: listed for whoever sees its action, added by the action's
force leads (checked by `services.add_evidence`), downloaded after the page's own check."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from improvements import services
from improvements.models import Evidence
from tests.api.conftest import error_of
from tests.api.test_actions import ROLES, SEES_CAMBS
from tests.workspace.actions_helpers import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def pdf(name: str = "minutes.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def file_evidence(action, owner):
    return services.add_evidence(action, by=owner, description="Board minutes", upload=pdf())


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 201),
        ("colleague", 201),
        ("force_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 403),
        ("national_manager", 403),
    ],
)
def test_uploading_a_file_by_role(role, expected, api_as, cast, action):
    response = api_as(cast[role]).post(
        f"/api/v1/actions/{action.pk}/evidence/",
        {"description": "Minutes", "file": pdf()},
        format="multipart",
    )
    assert response.status_code == expected
    assert Evidence.objects.filter(action=action).count() == (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert (body["kind"], body["original_name"], body["size"]) == (
            "file",
            "minutes.pdf",
            len(PDF_BYTES),
        )


def test_a_link_is_added_as_json(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/evidence/",
        {"description": "Intranet page", "url": "https://intranet.example.org/plan"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["download_url"] is None


def test_a_file_whose_content_does_not_match_its_name_is_refused_beside_it(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/evidence/",
        {"description": "Minutes", "file": pdf("report.pdf", PNG_BYTES)},
        format="multipart",
    )
    assert response.status_code == 400
    assert error_of(response)["errors"] == {
        "file": ["The content of “report.pdf” does not match its name: it is not a PDF file."]
    }
    assert not Evidence.objects.exists()


def test_neither_file_nor_link_is_refused(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/evidence/", {"description": "Nothing"}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["errors"] == {"file": ["Choose a file or enter a link."]}


@pytest.mark.parametrize("role", ROLES)
def test_downloading_by_role(role, api_as, cast, file_evidence):
    response = api_as(cast[role]).get(f"/api/v1/evidence/{file_evidence.pk}/download/")
    if role in SEES_CAMBS:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
    else:
        assert response.status_code == 404


def test_a_link_has_nothing_to_download(api_as, owner, action):
    link = services.add_evidence(
        action, by=owner, description="Page", url="https://intranet.example.org/x"
    )
    assert api_as(owner).get(f"/api/v1/evidence/{link.pk}/download/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_evidence_list_by_role(role, api_as, cast, file_evidence):
    client = api_as(cast[role])
    everything = client.get("/api/v1/evidence/").json()["results"]
    assert [row["id"] for row in everything] == ([file_evidence.pk] if role in SEES_CAMBS else [])
    one_action = client.get(f"/api/v1/actions/{file_evidence.action_id}/evidence/")
    assert one_action.status_code == (200 if role in SEES_CAMBS else 404)
    detail = client.get(f"/api/v1/evidence/{file_evidence.pk}/")
    assert detail.status_code == (200 if role in SEES_CAMBS else 404)
