"""Actions through the API: who sees which (as on the pages), the ETag, and every write
refused or made as the action page refuses or makes it.

The cast (tests/conftest.py): owner and colleague lead Cambridgeshire's action; the
force manager reads it; outsider and outsider manager are Lancashire's; inspector and
national manager see every force.
"""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from improvements import services
from improvements.models import Action, ActionUpdate, Status
from tests.api.conftest import error_of
from tests.factories import ActionFactory, LinkEvidenceFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "owner",
    "colleague",
    "force_manager",
    "outsider",
    "outsider_manager",
    "inspector",
    "national_manager",
]
SEES_CAMBS = {"owner", "colleague", "force_manager", "inspector", "national_manager"}
SEES_LANCS = {"outsider", "outsider_manager", "inspector", "national_manager"}


def client_for(api_as, cast, role) -> APIClient:
    return APIClient() if role == "anonymous" else api_as(cast[role])


def etag(client, action) -> str:
    return client.get(f"/api/v1/actions/{action.pk}/")["ETag"]


# --- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_list_holds_the_actions_the_role_may_see(role, api_as, cast, action, lancs_action):
    response = api_as(cast[role]).get("/api/v1/actions/")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    expected = set()
    if role in SEES_CAMBS:
        expected.add(action.pk)
    if role in SEES_LANCS:
        expected.add(lancs_action.pk)
    assert ids == expected


@pytest.mark.parametrize("role", ROLES)
def test_an_action_outside_the_role_s_scope_is_404(role, api_as, cast, action):
    response = api_as(cast[role]).get(f"/api/v1/actions/{action.pk}/")
    if role in SEES_CAMBS:
        assert response.status_code == 200
        assert response.json()["title"] == action.title
    else:
        assert response.status_code == 404
        assert error_of(response)["message"] == "Not found, or not yours to see."


