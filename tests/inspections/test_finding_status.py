"""A finding's status changes in one place (`change_finding_status`), with its history:
every allowed and refused change, who may make it, the history row, and nothing half-done."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inspections.models import Finding, FindingStatus, FindingStatusChange
from inspections.services import FindingError, change_finding_status
from peel.request_context import channel
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

OPEN, ADDRESSED, SUPERSEDED, CLOSED = (
    FindingStatus.OPEN,
    FindingStatus.ADDRESSED,
    FindingStatus.SUPERSEDED,
    FindingStatus.CLOSED,
)


@pytest.fixture
def later(finding):
    """A later finding of the same force, to supersede the first."""
    return FindingFactory(inspection=finding.inspection)


def close(finding, status, by, later=None):
    return change_finding_status(
        finding,
        status,
        by=by,
        reason="Found addressed at the revisit.",
        superseded_by=later if status == SUPERSEDED else None,
    )


@pytest.mark.parametrize("status", [ADDRESSED, SUPERSEDED, CLOSED])
def test_an_inspector_closes_an_open_finding_and_the_history_says_so(
    status, finding, inspector, later
):
    change = close(finding, status, inspector, later)

    finding.refresh_from_db()
    assert finding.status == status
    assert finding.status_changed_by == inspector
    assert finding.status_reason == "Found addressed at the revisit."
    assert finding.status_changed_at == change.changed_at
    assert (change.from_status, change.to_status) == (OPEN, status)
    assert change.changed_by == inspector
    assert list(finding.status_changes.all()) == [change]


def test_superseding_records_the_finding_that_supersedes_it(finding, inspector, later):
    change = close(finding, SUPERSEDED, inspector, later)
    assert change.superseded_by == later


@pytest.mark.parametrize("status", [ADDRESSED, SUPERSEDED, CLOSED])
def test_any_closed_finding_is_reopened_and_both_changes_stay(status, finding, inspector, later):
    close(finding, status, inspector, later)

    reopened = change_finding_status(finding, OPEN, by=inspector, reason="Found again in 2023.")

    finding.refresh_from_db()
    assert finding.status == OPEN
    assert finding.status_reason == "Found again in 2023."
    assert (reopened.from_status, reopened.to_status) == (status, OPEN)
    assert [(c.from_status, c.to_status) for c in finding.status_changes.all()] == [
        (status, OPEN),
        (OPEN, status),
    ]


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (OPEN, OPEN, "The finding is already open."),
        (ADDRESSED, ADDRESSED, "The finding is already addressed."),
        (ADDRESSED, CLOSED, "The finding is addressed: reopen it before marking it closed."),
        (CLOSED, SUPERSEDED, "The finding is closed: reopen it before marking it superseded."),
        (SUPERSEDED, ADDRESSED, "The finding is superseded: reopen it before marking it"),
    ],
)
def test_changes_that_are_not_allowed_are_refused_with_the_reason(
    start, target, message, finding, inspector, later
):
    if start != OPEN:
        close(finding, start, inspector, later)
    before = FindingStatusChange.objects.count()

    with pytest.raises(FindingError, match=message):
        close(finding, target, inspector, later)

    assert Finding.objects.get(pk=finding.pk).status == start
    assert FindingStatusChange.objects.count() == before


def test_an_unknown_status_is_refused(finding, inspector):
    with pytest.raises(FindingError, match=r"is not a status a finding can have"):
        change_finding_status(finding, "fixed", by=inspector, reason="Done.")


def test_superseding_needs_the_finding_that_supersedes_it(finding, inspector):
    with pytest.raises(FindingError, match=r"Say which finding supersedes it"):
        change_finding_status(finding, SUPERSEDED, by=inspector, reason="Replaced.")
    assert Finding.objects.get(pk=finding.pk).status == OPEN


def test_a_finding_cannot_supersede_itself(finding, inspector):
    with pytest.raises(FindingError, match=r"cannot supersede itself"):
        change_finding_status(
            finding, SUPERSEDED, by=inspector, reason="Replaced.", superseded_by=finding
        )


def test_the_superseding_finding_must_be_the_same_forces(finding, inspector, lancs):
    theirs = FindingFactory(inspection=InspectionFactory(force=lancs))
    with pytest.raises(FindingError, match=r"must be the same force"):
        change_finding_status(
            finding, SUPERSEDED, by=inspector, reason="Replaced.", superseded_by=theirs
        )


def test_only_superseding_names_a_superseding_finding(finding, inspector, later):
    with pytest.raises(FindingError, match=r"Only a superseded finding"):
        change_finding_status(finding, CLOSED, by=inspector, reason="Closed.", superseded_by=later)


def test_a_reason_is_required(finding, inspector):
    with pytest.raises(FindingError, match=r"Give the reason"):
        change_finding_status(finding, CLOSED, by=inspector, reason="   ")
    assert not FindingStatusChange.objects.exists()


@pytest.mark.parametrize(
    "role", ["owner", "colleague", "force_manager", "outsider", "national_manager"]
)
def test_only_inspectors_change_a_findings_status(role, cast, finding):
    with pytest.raises(FindingError, match=r"Only an inspector may change a finding's status"):
        close(finding, CLOSED, cast[role])
    assert Finding.objects.get(pk=finding.pk).status == OPEN


def test_a_superuser_without_the_inspector_role_may_not(finding, owner):
    owner.is_superuser = True
    with pytest.raises(FindingError, match=r"Only an inspector"):
        close(finding, CLOSED, owner)


def test_nobody_at_all_is_refused_outside_the_importer(finding):
    with pytest.raises(FindingError, match=r"Say who is changing"):
        close(finding, CLOSED, None)


def test_the_importer_run_without_a_user_is_recorded_as_nobody(finding):
    with channel("importer"):
        change = close(finding, CLOSED, None)
    assert change.changed_by is None
    assert Finding.objects.get(pk=finding.pk).status == CLOSED


def test_the_change_and_its_history_row_are_one(finding, inspector, monkeypatch):
    """If the history row cannot be written, the finding's status does not change."""

    def broken(*args, **kwargs):
        raise IntegrityError("history unavailable")

    monkeypatch.setattr(FindingStatusChange.objects, "create", broken)
    with pytest.raises(IntegrityError), transaction.atomic():
        close(finding, CLOSED, inspector)
    assert Finding.objects.get(pk=finding.pk).status == OPEN


