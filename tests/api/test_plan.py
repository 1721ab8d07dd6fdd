"""The force's plan through the API: adding an action to a finding, reassigning it,
withdrawing a submission and withdrawing evidence, each through the same service as the
pages (`services.create_action`, `reassign_action`, `withdraw_submission`,
`withdraw_evidence`), with the same answers: 404 out of scope, 403 for a role that never
may, 400 with the workflow's reason for now.

The cast (tests/conftest.py): owner and colleague lead Cambridgeshire; the force manager
reads it; outsider and outsider manager are Lancashire's; inspector and national manager
see every force.
"""

from __future__ import annotations

import datetime

import pytest

from improvements import services
from improvements.models import Action, Evidence, Status, UpdateKind
from inspections.models import FindingKind
from inspections.services import change_finding_status
from tests.api.conftest import error_of
from tests.api.test_actions import etag
from tests.factories import FindingFactory, LinkEvidenceFactory

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/actions/"


def new_action(finding, today, lead, **extra) -> dict:
    """What a client sends: `lead` owns it (a force lead of the finding's force)."""
    return {
        "finding": finding.pk,
        "owner": lead.pk,
        "title": "Train every call handler in THRIVE",
        "due_date": (today + datetime.timedelta(days=90)).isoformat(),
        **extra,
    }