def test_anonymous_is_refused_with_401_and_how_to_authenticate(client, action):
    response = client.get(f"/api/v1/actions/{action.pk}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error_of(response)["message"] == "Authentication credentials were not provided."


def test_a_signed_in_browser_session_reads_the_api(client, owner, action):
    client.force_login(owner)
    response = client.get("/api/v1/actions/")
    assert [row["id"] for row in response.json()["results"]] == [action.pk]


def test_the_detail_carries_its_etag_from_the_version(api_as, owner, action):
    response = api_as(owner).get(f"/api/v1/actions/{action.pk}/")
    assert response["ETag"] == f'"{action.pk}-{action.version}"'
    assert response.json()["etag"] == response["ETag"]


def test_the_list_uses_the_pages_filterset(api_as, owner, action, finding, today):
    late = ActionFactory(finding=finding, owner=owner, due_date=today - datetime.timedelta(days=3))
    client = api_as(owner)
    overdue = client.get("/api/v1/actions/?overdue=true").json()["results"]
    assert [(row["id"], row["overdue"], row["rag"]) for row in overdue] == [(late.pk, True, "red")]
    searched = client.get(f"/api/v1/actions/?q={action.title}").json()["results"]
    assert [row["id"] for row in searched] == [action.pk]
    by_title = client.get("/api/v1/actions/?sort=-title").json()["results"]
    assert [row["id"] for row in by_title] == sorted(
        [action.pk, late.pk], key=lambda pk: Action.objects.get(pk=pk).title, reverse=True
    )


def test_a_filter_naming_another_force_is_a_400_naming_the_field(api_as, owner, action):
    response = api_as(owner).get("/api/v1/actions/?force=lancashire")
    assert response.status_code == 400
    assert list(error_of(response)["errors"]) == ["force"]


def test_fields_and_brief_narrow_each_row(api_as, owner, action):
    client = api_as(owner)
    row = client.get("/api/v1/actions/?fields=title,status").json()["results"][0]
    assert set(row) == {"id", "title", "status"}
    brief = client.get("/api/v1/actions/?brief=1").json()["results"][0]
    assert set(brief) == {"id", "title", "status", "effective_due_date", "rag", "force"}


def test_page_size_is_capped(api_as, owner, finding):
    ActionFactory.create_batch(3, finding=finding)
    client = api_as(owner)
    page = client.get("/api/v1/actions/?page_size=2").json()
    assert (page["count"], len(page["results"])) == (3, 2)
    huge = client.get("/api/v1/actions/?page_size=100000").json()
    assert len(huge["results"]) == 3  # capped at 500, all there are


def test_cursor_paging_walks_everything_by_last_change_and_resumes(api_as, owner, finding):
    actions = ActionFactory.create_batch(5, finding=finding)
    client = api_as(owner)
    seen, url = [], "/api/v1/actions/?cursor=&page_size=2"
    while url:
        page = client.get(url).json()
        assert "count" not in page
        seen += [row["id"] for row in page["results"]]
        last_next, url = url, page["next"]
    assert seen == [a.pk for a in sorted(actions, key=lambda a: (a.updated_at, a.pk))]
    # A change moves the action to the end: resuming from the last page finds it again.
    services.post_update(actions[0], by=owner, version=None, note="Changed")
    again = client.get(last_next).json()["results"]
    assert actions[0].pk in [row["id"] for row in again]


# --- PATCH: the action's details ---------------------------------------------------------


def test_patch_without_if_match_is_428_and_changes_nothing(api_as, inspector, action):
    response = api_as(inspector).patch(
        f"/api/v1/actions/{action.pk}/", {"title": "New"}, format="json"
    )
    assert response.status_code == 428
    assert "If-Match" in error_of(response)["message"]
    action.refresh_from_db()
    assert action.title != "New"


def test_patch_with_a_stale_etag_is_412_with_the_current_one(api_as, inspector, owner, action):
    client = api_as(inspector)
    stale = etag(client, action)
    services.post_update(action, by=owner, version=action.version, progress=20)
    response = client.patch(
        f"/api/v1/actions/{action.pk}/", {"title": "New"}, format="json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    action.refresh_from_db()
    assert response["ETag"] == f'"{action.pk}-{action.version}"'
    assert action.title != "New"
    assert "nothing was saved" in error_of(response)["message"]


def test_if_match_star_is_not_enough(api_as, inspector, action):
    response = api_as(inspector).patch(
        f"/api/v1/actions/{action.pk}/", {"title": "New"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 428


def test_an_inspector_patches_the_details_with_the_current_etag(api_as, inspector, action):
    client = api_as(inspector)
    response = client.patch(
        f"/api/v1/actions/{action.pk}/",
        {"title": "Retitled", "priority": "high"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert (action.title, action.priority) == ("Retitled", "high")
    assert response["ETag"] == f'"{action.pk}-{action.version}"'
    assert action.updates.filter(note__startswith="Details changed.").exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 403),
        ("colleague", 403),
        ("force_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("national_manager", 403),
        ("inspector", 200),
    ],
)
def test_patch_by_role(role, expected, api_as, cast, action):
    client = api_as(cast[role])
    tag = f'"{action.pk}-{action.version}"'
    response = client.patch(
        f"/api/v1/actions/{action.pk}/", {"title": "Changed"}, format="json", HTTP_IF_MATCH=tag
    )
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.title == "Changed") is (expected == 200)
    if expected == 403:
        assert error_of(response)["message"] == "Only an inspector may change an action's details."


def test_a_conflict_found_under_the_row_lock_is_412(api_as, owner, action, monkeypatch):
    """The If-Match matched when read, but someone saved between that and the service's
    lock: the service's compare-and-set refuses, and the API answers 412."""
    original = services.post_update

    def someone_else_first(target, **kwargs):
        Action.objects.filter(pk=target.pk).update(version=target.version + 1)
        return original(target, **kwargs)

    monkeypatch.setattr(services, "post_update", someone_else_first)
    client = api_as(owner)
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"progress": 40},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 412
    assert response["ETag"] == f'"{action.pk}-{action.version + 1}"'
    action.refresh_from_db()
    assert action.progress == 0


# --- the timeline ----------------------------------------------------------------------


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
def test_posting_a_note_by_role(role, expected, api_as, cast, action):
    before = action.updates.count()
    response = api_as(cast[role]).post(
        f"/api/v1/actions/{action.pk}/timeline/", {"note": "Board met."}, format="json"
    )
    assert response.status_code == expected
    assert action.updates.count() == before + (1 if expected == 201 else 0)
    if expected == 403:
        assert error_of(response)["message"] == (
            "Only a force lead of the action's force may change it."
        )


def test_a_note_alone_needs_no_if_match(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/timeline/", {"note": "Board met."}, format="json"
    )
    assert response.status_code == 201
    assert action.updates.latest().note == "Board met."


def test_progress_needs_if_match(api_as, owner, action):
    client = api_as(owner)
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/", {"progress": 50}, format="json"
    )
    assert response.status_code == 428
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"progress": 50, "note": "Half way."},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 201
    assert response.json()["progress"] == 50
    assert response["ETag"] == f'"{action.pk}-{action.version + 1}"'


