"""Evidence on the action page: adding a file or a link, and downloading files only
within scope, always as an attachment."""

import hashlib
import os
import re
from unittest import mock

import pytest
from django.urls import reverse

from improvements import evidence_services, services
from improvements.models import Action, Evidence, Status
from tests.factories import LinkEvidenceFactory
from tests.workspace.actions_helpers import (
    PDF_BYTES,
    PNG_BYTES,
    assert_sent_to_sign_in,
    sign_in,
    sign_in_url,  # noqa: F401 (fixture)
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]


def add_url(action):
    return reverse("workspace:action_evidence", args=[action.pk])


def download_url(evidence):
    return reverse("workspace:evidence_download", args=[evidence.pk])


def evidence_files() -> set[str]:
    location = Evidence._meta.get_field("file").storage.location
    return set(os.listdir(location)) if os.path.isdir(location) else set()


@pytest.fixture
def file_evidence(action, owner):
    return services.add_evidence(
        action,
        by=owner,
        description="Board minutes",
        upload=upload("Board minutes.pdf", PDF_BYTES),
    )


# --- adding evidence -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 302),
        ("colleague", 302),
        ("force_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 403),
        ("national_manager", 403),
    ],
)
def test_adding_a_file_by_role(role, expected, client, cast, action):
    sign_in(client, cast, role)
    files_before = evidence_files()

    response = client.post(
        add_url(action),
        {
            "evidence-description": "Minutes",
            "evidence-kind": "file",
            "evidence-file": upload("minutes.pdf", PDF_BYTES),
        },
    )

    assert response.status_code == expected
    if expected == 302:
        evidence = Evidence.objects.get(action=action)
        assert evidence.added_by == cast[role]
        assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    else:
        assert not Evidence.objects.exists()
        assert evidence_files() == files_before
    if expected == 403:
        assert "Only a force lead of the action&#x27;s force may change it." in response.text


def test_adding_evidence_anonymously_sends_to_sign_in(client, action):
    response = client.post(
        add_url(action),
        {
            "evidence-description": "Link",
            "evidence-kind": "link",
            "evidence-url": "https://example.org",
        },
    )

    assert_sent_to_sign_in(response)
    assert not Evidence.objects.exists()


def test_a_link_is_added_and_shown_as_a_plain_link(client, owner, action):
    client.force_login(owner)

    response = client.post(
        add_url(action),
        {
            "evidence-description": "Policy",
            "evidence-kind": "link",
            "evidence-url": "https://intranet.example.org/p",
        },
        follow=True,
    )

    assert "Evidence added: Policy." in response.text
    assert (
        '<a class="govuk-link" href="https://intranet.example.org/p" rel="noopener noreferrer">'
        in response.text
    )


def test_the_page_shows_the_sha256_and_a_download_link(client, owner, file_evidence):
    client.force_login(owner)

    response = client.get(reverse("workspace:action_detail", args=[file_evidence.action_id]))

    assert f'SHA-256: <code class="app-hash">{file_evidence.sha256}</code>' in response.text
    assert f'href="{download_url(file_evidence)}"' in response.text
    assert "Download Board minutes.pdf" in response.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "kind", "Select whether to upload a file or add a link."),
        ({"evidence-kind": "file"}, "file", "Select a file to upload."),
        ({"evidence-kind": "link"}, "url", "Enter a link."),
        (
            {"evidence-kind": "file", "evidence-file": ("report.pdf", PNG_BYTES)},
            "file",
            "The content of “report.pdf” does not match its name: it is not a PDF file.",
        ),
        (
            {"evidence-kind": "file", "evidence-file": ("virus.exe", b"MZ")},
            "file",
            "“virus.exe” is not a file type we accept.",
        ),
        (
            {"evidence-kind": "file", "evidence-file": ("empty.txt", b"")},
            "file",
            "“empty.txt” is empty.",
        ),
        (
            {"evidence-kind": "link", "evidence-url": "javascript:alert(1)"},
            "url",
            "Enter a link starting with https:// or http://",
        ),
        (
            {"evidence-kind": "link", "evidence-url": "https://example.org/" + "a" * 490},
            "url",
            "The link must be 500 characters or fewer.",
        ),
    ],
    ids=[
        "no choice",
        "no file",
        "no link",
        "wrong content",
        "wrong type",
        "empty",
        "not a web link",
        "too long a link",
    ],
)
def test_wrong_evidence_is_explained_beside_its_field_and_the_input_kept(
    data, field, message, client, owner, action
):
    client.force_login(owner)
    if "evidence-file" in data:
        data = {**data, "evidence-file": upload(*data["evidence-file"])}
    files_before = evidence_files()

    response = client.post(add_url(action), {"evidence-description": "Keep this", **data})

    assert response.status_code == 400
    assert "There is a problem" in response.text
    # In the summary, linking to the field ...
    assert re.search(rf'<a href="#evidence-{field}">{re.escape(message)}', response.text)
    # ... and beside the field itself.
    assert re.search(
        rf'<p id="evidence-{field}-error" class="govuk-error-message">'
        rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(message)}',
        response.text,
    )
    assert (
        'id="evidence-description" name="evidence-description" type="text" value="Keep this"'
        in response.text
    )
    if "evidence-kind" in data:  # the choice is kept, and its input shown
        chosen = "evidence-kind" if data["evidence-kind"] == "file" else "evidence-kind-link"
        assert f'id="{chosen}" name="evidence-kind" type="radio"' in response.text
        assert re.search(rf'id="{chosen}"[^>]* checked>', response.text)
    if data.get("evidence-url"):
        assert f'value="{data["evidence-url"]}"' in response.text
    assert not Evidence.objects.exists()
    assert evidence_files() == files_before


