"""Scope is decided by role and force, never by the superuser flag: a force lead whose
account is also a superuser sees only their own force, on every page and in every export."""

import csv
import io

import pytest
from django.urls import reverse

from improvements.models import Action
from inspections.models import Finding, Inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_lead(owner, known_now):
    owner.is_superuser = owner.is_staff = True
    owner.save()
    return owner


@pytest.fixture
def signed_in(client, superuser_lead):
    client.force_login(superuser_lead)
    return client


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def test_the_scopes_are_their_forces_alone(superuser_lead, known_now):
    forces = {"cambridgeshire"}
    assert {i.force.slug for i in Inspection.objects.visible_to(superuser_lead)} == forces
    assert {f.inspection.force.slug for f in Finding.objects.visible_to(superuser_lead)} == forces
    seen = set(Action.objects.visible_to(superuser_lead))
    assert known_now.actions["L1"] not in seen
    assert known_now.actions["D1"] not in seen  # a draft: inspectors only
    assert known_now.actions["A1"] in seen


def test_another_forces_action_and_finding_pages_are_not_found(signed_in, known_now):
    theirs = known_now.actions["L1"]
    assert signed_in.get(reverse("workspace:action_detail", args=[theirs.pk])).status_code == 404
    finding = reverse("workspace:finding_detail", args=[theirs.finding_id])
    assert signed_in.get(finding).status_code == 404
    draft = known_now.actions["D1"]
    assert signed_in.get(reverse("workspace:action_detail", args=[draft.pk])).status_code == 404


def test_the_action_list_shows_their_force_only_with_no_force_filter(signed_in, known_now):
    page = signed_in.get(reverse("workspace:action_list")).text
    assert known_now.actions["A1"].title in page
    assert known_now.actions["L1"].title not in page
    assert 'name="force"' not in page


def test_another_forces_report_and_the_national_report_are_not_found(signed_in, lancs):
    assert signed_in.get(reverse("reports:force", args=[lancs.slug])).status_code == 404
    assert signed_in.get(reverse("reports:national")).status_code == 404
    assert (
        signed_in.get(reverse("reports:force_export", args=[lancs.slug, "csv"])).status_code == 404
    )
    assert signed_in.get(reverse("reports:national_export", args=["csv"])).status_code == 404


def test_another_forces_inspection_report_is_not_found(signed_in, known_now):
    url = reverse("reports:inspection", args=[known_now.lancs_2018.pk])
    assert signed_in.get(url).status_code == 404


def test_the_reports_index_offers_their_force_only(signed_in, cambs, lancs):
    page = signed_in.get(reverse("reports:index")).text
    assert reverse("reports:force", args=[cambs.slug]) in page
    assert reverse("reports:force", args=[lancs.slug]) not in page


def test_the_action_export_holds_their_force_only(signed_in, known_now):
    rows = csv_rows(signed_in.get(reverse("reports:actions_export", args=["csv"])))
    titles = {row[6] for row in rows[rows.index(["Actions"]) + 2 :]}
    expected = {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1"}
    assert titles == {known_now.actions[name].title for name in expected}


def test_their_own_force_report_export_leaves_out_the_draft(signed_in, cambs, known_now):
    response = signed_in.get(reverse("reports:force_export", args=[cambs.slug, "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert known_now.actions["D1"].title not in text