def test_progress_out_of_range_is_a_400_on_the_field(api_as, owner, action):
    client = api_as(owner)
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"progress": 150},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 400
    assert list(error_of(response)["errors"]) == ["progress"]


def test_the_timeline_lists_updates_newest_first(api_as, owner, action):
    services.post_update(action, by=owner, version=None, note="First")
    services.post_update(action, by=owner, version=None, note="Second")
    rows = api_as(owner).get(f"/api/v1/actions/{action.pk}/timeline/").json()["results"]
    assert [(row["kind"], row["note"]) for row in rows][:2] == [
        ("note", "Second"),
        ("note", "First"),
    ]
    assert rows[0]["author"]["username"] == "owner"


def test_the_timeline_syncs_by_cursor_in_the_order_entries_were_written(api_as, owner, action):
    services.post_update(action, by=owner, version=None, note="First")
    services.post_update(action, by=owner, version=None, note="Second")
    response = api_as(owner).get(f"/api/v1/actions/{action.pk}/timeline/?cursor=")
    assert response.status_code == 200
    notes = [row["note"] for row in response.json()["results"]]
    assert notes.index("First") < notes.index("Second")


def test_a_status_change_goes_through_the_workflow(api_as, owner, action):
    client = api_as(owner)
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"transition": "start"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 201
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    latest = action.updates.latest()
    assert (latest.from_status, latest.to_status) == (Status.NOT_STARTED, Status.IN_PROGRESS)


def test_a_status_change_refused_for_now_is_400_with_the_workflow_s_reason(api_as, owner, action):
    Action.objects.filter(pk=action.pk).update(status=Status.IN_PROGRESS)
    client = api_as(owner)
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"transition": "submit"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 400
    assert error_of(response)["message"] == (
        "Add at least one piece of evidence before submitting the action for verification."
    )
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_a_status_change_the_role_may_never_make_is_403(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/timeline/", {"transition": "verify"}, format="json"
    )
    assert response.status_code == 403
    assert error_of(response)["message"] == "Only an inspector may verify."


def test_an_inspector_verifies_a_submitted_action(api_as, inspector, owner, action):
    LinkEvidenceFactory(action=action)
    services.post_update(action, by=owner, version=None, transition="start")
    services.post_update(action, by=owner, version=None, transition="submit")
    client = api_as(inspector)
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/",
        {"transition": "verify", "note": "Seen on revisit."},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 201
    assert response.json()["status"] == Status.VERIFIED


