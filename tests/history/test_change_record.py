"""The change record: every change to inspections, judgments, findings, actions, evidence
and users says who, when, what (before and after), through what, and in which request."""

import datetime
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from improvements import services
from improvements.models import Action
from inspections.importer.loader import import_report
from inspections.models import Finding, Inspection
from tests.foundation.test_admin_fixes import form_data

pytestmark = pytest.mark.django_db

REPORT = Path("inspections/reference/reports/cambridgeshire-peel-2018-19.txt")


def entries_for(obj) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("pk")
    )


def test_a_page_change_through_the_services_is_recorded_with_who_what_and_the_request(
    client, owner, action
):
    client.force_login(owner)
    response = client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {
            "update-version": action.version,
            "update-progress": "40",
            "update-note": "Halfway there.",
        },
    )
    assert response.status_code == 302
    entry = entries_for(action)[-1]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == owner
    assert entry.changes_dict["progress"] == ["0", "40"]
    assert entry.additional_data["channel"] == "page"
    assert entry.cid == response["X-Request-ID"]


def test_an_api_change_by_token_is_recorded_with_who_the_channel_and_the_request_id(owner, action):
    from rest_framework.test import APIClient

    from api.tokens import create_token

    _, raw = create_token(owner, name="board system", read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"progress": 30},
        format="json",
        HTTP_IF_MATCH=f'"{action.pk}-{action.version}"',
        HTTP_X_REQUEST_ID="board-sync-42",
    )
    assert response.status_code == 201
    entry = entries_for(action)[-1]
    assert entry.actor == owner
    assert entry.changes_dict["progress"] == ["0", "30"]
    assert (entry.additional_data["channel"], entry.cid) == ("api", "board-sync-42")


def test_the_record_keeps_the_client_address_not_a_header_anyone_can_write(client, owner, action):
    client.force_login(owner)
    client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {"update-version": action.version, "update-progress": "10"},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert entries_for(action)[-1].remote_addr == "192.0.2.10"


def test_every_field_a_status_change_sets_is_recorded(client, owner, action):
    client.force_login(owner)
    client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {"update-version": action.version, "update-transition": "start"},
    )
    entry = entries_for(action)[-1]
    assert entry.changes_dict["status"] == ["not_started", "in_progress"]
    # Bookkeeping is left out: the version and the timestamps say nothing to a reader.
    assert "version" not in entry.changes_dict


def test_a_refused_stale_edit_records_nothing(owner, action):
    before = LogEntry.objects.count()
    with pytest.raises(services.EditConflict):
        services.post_update(action, by=owner, version=action.version - 1, progress=50)
    assert LogEntry.objects.count() == before


def test_an_admin_edit_of_a_finding_is_recorded_as_through_the_admin(client, inspector, finding):
    client.force_login(inspector)
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    page = client.get(url)
    data = form_data(page) | {"text": "The force should answer 999 calls faster."}
    response = client.post(url, data)
    assert response.status_code == 302
    entry = entries_for(finding)[-1]
    assert entry.actor == inspector
    assert entry.additional_data == {"channel": "admin", "inspection": finding.inspection_id}
    assert entry.changes_dict["text"][1] == "The force should answer 999 calls faster."
    assert entry.cid == response["X-Request-ID"]


def test_the_importers_writes_are_recorded_as_through_the_importer(reference_data):
    import_report(REPORT.read_text(encoding="utf-8"))
    inspection = Inspection.objects.get(force__slug="cambridgeshire")
    created = entries_for(inspection)[0]
    assert created.action == LogEntry.Action.CREATE
    assert created.additional_data["channel"] == "importer"
    finding = Finding.objects.filter(inspection=inspection).first()
    assert entries_for(finding)[0].additional_data["channel"] == "importer"


def test_a_dry_run_of_the_importer_records_nothing(reference_data):
    import_report(REPORT.read_text(encoding="utf-8"), dry_run=True)
    assert not LogEntry.objects.exists()


def test_work_outside_a_request_is_recorded_as_a_command(owner, finding, today):
    created = services.create_action(
        finding=finding, by=owner, title="Train call handlers", due_date=today
    )
    entry = entries_for(created)[0]
    assert entry.action == LogEntry.Action.CREATE
    assert entry.additional_data == {"channel": "command", "finding": finding.pk}
    assert entry.cid is None


def test_the_bulk_demo_generator_is_deliberately_left_out(reference_data, monkeypatch):
    # Asked for in so many words, as the demo guard wants (DJANGO_DEBUG=1 in the environment).
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    monkeypatch.delenv("PEEL_DJANGO_DEBUG_DEFAULTED", raising=False)
    call_command("generate_demo_data", "--forces", "1", "--cycles", "1", "--seed", "3", stdout=None)
    assert Action.objects.exists()
    assert not LogEntry.objects.exists()


def test_changes_to_a_users_role_force_and_active_flag_are_recorded(owner, lancs):
    owner.role, owner.force, owner.is_active = Role.FORCE_MANAGER, lancs, False
    owner.save()
    changes = entries_for(owner)[-1].changes_dict
    assert changes["role"] == ["force_lead", "force_manager"]
    assert changes["force"][1] == str(lancs)
    assert changes["is_active"] == ["True", "False"]


def test_a_password_never_reaches_the_record(owner):
    owner.set_password("a-new-secret-pass")
    owner.save()
    owner.last_login = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    owner.save()
    for entry in entries_for(owner):
        assert "password" not in (entry.changes_dict or {})
        assert "last_login" not in (entry.changes_dict or {})
    assert owner.password not in str(list(LogEntry.objects.values_list("changes", flat=True)))


def test_a_findings_status_change_is_recorded_with_who_and_why(inspector, inspection):
    from inspections.services import change_finding_status
    from tests.factories import FindingFactory

    finding = FindingFactory(inspection=inspection)
    change_finding_status(finding, "addressed", by=inspector, reason="Found addressed in 2021.")
    changes = entries_for(finding)[-1].changes_dict
    assert changes["status"] == ["open", "addressed"]
    assert changes["status_reason"] == ["", "Found addressed in 2021."]
    assert changes["status_changed_by"][1] == str(inspector)
