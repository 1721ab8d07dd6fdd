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


def test_a_pdf_or_web_page_upload_is_read_by_its_content(client, inspector):
    from tests.importer.documents import text_to_html, text_to_pdf

    text = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")
    client.force_login(inspector)
    for name, content in (("report.txt", text_to_pdf(text)), ("r.pdf", text_to_html(text))):
        data = content if isinstance(content, bytes) else content.encode()
        page = client.post(reverse(URL), {"report": upload(name, data)})
        assert b"Check what was found" in page.content
    client.post(reverse(URL), {"confirm": "1"})
    assert Finding.objects.filter(kind="area_for_improvement").count() == 11


def test_the_preview_speaks_in_words(client, inspector):
    """Issue 8: choice labels, the month in words, and a refusal said once."""
    client.force_login(inspector)
    page = client.post(reverse(URL), {"report": upload()}).content.decode()
    assert "Area for improvement" in page
    assert "Commended practice" in page
    assert "Areaforimprovement" not in page
    assert "Commendedpractice" not in page
    assert "published February 2020" in page
    refused = client.post(reverse(URL), {"report": upload("x.txt", b"Parish newsletter.")})
    assert refused.content.decode().count("does not read as a PEEL") == 1


def test_changes_to_what_is_stored_need_the_checkbox(client, inspector):
    text = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")
    client.force_login(inspector)
    client.post(reverse(URL), {"report": upload()})
    client.post(reverse(URL), {"confirm": "1"})
    poorer = text.replace(
        "- The force should develop a comprehensive skills strategy to identify what future "
        "capabilities its workforce will need.\n",
        "",
    ).encode()
    page = client.post(reverse(URL), {"report": upload("p.txt", poorer)}).content.decode()
    assert "This reading finds less than is stored" in page
    assert 'name="apply_changes"' in page
    assert "1 removals" in page
    client.post(reverse(URL), {"confirm": "1"})
    assert Finding.objects.filter(kind="area_for_improvement").count() == 11
    client.post(reverse(URL), {"report": upload("p.txt", poorer)})
    client.post(reverse(URL), {"confirm": "1", "apply_changes": "1"})
    assert Finding.objects.filter(kind="area_for_improvement").count() == 10


def test_an_upload_over_the_limit_is_refused_before_reading(client, inspector, settings):
    settings.IMPORT_MAX_TEXT_BYTES = 1000
    client.force_login(inspector)
    page = client.post(reverse(URL), {"report": upload("big.txt", b"x" * 5000)})
    assert b"more than the 1,000 bytes allowed" in page.content
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("name", ["colleague", "outsider_manager"])
def test_no_other_role_may_import_either(client, cast, name):
    client.force_login(cast[name])
    assert client.get(reverse(URL)).status_code == 302
    assert client.post(reverse(URL), {"report": upload()}).status_code == 302
    assert not Inspection.objects.exists()


def test_an_inspector_sees_the_upload_form(client, inspector):
    client.force_login(inspector)
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert b"its PDF, its web page" in page.content


def test_a_50_mb_upload_is_refused_with_a_reason(client, inspector):
    client.force_login(inspector)
    page = client.post(
        reverse(URL), {"report": upload("huge.pdf", b"%PDF-1.4\n" + b"0" * 50_000_000)}
    )
    assert page.status_code == 200
    assert b"more than any report allowed (20 MB for a PDF" in page.content
    assert not Inspection.objects.exists()


def test_a_letter_closes_a_finding_only_when_the_inspector_confirms(client, inspector, cambs):
    from inspections.models import Cycle, FindingKind, FindingStatus
    from tests.factories import FindingFactory, InspectionFactory

    inspection = InspectionFactory(force=cambs, cycle=Cycle.objects.get(slug="peel-2023-25"))
    cause = FindingFactory(
        inspection=inspection,
        kind=FindingKind.CAUSE_OF_CONCERN,
        question=inspection.cycle.questions.get(name="Responding to the public"),
        text="The force isn't answering calls quickly enough.",
    )
    letter = (
        "Cambridgeshire Constabulary: closure of cause of concern letter\n\nPEEL 2023–2025\n\n"
        "Letter information\n\nI will be closing the force’s cause of concern regarding "
        "responding to the public.\n"
    ).encode()
    client.force_login(inspector)
    page = client.post(reverse(URL), {"report": upload("letter.txt", letter)}).content.decode()
    assert "Letters closing findings (1)" in page
    assert 'name="apply_changes"' in page
    client.post(reverse(URL), {"confirm": "1"})
    cause.refresh_from_db()
    assert cause.status == FindingStatus.OPEN
    client.post(reverse(URL), {"report": upload("letter.txt", letter)})
    client.post(reverse(URL), {"confirm": "1", "apply_changes": "1"})
    cause.refresh_from_db()
    assert cause.status == FindingStatus.CLOSED
    assert cause.status_changes.get().changed_by == inspector
