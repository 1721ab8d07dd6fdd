"""Forces, cycles, inspections and findings: scoped like the pages (drafts only for
inspectors; force staff see their own force's)."""

from __future__ import annotations

import pytest

from inspections.models import (
    Cycle,
    EarlierItemReview,
    Finding,
    Force,
    Inspection,
    MostSimilarGroup,
)
from tests.api.test_actions import ROLES
from tests.factories import FindingFactory, InspectionFactory, JudgmentFactory

pytestmark = pytest.mark.django_db


def test_forces_come_with_their_most_similar_groups(api_as, owner, cambs):
    group = MostSimilarGroup.objects.create(force=cambs, year="2018/19")
    group.members.set(Force.objects.filter(slug__in=["warwickshire", "wiltshire"]))
    body = api_as(owner).get("/api/v1/forces/cambridgeshire/").json()
    assert body["name"] == "Cambridgeshire Constabulary"
    years = {group["year"]: group["members"] for group in body["similar_groups"]}
    assert years == {"2018/19": ["warwickshire", "wiltshire"]}


def test_cycles_come_with_their_framework(api_as, owner, reference_data):
    body = api_as(owner).get("/api/v1/cycles/peel-2018-19/").json()
    assert body["grade_scale"] == "four_point"
    assert [p["name"] for p in body["pillars"]] == ["Effectiveness", "Efficiency", "Legitimacy"]
    assert len(body["questions"]) == 10
    assert "adequate" not in body["grades"]


@pytest.mark.parametrize("role", ROLES)
def test_inspections_by_role(role, api_as, cast, cambs, lancs, inspection):
    draft = InspectionFactory(
        force=cambs,
        cycle=Cycle.objects.get(slug="peel-2021-22"),
        status=Inspection.Status.DRAFT,
        published_on=None,
    )
    lancs_inspection = InspectionFactory(force=lancs)
    JudgmentFactory(inspection=inspection)
    ids = {row["id"] for row in api_as(cast[role]).get("/api/v1/inspections/").json()["results"]}
    expected = {
        "owner": {inspection.pk},
        "colleague": {inspection.pk},
        "force_manager": {inspection.pk},
        "outsider": {lancs_inspection.pk},
        "outsider_manager": {lancs_inspection.pk},
        "inspector": {inspection.pk, draft.pk, lancs_inspection.pk},
        "national_manager": {inspection.pk, lancs_inspection.pk},
    }[role]
    assert ids == expected


def test_an_inspection_comes_with_its_judgments(api_as, owner, inspection):
    JudgmentFactory(inspection=inspection, grade="good")
    body = api_as(owner).get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert [(j["grade"], j["inspected"]) for j in body["judgments"]] == [("good", True)]


@pytest.mark.parametrize("role", ROLES)
def test_a_finding_outside_scope_is_404(role, api_as, cast, finding):
    response = api_as(cast[role]).get(f"/api/v1/findings/{finding.pk}/")
    assert response.status_code == (404 if role in {"outsider", "outsider_manager"} else 200)


def test_a_finding_shows_its_lineage(api_as, owner, cambs, inspection):
    earlier = FindingFactory(inspection=inspection)
    revisit = InspectionFactory(force=cambs, cycle=Cycle.objects.get(slug="peel-2021-22"))
    later = FindingFactory(inspection=revisit, continues=earlier, continues_earlier=True)
    EarlierItemReview.objects.create(
        inspection=revisit,
        kind=earlier.kind,
        year="2017",
        text=earlier.text,
        outcome=EarlierItemReview.Outcome.REMAINS,
        earlier_finding=earlier,
    )
    client = api_as(owner)
    assert client.get(f"/api/v1/findings/{later.pk}/").json()["continues"] == earlier.pk
    body = client.get(f"/api/v1/findings/{earlier.pk}/").json()
    assert body["continued_by"] == [later.pk]
    assert [(r["inspection"], r["outcome"]) for r in body["reviews"]] == [(revisit.pk, "remains")]


def test_lineage_never_names_a_finding_you_may_not_see(api_as, owner, cambs, inspection):
    draft = InspectionFactory(
        force=cambs,
        cycle=Cycle.objects.get(slug="peel-2021-22"),
        status="draft",
        published_on=None,
    )
    hidden = FindingFactory(inspection=draft)
    later = FindingFactory(inspection=inspection, continues=hidden)
    assert api_as(owner).get(f"/api/v1/findings/{later.pk}/").json()["continues"] is None


def test_findings_filter_through_their_filterset(api_as, owner, inspection):
    open_one = FindingFactory(inspection=inspection)
    closed = FindingFactory(inspection=inspection)
    Finding.objects.filter(pk=closed.pk).update(
        status="closed", status_reason="Done", status_changed_at="2024-01-01T00:00Z"
    )
    rows = api_as(owner).get("/api/v1/findings/?status=open").json()["results"]
    assert [row["id"] for row in rows] == [open_one.pk]


def test_a_finding_shows_its_status_history_newest_first(api_as, owner, inspector, inspection):
    from inspections.services import change_finding_status

    finding = FindingFactory(inspection=inspection)
    change_finding_status(finding, "addressed", by=inspector, reason="Seen on revisit")
    change_finding_status(finding, "open", by=inspector, reason="Slipped back")
    history = api_as(owner).get(f"/api/v1/findings/{finding.pk}/").json()["status_history"]
    assert [(h["from_status"], h["to_status"], h["reason"]) for h in history] == [
        ("addressed", "open", "Slipped back"),
        ("open", "addressed", "Seen on revisit"),
    ]
    assert history[0]["changed_by"]["username"] == "inspector"


def test_the_history_never_names_a_superseding_finding_you_may_not_see(
    api_as, owner, inspector, cambs, inspection
):
    from inspections.services import change_finding_status

    draft = InspectionFactory(
        force=cambs,
        cycle=Cycle.objects.get(slug="peel-2023-25"),
        status="draft",
        published_on=None,
    )
    replacement = FindingFactory(inspection=draft)
    finding = FindingFactory(inspection=inspection)
    change_finding_status(
        finding, "superseded", by=inspector, reason="Replaced", superseded_by=replacement
    )
    owners_view = api_as(owner).get(f"/api/v1/findings/{finding.pk}/").json()
    assert owners_view["status_history"][0]["superseded_by"] is None
    inspectors_view = api_as(inspector).get(f"/api/v1/findings/{finding.pk}/").json()
    assert inspectors_view["status_history"][0]["superseded_by"] == replacement.pk