def test_the_form_offers_a_file_or_a_link_with_radios_revealing_each(client, owner, action):
    client.force_login(owner)

    response = client.get(reverse("workspace:action_detail", args=[action.pk]))

    form = response.text.split('id="evidence-form"')[1].split("</form>")[0]
    assert '<div class="govuk-radios" data-module="govuk-radios">' in form
    assert 'value="file" data-aria-controls="conditional-evidence-kind"' in form
    assert 'value="link" data-aria-controls="conditional-evidence-kind-link"' in form
    assert "Upload a file</label>" in form
    assert "Add a link</label>" in form
    # Nothing chosen yet: both inputs are in the page, hidden only where scripts run
    # (GOV.UK Frontend hides them under .govuk-frontend-supported).
    assert form.count("govuk-radios__conditional govuk-radios__conditional--hidden") == 2
    assert 'name="evidence-file" type="file"' in form
    assert 'name="evidence-url" type="url"' in form
    assert '<p class="govuk-body">or</p>' not in form


def test_without_javascript_the_radio_chooses_the_file_and_the_link_is_ignored(
    client, owner, action
):
    client.force_login(owner)

    response = client.post(
        add_url(action),
        {
            "evidence-description": "Minutes",
            "evidence-kind": "file",
            "evidence-file": upload("minutes.pdf", PDF_BYTES),
            "evidence-url": "https://example.org/typed-then-changed-mind",
        },
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.is_file, evidence.url) == (True, "")
    assert evidence.original_name == "minutes.pdf"


def test_without_javascript_the_radio_chooses_the_link_and_the_file_is_ignored(
    client, owner, action
):
    client.force_login(owner)
    files_before = evidence_files()

    response = client.post(
        add_url(action),
        {
            "evidence-description": "Policy",
            "evidence-kind": "link",
            "evidence-file": upload("minutes.pdf", PDF_BYTES),
            "evidence-url": "https://example.org/policy",
        },
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.is_file, evidence.url) == (False, "https://example.org/policy")
    assert evidence_files() == files_before


def test_an_upload_is_checked_and_hashed_once(client, owner, action):
    client.force_login(owner)

    with mock.patch.object(
        evidence_services, "check_upload", wraps=evidence_services.check_upload
    ) as check:
        response = client.post(
            add_url(action),
            {
                "evidence-description": "Minutes",
                "evidence-kind": "file",
                "evidence-file": upload("minutes.pdf", PDF_BYTES),
            },
        )

    assert response.status_code == 302
    assert check.call_count == 1


def test_a_file_over_the_limit_is_refused(client, owner, action, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(owner)

    response = client.post(
        add_url(action),
        {
            "evidence-description": "Big",
            "evidence-kind": "file",
            "evidence-file": upload("big.pdf", PDF_BYTES * 5),
        },
    )

    assert response.status_code == 400
    assert "The file must be smaller than 100\xa0bytes." in response.text
    assert not Evidence.objects.exists()


def test_evidence_needs_a_description(client, owner, action):
    client.force_login(owner)

    response = client.post(
        add_url(action), {"evidence-kind": "link", "evidence-url": "https://example.org"}
    )

    assert response.status_code == 400
    assert "Describe what the evidence shows." in response.text
    assert 'value="https://example.org"' in response.text


def test_evidence_cannot_be_added_once_submitted(client, owner, action):
    LinkEvidenceFactory(action=action)
    services.change_status(action, "start", by=owner, version=1)
    services.change_status(action, "submit", by=owner, version=2)
    client.force_login(owner)

    response = client.post(
        add_url(action),
        {
            "evidence-description": "Late",
            "evidence-kind": "link",
            "evidence-url": "https://example.org",
        },
    )

    assert response.status_code == 400
    assert "The action is submitted for verification: it can no longer be changed." in (
        response.text
    )
    assert Evidence.objects.count() == 1


# --- downloading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("colleague", 200),
        ("force_manager", 200),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 200),
        ("national_manager", 200),
    ],
)
def test_downloading_by_role(role, expected, client, cast, file_evidence):
    sign_in(client, cast, role)

    response = client.get(download_url(file_evidence))

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_downloading_anonymously_sends_to_sign_in(client, file_evidence):
    assert_sent_to_sign_in(client.get(download_url(file_evidence)))


def test_a_download_is_an_attachment_typed_as_checked_and_never_sniffed(
    client, owner, file_evidence
):
    client.force_login(owner)

    response = client.get(download_url(file_evidence))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Board minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_link_has_no_download(client, owner, action):
    link = LinkEvidenceFactory(action=action, added_by=owner)
    client.force_login(owner)

    assert client.get(download_url(link)).status_code == 404


def test_a_missing_file_is_not_found(client, owner, file_evidence):
    file_evidence.file.storage.delete(file_evidence.file.name)
    client.force_login(owner)

    assert client.get(download_url(file_evidence)).status_code == 404


def test_evidence_of_a_draft_inspection_is_hidden_from_the_force(
    client, owner, inspector, file_evidence
):
    inspection = file_evidence.action.finding.inspection
    type(inspection).objects.filter(pk=inspection.pk).update(status="draft")

    client.force_login(owner)
    assert client.get(download_url(file_evidence)).status_code == 404
    client.force_login(inspector)
    assert client.get(download_url(file_evidence)).status_code == 200


def test_files_are_stored_outside_the_web_root_under_generated_names(file_evidence, settings):
    stored = os.path.realpath(file_evidence.file.path)

    assert not stored.startswith(os.path.realpath(settings.STATIC_ROOT))
    assert "Board minutes" not in stored
    assert Action.objects.get().status == Status.NOT_STARTED