def test_the_database_refuses_a_history_row_from_closed_to_closed(finding, inspector):
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingStatusChange.objects.create(
            finding=finding, from_status=ADDRESSED, to_status=CLOSED, changed_by=inspector,
            reason="x",
        )  # fmt: skip


def test_the_database_refuses_a_history_row_without_a_reason(finding, inspector):
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingStatusChange.objects.create(
            finding=finding, from_status=OPEN, to_status=CLOSED, changed_by=inspector, reason=""
        )


# --- the admin ------------------------------------------------------------------------------


def test_the_admin_reopens_findings_and_shows_the_history(client, inspector, finding):
    close(finding, ADDRESSED, inspector)
    client.force_login(inspector)
    url = reverse("admin:inspections_finding_changelist")

    client.post(
        url,
        {
            "action": "reopen",
            "_selected_action": [finding.pk],
            "apply": "1",
            "reason": "Found again in 2023.",
        },
    )

    finding.refresh_from_db()
    assert finding.status == OPEN
    page = client.get(reverse("admin:inspections_finding_change", args=[finding.pk])).text
    assert "Status history" in page
    assert "Found again in 2023." in page
    assert "Found addressed at the revisit." in page


def test_the_admin_supersedes_with_the_finding_that_replaces_it(client, inspector, finding, later):
    client.force_login(inspector)
    client.post(
        reverse("admin:inspections_finding_changelist"),
        {
            "action": "mark_superseded",
            "_selected_action": [finding.pk],
            "apply": "1",
            "reason": "Replaced by the 2021 finding.",
            "superseded_by": later.pk,
        },
    )
    assert finding.status_changes.get().superseded_by == later


def test_the_admin_changes_all_the_selected_findings_or_none(client, inspector, finding, later):
    close(later, CLOSED, inspector)
    client.force_login(inspector)
    response = client.post(
        reverse("admin:inspections_finding_changelist"),
        {
            "action": "mark_closed",
            "_selected_action": [finding.pk, later.pk],
            "apply": "1",
            "reason": "Closed at the revisit.",
        },
        follow=True,
    )
    assert "Nothing was changed" in response.text
    assert "The finding is already closed." in response.text
    assert Finding.objects.get(pk=finding.pk).status == OPEN
    assert later.status_changes.count() == 1


# --- the migration --------------------------------------------------------------------------


def test_findings_closed_before_the_history_get_one_row_each(finding, inspector, later):
    closed_at = timezone.now()
    Finding.objects.filter(pk=finding.pk).update(
        status=CLOSED,
        status_changed_at=closed_at,
        status_changed_by=inspector,
        status_reason="Closed in 2020.",
    )  # as the product closed findings before it kept a history
    migration = importlib.import_module("inspections.migrations.0002_rules_finding_status_change")

    migration.record_earlier_closures(apps, None)

    change = FindingStatusChange.objects.get()
    assert change.finding == finding
    assert (change.from_status, change.to_status) == (OPEN, CLOSED)
    assert (change.changed_at, change.changed_by) == (closed_at, inspector)
    assert change.reason == "Closed in 2020."
    assert not later.status_changes.exists()