def test_a_read_only_token_reads_but_never_writes(api_as, owner, action):
    client = api_as(owner, write=False)
    assert client.get(f"/api/v1/actions/{action.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/actions/{action.pk}/timeline/", {"note": "Hello"}, format="json"
    )
    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "This API token is read-only: make a read-write token to change anything."
    )
    assert not ActionUpdate.objects.filter(note="Hello").exists()


# --- due dates --------------------------------------------------------------------------


def propose(client, action, **body):
    return client.post(
        f"/api/v1/actions/{action.pk}/due-date/",
        {"proposed_due_date": "2099-01-31", "reason": "Trainer delayed.", **body},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("colleague", 200),
        ("force_manager", 403),
        ("outsider", 404),
        ("inspector", 403),
        ("national_manager", 403),
    ],
)
def test_proposing_a_due_date_by_role(role, expected, api_as, cast, action):
    client = api_as(cast[role])
    response = client.post(
        f"/api/v1/actions/{action.pk}/due-date/",
        {"proposed_due_date": "2099-01-31", "reason": "Trainer delayed."},
        format="json",
        HTTP_IF_MATCH=f'"{action.pk}-{action.version}"',
    )
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.proposed_due_date == datetime.date(2099, 1, 31)) is (expected == 200)


def test_a_proposal_without_if_match_is_428(api_as, owner, action):
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/due-date/",
        {"proposed_due_date": "2099-01-31", "reason": "Late."},
        format="json",
    )
    assert response.status_code == 428


def test_a_proposal_in_the_past_is_refused_beside_the_date(api_as, owner, action):
    response = propose(api_as(owner), action, proposed_due_date="2000-01-01")
    assert response.status_code == 400
    assert error_of(response)["errors"] == {
        "date": ["The new due date must be today or in the future."]
    }


def test_proposals_waiting_are_listed_for_inspectors(api_as, owner, inspector, outsider, action):
    propose(api_as(owner), action)
    assert [r["id"] for r in api_as(inspector).get("/api/v1/due-date-proposals/").json()[
        "results"
    ]] == [action.pk]  # fmt: skip
    assert api_as(outsider).get("/api/v1/due-date-proposals/").json()["results"] == []


@pytest.mark.parametrize("decision", ["agree", "decline"])
def test_an_inspector_decides_with_if_match(decision, api_as, owner, inspector, action):
    propose(api_as(owner), action)
    client = api_as(inspector)
    body = {"decision": decision, "reason": "Not justified." if decision == "decline" else ""}
    assert (
        client.post(
            f"/api/v1/actions/{action.pk}/due-date/decision/", body, format="json"
        ).status_code
        == 428
    )
    response = client.post(
        f"/api/v1/actions/{action.pk}/due-date/decision/",
        body,
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.proposed_due_date is None
    agreed = datetime.date(2099, 1, 31) if decision == "agree" else None
    assert action.revised_due_date == agreed


def test_a_force_lead_may_never_decide(api_as, owner, action):
    propose(api_as(owner), action)
    response = api_as(owner).post(
        f"/api/v1/actions/{action.pk}/due-date/decision/", {"decision": "agree"}, format="json"
    )
    assert response.status_code == 403
    assert error_of(response)["message"] == "Only an inspector may agree a new due date."


def test_deciding_with_nothing_waiting_is_400(api_as, inspector, action):
    client = api_as(inspector)
    response = client.post(
        f"/api/v1/actions/{action.pk}/due-date/decision/",
        {"decision": "agree"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 400
    assert error_of(response)["message"] == "No new due date is waiting to be agreed."


def test_declining_needs_a_reason(api_as, owner, inspector, action):
    propose(api_as(owner), action)
    client = api_as(inspector)
    response = client.post(
        f"/api/v1/actions/{action.pk}/due-date/decision/",
        {"decision": "decline"},
        format="json",
        HTTP_IF_MATCH=etag(client, action),
    )
    assert response.status_code == 400
    assert error_of(response)["errors"] == {
        "reason": ["Give a reason for declining the new due date."]
    }
