"""Inspectors import a report from the admin: upload, preview (nothing saved), confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Finding, Inspection
from inspections.reference import CAMBRIDGESHIRE_REPORT

pytestmark = pytest.mark.django_db

URL = "admin:inspections_inspection_import"


def upload(name="report.txt", content=None):
    content = CAMBRIDGESHIRE_REPORT.read_bytes() if content is None else content
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_preview_shows_what_was_found_and_saves_nothing(client, inspector):
    client.force_login(inspector)
    page = client.post(reverse(URL), {"report": upload()})
    assert page.status_code == 200
    assert b"Check what was found" in page.content
    assert b"Tackling serious and organised crime" in page.content
    assert b"Zo\xc3\xab Billingham" in page.content
    assert not Inspection.objects.exists()


def test_confirming_imports_the_report(client, inspector):
    client.force_login(inspector)
    client.post(reverse(URL), {"report": upload()})
    response = client.post(reverse(URL), {"confirm": "1"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:inspections_inspection_change", args=[inspection.pk]
    )
    assert Finding.objects.filter(kind="area_for_improvement").count() == 11
    assert inspection.updated_by == inspector


def test_a_broken_upload_is_refused_with_a_reason_and_saves_nothing(client, inspector):
    client.force_login(inspector)
    page = client.post(reverse(URL), {"report": upload("x.txt", b"\x80\x81garbage")})
    assert page.status_code == 200
    assert b"not UTF-8 text" in page.content
    page = client.post(reverse(URL), {"report": upload("x.txt", b"Parish newsletter.")})
    assert b"Nothing was saved" in page.content
    assert client.post(reverse(URL), {"confirm": "1"}).status_code == 302
    assert not Inspection.objects.exists()


def test_no_file_chosen(client, inspector):
    client.force_login(inspector)
    page = client.post(reverse(URL), {})
    assert b"Choose the report file" in page.content


@pytest.mark.parametrize("name", ["owner", "force_manager", "outsider", "national_manager"])
def test_only_inspectors_may_import(client, cast, name):
    client.force_login(cast[name])
    response = client.post(reverse(URL), {"report": upload()})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Inspection.objects.exists()


def test_anonymous_visitors_may_not_import(client, reference_data):
    response = client.post(reverse(URL), {"report": upload()})
    assert response.status_code == 302
    assert not Inspection.objects.exists()
