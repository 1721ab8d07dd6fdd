"""The report summaries: the figures `reports.selectors` gives the pages, scoped the same."""

from __future__ import annotations

import datetime

import pytest

from tests.api.conftest import error_of
from tests.api.test_actions import ROLES, SEES_CAMBS
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(finding, owner, today):
    return ActionFactory(finding=finding, owner=owner, due_date=today - datetime.timedelta(days=5))


@pytest.mark.parametrize("role", ROLES)
def test_the_force_report_by_role(role, api_as, cast, action, late):
    response = api_as(cast[role]).get("/api/v1/reports/forces/cambridgeshire/")
    if role not in SEES_CAMBS:
        assert response.status_code == 404
        return
    body = response.json()
    assert (body["totals"]["total"], body["totals"]["overdue"]) == (2, 1)
    assert [row["id"] for row in body["overdue"]] == [late.pk]
    assert body["months"] == 24


def test_the_force_report_refuses_months_it_does_not_offer(api_as, owner, action):
    response = api_as(owner).get("/api/v1/reports/forces/cambridgeshire/?months=7")
    assert response.status_code == 400
    assert list(error_of(response)["errors"]) == ["months"]


@pytest.mark.parametrize("role", ROLES)
def test_the_inspection_report_by_role(role, api_as, cast, inspection, action):
    response = api_as(cast[role]).get(f"/api/v1/reports/inspections/{inspection.pk}/")
    if role not in SEES_CAMBS:
        assert response.status_code == 404
        return
    findings = response.json()["findings"]
    assert [[a["id"] for a in f["actions"]] for f in findings] == [[action.pk]]


@pytest.mark.parametrize("role", ROLES)
def test_the_national_report_is_for_national_roles(role, api_as, cast, action, late):
    response = api_as(cast[role]).get("/api/v1/reports/national/?force=cambridgeshire")
    if role not in {"inspector", "national_manager"}:
        assert response.status_code == 403
        assert error_of(response)["message"] == (
            "The national report is for inspectors and national managers."
        )
        return
    body = response.json()
    cambs = next(row for row in body["forces"] if row["force"]["slug"] == "cambridgeshire")
    assert (cambs["actions_total"], cambs["actions_overdue"]) == (2, 1)
    assert body["cycle"] == "peel-2018-19"