# --- adding an action to a finding ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 201),
        ("colleague", 201),
        ("inspector", 201),
        ("force_manager", 403),
        ("national_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
    ],
)
def test_adding_an_action_by_role(role, expected, api_as, cast, owner, finding, today):
    before = Action.objects.filter(finding=finding).count()
    response = api_as(cast[role]).post(ACTIONS, new_action(finding, today, owner), format="json")
    assert response.status_code == expected
    added = Action.objects.filter(finding=finding).count() - before
    assert added == (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        action = Action.objects.get(pk=body["id"])
        assert (body["title"], body["status"], body["finding"]) == (
            "Train every call handler in THRIVE",
            Status.NOT_STARTED,
            finding.pk,
        )
        assert response["ETag"] == f'"{action.pk}-{action.version}"'
        assert action.created_by == cast[role]
        assert action.updates.get().kind == UpdateKind.CREATED
    elif expected == 403:
        assert error_of(response)["message"] == (
            "Only a force lead of the finding's force may add actions to it."
        )
    else:
        assert error_of(response)["message"] == "Not found, or not yours to see."


def test_anonymous_may_not_add_an_action(client, owner, finding, today):
    response = client.post(
        ACTIONS, new_action(finding, today, owner), content_type="application/json"
    )
    assert response.status_code == 401
    assert not Action.objects.filter(finding=finding).exists()


def test_a_read_only_token_may_not_add_an_action(api_as, owner, finding, today):
    response = api_as(owner, write=False).post(
        ACTIONS, new_action(finding, today, owner), format="json"
    )
    assert response.status_code == 403
    assert not Action.objects.filter(finding=finding).exists()


def test_a_new_action_names_its_owner_and_tells_the_page(api_as, owner, colleague, finding, today):
    body = new_action(finding, today, owner, owner=colleague.pk, priority="high", description="Why")
    response = api_as(owner).post(ACTIONS, body, format="json")
    assert response.status_code == 201
    action = Action.objects.get(pk=response.json()["id"])
    assert (action.owner, action.priority, action.description) == (colleague, "high", "Why")
    assert response.json()["owner"]["id"] == colleague.pk


def test_an_owner_from_another_force_is_refused_beside_the_field(
    api_as, owner, outsider, finding, today
):
    response = api_as(owner).post(
        ACTIONS, new_action(finding, today, owner, owner=outsider.pk), format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["errors"] == {
        "owner": ["The owner must be a force lead in the finding's force."]
    }
    assert not Action.objects.filter(finding=finding).exists()


def test_a_due_date_in_the_past_is_refused_beside_the_field(api_as, owner, finding, today):
    past = (today - datetime.timedelta(days=1)).isoformat()
    response = api_as(owner).post(
        ACTIONS, new_action(finding, today, owner, due_date=past), format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["errors"] == {
        "due_date": ["The due date must be today or in the future."]
    }


def test_a_date_after_a_recommendation_s_deadline_needs_the_reason(
    api_as, owner, inspection, today
):
    recommendation = FindingFactory(
        inspection=inspection,
        kind=FindingKind.RECOMMENDATION,
        deadline=today + datetime.timedelta(days=30),
    )
    later = (today + datetime.timedelta(days=60)).isoformat()
    client = api_as(owner)
    response = client.post(
        ACTIONS, new_action(recommendation, today, owner, due_date=later), "json"
    )
    assert response.status_code == 400
    assert list(error_of(response)["errors"]) == ["reason_for_later_date"]
    assert not Action.objects.filter(finding=recommendation).exists()

    body = new_action(
        recommendation, today, owner, due_date=later, reason_for_later_date="Late system."
    )
    response = client.post(ACTIONS, body, format="json")
    assert response.status_code == 201
    note = Action.objects.get(pk=response.json()["id"]).updates.get().note
    assert note.endswith("Late system.")


def test_a_closed_finding_takes_no_new_action(api_as, owner, inspector, finding, today):
    change_finding_status(finding, "closed", by=inspector, reason="Seen on revisit.")
    response = api_as(owner).post(ACTIONS, new_action(finding, today, owner), format="json")
    assert response.status_code == 400
    assert "closed" in error_of(response)["message"]
    assert not Action.objects.filter(finding=finding).exists()


def test_commended_practice_needs_no_action(api_as, owner, inspection, today):
    commended = FindingFactory(inspection=inspection, kind=FindingKind.COMMENDED_PRACTICE)
    response = api_as(owner).post(ACTIONS, new_action(commended, today, owner), format="json")
    assert response.status_code == 400
    assert error_of(response)["message"] == "Commended practice needs no action."


def test_a_missing_title_and_date_are_field_errors(api_as, owner, finding):
    response = api_as(owner).post(ACTIONS, {"finding": finding.pk}, format="json")
    assert response.status_code == 400
    assert set(error_of(response)["errors"]) == {"title", "due_date", "owner"}
    assert not Action.objects.filter(finding=finding).exists()


# --- reassigning ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("colleague", 200),
        ("force_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("national_manager", 403),
        ("inspector", 200),  # through the details change, as in the admin
    ],
)
def test_reassigning_by_role(role, expected, api_as, cast, action, colleague):
    tag = f'"{action.pk}-{action.version}"'
    response = api_as(cast[role]).patch(
        f"{ACTIONS}{action.pk}/", {"owner": colleague.pk}, format="json", HTTP_IF_MATCH=tag
    )
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.owner == colleague) is (expected == 200)


def test_a_lead_s_reassignment_is_recorded_from_whom_to_whom(api_as, owner, colleague, action):
    client = api_as(owner)
    response = client.patch(
        f"{ACTIONS}{action.pk}/",
        {"owner": colleague.pk},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 200
    entry = action.updates.latest()
    assert (entry.kind, entry.from_owner, entry.to_owner) == (
        UpdateKind.REASSIGNED,
        owner,
        colleague,
    )


def test_a_reassignment_needs_if_match_and_refuses_a_stale_one(api_as, owner, colleague, action):
    client = api_as(owner)
    url = f"{ACTIONS}{action.pk}/"
    assert client.patch(url, {"owner": colleague.pk}, format="json").status_code == 428
    stale = f'"{action.pk}-{action.version}"'
    services.post_update(action, by=owner, version=None, progress=10)
    response = client.patch(url, {"owner": colleague.pk}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    action.refresh_from_db()
    assert action.owner == owner


def test_a_lead_may_not_reassign_to_someone_outside_the_force(api_as, owner, outsider, action):
    client = api_as(owner)
    response = client.patch(
        f"{ACTIONS}{action.pk}/",
        {"owner": outsider.pk},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 400
    assert error_of(response)["errors"] == {
        "owner": ["The owner must be a force lead in the finding's force."]
    }


def test_a_lead_may_not_leave_an_action_without_an_owner(api_as, owner, action):
    client = api_as(owner)
    response = client.patch(
        f"{ACTIONS}{action.pk}/", {"owner": None}, format="json", HTTP_IF_MATCH=etag(client, action)
    )
    assert response.status_code == 400
    assert list(error_of(response)["errors"]) == ["owner"]
    action.refresh_from_db()
    assert action.owner == owner


def test_a_lead_changing_more_than_the_owner_is_403(api_as, owner, colleague, action):
    client = api_as(owner)
    response = client.patch(
        f"{ACTIONS}{action.pk}/",
        {"owner": colleague.pk, "title": "Mine now"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert (action.owner, action.title) == (owner, action.title)


# --- withdrawing a submission --------------------------------------------------------------


def submitted(action, owner):
    LinkEvidenceFactory(action=action)
    services.post_update(action, by=owner, version=None, progress=60, transition="start")
    return services.post_update(action, by=owner, version=None, transition="submit")


def test_a_lead_withdraws_a_submission_with_the_reason(api_as, owner, action):
    submitted(action, owner)
    client = api_as(owner)
    response = client.post(
        f"{ACTIONS}{action.pk}/timeline/",
        {"transition": "withdraw", "note": "Sent too early."},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 201
    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.IN_PROGRESS, 60)
    entry = action.updates.latest()
    assert (entry.kind, entry.note) == (UpdateKind.SUBMISSION_WITHDRAWN, "Sent too early.")


def test_withdrawing_needs_the_reason(api_as, owner, action):
    submitted(action, owner)
    client = api_as(owner)
    response = client.post(
        f"{ACTIONS}{action.pk}/timeline/",
        {"transition": "withdraw"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED


def test_an_inspector_may_not_withdraw_a_force_s_submission(api_as, owner, inspector, action):
    submitted(action, owner)
    response = api_as(inspector).post(
        f"{ACTIONS}{action.pk}/timeline/",
        {"transition": "withdraw", "note": "No."},
        format="json",
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED


# --- withdrawing evidence ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("colleague", 200),
        ("force_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 403),
        ("national_manager", 403),
    ],
)
def test_withdrawing_evidence_by_role(role, expected, api_as, cast, action):
    evidence = LinkEvidenceFactory(action=action)
    response = api_as(cast[role]).post(
        f"/api/v1/evidence/{evidence.pk}/withdraw/", {"reason": "Wrong file."}, format="json"
    )
    assert response.status_code == expected
    evidence.refresh_from_db()
    assert evidence.is_withdrawn is (expected == 200)
    if expected == 200:
        body = response.json()
        assert (body["withdrawn_reason"], body["withdrawn_by"]["id"]) == (
            "Wrong file.",
            cast[role].pk,
        )
        assert action.updates.latest().kind == UpdateKind.EVIDENCE_WITHDRAWN


def test_withdrawn_evidence_is_kept_and_listed_as_withdrawn(api_as, owner, action):
    evidence = LinkEvidenceFactory(action=action)
    client = api_as(owner)
    client.post(f"/api/v1/evidence/{evidence.pk}/withdraw/", {"reason": "Dup."}, format="json")
    rows = client.get(f"{ACTIONS}{action.pk}/evidence/").json()["results"]
    assert [(row["id"], row["withdrawn_reason"]) for row in rows] == [(evidence.pk, "Dup.")]
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_withdrawing_needs_a_reason_and_happens_once(api_as, owner, action):
    evidence = LinkEvidenceFactory(action=action)
    client = api_as(owner)
    url = f"/api/v1/evidence/{evidence.pk}/withdraw/"
    response = client.post(url, {"reason": ""}, format="json")
    assert response.status_code == 400
    assert list(error_of(response)["errors"]) == ["reason"]
    assert client.post(url, {"reason": "Dup."}, format="json").status_code == 200
    again = client.post(url, {"reason": "Dup."}, format="json")
    assert again.status_code == 400
    assert error_of(again)["message"] == "This evidence has already been withdrawn."


def test_evidence_on_a_closed_action_may_not_be_withdrawn(api_as, owner, action):
    evidence = LinkEvidenceFactory(action=action)
    Action.objects.filter(pk=action.pk).update(status=Status.CANCELLED)
    response = api_as(owner).post(
        f"/api/v1/evidence/{evidence.pk}/withdraw/", {"reason": "Late."}, format="json"
    )
    assert response.status_code == 400
    evidence.refresh_from_db()
    assert not evidence.is_withdrawn


def test_anonymous_may_not_reassign_or_withdraw(client, action, colleague):
    evidence = LinkEvidenceFactory(action=action)
    reassign = client.patch(
        f"{ACTIONS}{action.pk}/",
        {"owner": colleague.pk},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{action.pk}-{action.version}"',
    )
    withdraw = client.post(
        f"/api/v1/evidence/{evidence.pk}/withdraw/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert (reassign.status_code, withdraw.status_code) == (401, 401)
    action.refresh_from_db()
    evidence.refresh_from_db()
    assert action.owner != colleague
    assert not evidence.is_withdrawn
