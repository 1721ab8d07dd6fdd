"""The action page: who sees it, what it shows, and the updates, submissions and
cancellations posted from it (due dates: test_due_dates.py; evidence: test_evidence.py)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvements.models import Action, ActionUpdate, Status
from tests.factories import ActionUpdateFactory, LinkEvidenceFactory
from tests.workspace.actions_helpers import (
    ROLES,
    assert_sent_to_sign_in,
    sign_in,
    sign_in_url,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]

#: Who may post updates, evidence and due dates: force leads of the action's force.
#: Others who can see the action are refused (403, with the reason); outsiders get 404.
EDIT_EXPECTED = {
    "owner": 302,
    "colleague": 302,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 403,
    "national_manager": 403,
}
FORCE_LEAD_REFUSAL = "Only a force lead of the action&#x27;s force may change it."


def page(action):
    return reverse("workspace:action_detail", args=[action.pk])


def url(name, action):
    return reverse(f"workspace:action_{name}", args=[action.pk])


# --- seeing the page ------------------------------------------------------------------


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
def test_the_action_page_is_shown_only_within_scope(role, expected, client, cast, action):
    sign_in(client, cast, role)

    response = client.get(page(action))

    assert response.status_code == expected
    if expected == 200:
        assert action.title in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client, action):
    assert_sent_to_sign_in(client.get(page(action)))


def test_a_missing_action_is_not_found(client, owner):
    client.force_login(owner)

    assert client.get(reverse("workspace:action_detail", args=[99999])).status_code == 404


@pytest.mark.parametrize("role", ["owner", "colleague"])
def test_force_leads_see_the_forms_to_change_their_action(role, client, cast, action):
    sign_in(client, cast, role)

    response = client.get(page(action))

    for form_id in ("update-form", "evidence-form", "due-form"):
        assert f'id="{form_id}"' in response.text
    assert 'id="verify-form"' not in response.text
    assert 'id="cancel-form"' not in response.text


@pytest.mark.parametrize("role", ["force_manager", "national_manager"])
def test_managers_read_the_action_without_forms(role, client, cast, action):
    sign_in(client, cast, role)

    response = client.get(page(action))

    assert "You can read this action but not change it." in response.text
    assert "<form" not in main_content(response)  # the header's sign-out form aside


def test_inspectors_see_the_cancel_form_but_not_the_force_forms(client, inspector, action):
    client.force_login(inspector)

    response = client.get(page(action))

    assert 'id="cancel-form"' in response.text
    assert 'id="update-form"' not in response.text


def test_the_page_shows_the_details(client, owner, action):
    client.force_login(owner)

    response = client.get(page(action))

    assert action.finding.text in response.text
    assert "Cambridgeshire Constabulary" in response.text
    assert "Not started" in response.text
    assert str(owner) in response.text


def test_the_page_has_no_inline_script_or_style(client, owner, action):
    client.force_login(owner)

    response = client.get(page(action))

    assert re.search(r"<script(?![^>]*\bsrc=)", response.text) is None  # only script files
    assert "<style" not in response.text
    assert " style=" not in response.text


# --- the timeline -------------------------------------------------------------------------


def test_the_timeline_merges_updates_and_evidence_newest_first_with_who_and_when(
    client, owner, colleague, action
):
    now = timezone.now()
    ActionUpdateFactory(
        action=action, author=owner, note="First note", created_at=now - datetime.timedelta(days=3)
    )
    LinkEvidenceFactory(
        action=action,
        added_by=colleague,
        description="Training register",
        added_at=now - datetime.timedelta(days=2),
    )
    ActionUpdateFactory(
        action=action,
        author=colleague,
        kind=ActionUpdate.Kind.STATUS_CHANGE,
        note="",
        from_status=Status.NOT_STARTED,
        to_status=Status.IN_PROGRESS,
        created_at=now - datetime.timedelta(days=1),
    )
    client.force_login(owner)

    response = client.get(page(action))

    timeline = response.text.split('id="timeline"')[1]
    newest, middle, oldest = (
        timeline.index("Status changed to in progress"),
        timeline.index("Training register"),
        timeline.index("First note"),
    )
    assert newest < middle < oldest
    assert f"by {colleague}" in timeline
    assert f"by {owner}" in timeline
    assert (now - datetime.timedelta(days=3)).astimezone().strftime("%Y-%m-%dT") in timeline


def test_the_action_page_takes_the_same_number_of_queries_however_long_the_timeline(
    client, owner, action, django_assert_num_queries
):
    def entries(count):
        for _ in range(count):
            ActionUpdateFactory(action=action, author=owner)
            LinkEvidenceFactory(action=action, added_by=owner)

    client.force_login(owner)
    entries(1)
    # 1 session, 2 user, 3 the action (scoped, with its finding, force and people), 4 its
    # updates with their authors, 5 its evidence with who added it, 6-8 the session saved
    # (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(page(action))
    assert response.text.count("moj-timeline__item") == 2

    entries(9)
    with django_assert_num_queries(8):
        response = client.get(page(action))
    assert response.text.count("moj-timeline__item") == 20


# --- posting updates -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), EDIT_EXPECTED.items())
def test_posting_an_update_by_role(role, expected, client, cast, action):
    sign_in(client, cast, role)

    response = client.post(
        url("update", action),
        {"update-version": 1, "update-note": "Training booked.", "update-progress": "30"},
    )

    assert response.status_code == expected
    action.refresh_from_db()
    if expected == 302:
        assert action.progress == 30
        assert ActionUpdate.objects.get(action=action).author == cast[role]
    else:
        assert action.progress == 0
        assert not ActionUpdate.objects.exists()
    if expected == 403:
        assert FORCE_LEAD_REFUSAL in response.text
        assert 'href="#action-details"' in response.text
        assert "Training booked.</textarea>" not in response.text  # no form for them


def test_posting_an_update_anonymously_sends_to_sign_in(client, action):
    response = client.post(url("update", action), {"update-version": 1, "update-note": "Hi"})

    assert_sent_to_sign_in(response)
    assert not ActionUpdate.objects.exists()


def test_an_update_appears_on_the_timeline_with_a_banner(client, owner, action):
    client.force_login(owner)

    response = client.post(
        url("update", action),
        {"update-version": 1, "update-note": "Training booked.", "update-transition": "start"},
        follow=True,
    )

    assert "Status changed to in progress." in response.text
    timeline = response.text.split('id="timeline"')[1]
    assert "Training booked." in timeline
    assert f"by {owner}" in timeline


def test_the_update_form_offers_only_the_changes_available_now(client, owner, action):
    client.force_login(owner)

    response = client.get(page(action))

    assert 'value="start"' in response.text
    assert 'value="hold"' in response.text
    for unavailable in ("resume", "verify", "return"):
        assert f'value="{unavailable}"' not in response.text


@pytest.mark.parametrize(
    ("data", "message", "href"),
    [
        (
            {"update-progress": "lots"},
            "Enter progress as a whole number from 0 to 100.",
            "#update-progress",
        ),
        ({"update-progress": "101"}, "Progress must be 100 or less.", "#update-progress"),
        ({"update-progress": "-5"}, "Progress must be 0 or more.", "#update-progress"),
        ({}, "Write a note, change the progress or choose a new status.", "#update-form"),
        (
            {"update-transition": "fly"},
            "Choose a status change from the list.",
            "#update-transition",
        ),
    ],
)
def test_a_wrong_update_is_explained_and_the_note_is_kept(
    data, message, href, client, owner, action
):
    client.force_login(owner)
    note = {"update-note": "My careful note"} if data else {}

    response = client.post(url("update", action), {"update-version": 1, **note, **data})

    assert response.status_code == 400
    assert message in response.text
    assert f'href="{href}"' in response.text
    if note:
        assert "My careful note</textarea>" in response.text
    assert not ActionUpdate.objects.exists()


def test_holding_without_a_reason_is_refused_with_the_input_kept(client, owner, action):
    client.force_login(owner)

    response = client.post(
        url("update", action),
        {"update-version": 1, "update-progress": "40", "update-transition": "hold"},
    )

    assert response.status_code == 400
    assert "Give a reason to put on hold." in response.text
    assert (
        'id="update-progress" name="update-progress" type="text" inputmode="numeric" value="40"'
        in response.text
    )
    assert 'value="hold" checked' in response.text
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_a_change_the_status_no_longer_allows_is_refused_with_the_reason(client, owner, action):
    Action.objects.filter(pk=action.pk).update(status=Status.IN_PROGRESS)
    client.force_login(owner)

    response = client.post(
        url("update", action), {"update-version": 1, "update-transition": "start"}
    )

    assert response.status_code == 400
    assert "Cannot start work: the action is in progress" in response.text


def test_a_closed_action_cannot_be_updated(client, owner, inspector, action):
    Action.objects.filter(pk=action.pk).update(status=Status.CANCELLED)
    client.force_login(owner)

    response = client.post(url("update", action), {"update-version": 1, "update-note": "Late"})

    assert response.status_code == 400
    assert "The action is cancelled: it can no longer be changed." in response.text
    assert "This action is cancelled: it can no longer be changed." in response.text


def test_posts_need_a_csrf_token(owner, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(url("update", action), {"update-version": 1, "update-note": "Hi"})

    assert response.status_code == 403
    assert not ActionUpdate.objects.exists()


def test_the_change_urls_take_only_posts(client, owner, action):
    client.force_login(owner)

    for name in (
        "update",
        "evidence",
        "propose_due_date",
        "agree_due_date",
        "decline_due_date",
        "submit",
        "verify",
        "return",
        "cancel",
    ):
        assert client.get(url(name, action)).status_code == 405


# --- submitting for verification ---------------------------------------------------------------


def submittable(action):
    Action.objects.filter(pk=action.pk).update(status=Status.IN_PROGRESS)
    LinkEvidenceFactory(action=action)
    return action


@pytest.mark.parametrize(("role", "expected"), EDIT_EXPECTED.items())
def test_submitting_for_verification_by_role(role, expected, client, cast, action):
    submittable(action)
    sign_in(client, cast, role)

    response = client.post(url("submit", action), {"submit-version": 1})

    assert response.status_code == expected
    action.refresh_from_db()
    assert action.status == (Status.SUBMITTED if expected == 302 else Status.IN_PROGRESS)
    if expected == 403:
        assert "Only a force lead of the action&#x27;s force may submit for verification." in (
            response.text
        )


def test_submitting_anonymously_sends_to_sign_in(client, action):
    submittable(action)

    assert_sent_to_sign_in(client.post(url("submit", action), {"submit-version": 1}))


def test_submitting_without_evidence_is_refused_with_the_reason(client, owner, action):
    Action.objects.filter(pk=action.pk).update(status=Status.IN_PROGRESS)
    client.force_login(owner)

    response = client.post(url("submit", action), {"submit-version": 1, "submit-note": "Done"})

    assert response.status_code == 400
    assert "Add at least one piece of evidence before submitting" in response.text
    assert "Done</textarea>" in response.text
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


# --- cancelling (inspectors) ----------------------------------------------------------------------

INSPECTOR_EXPECTED = {
    "owner": 403,
    "colleague": 403,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 302,
    "national_manager": 403,
}


@pytest.mark.parametrize(("role", "expected"), INSPECTOR_EXPECTED.items())
def test_cancelling_by_role(role, expected, client, cast, action):
    sign_in(client, cast, role)

    response = client.post(
        url("cancel", action), {"cancel-version": 1, "cancel-reason": "Superseded."}
    )

    assert response.status_code == expected
    action.refresh_from_db()
    assert action.status == (Status.CANCELLED if expected == 302 else Status.NOT_STARTED)
    if expected == 403:
        assert "Only an inspector may cancel." in response.text


def test_cancelling_anonymously_sends_to_sign_in(client, action):
    response = client.post(url("cancel", action), {"cancel-version": 1, "cancel-reason": "X"})

    assert_sent_to_sign_in(response)


def test_cancelling_needs_a_reason(client, inspector, action):
    client.force_login(inspector)

    response = client.post(url("cancel", action), {"cancel-version": 1, "cancel-reason": " "})

    assert response.status_code == 400
    assert "Enter the reason for cancelling the action." in response.text
    assert 'href="#cancel-reason"' in response.text


def test_every_role_is_covered():
    assert set(EDIT_EXPECTED) | {"anonymous"} == set(ROLES)
    assert set(INSPECTOR_EXPECTED) | {"anonymous"} == set(ROLES)


def main_content(response) -> str:
    """The page's <main>: what the action page itself shows, without the shared header."""
    return response.text.split("<main", 1)[1].split("</main>", 1)[0]


# --- who before what: a refusal comes before any check of the input ---------------------------


@pytest.mark.parametrize(
    ("role", "name", "data", "reason", "field_error"),
    [
        (
            "force_manager",
            "update",
            {"update-progress": "lots"},
            "Only a force lead of the action&#x27;s force may change it.",
            "Enter progress as a whole number from 0 to 100.",
        ),
        (
            "inspector",
            "evidence",
            {},
            "Only a force lead of the action&#x27;s force may change it.",
            "Describe what the evidence shows.",
        ),
        (
            "national_manager",
            "propose_due_date",
            {"due-day": "99"},
            "Only a force lead of the action&#x27;s force may propose a new due date.",
            "The new due date must include",
        ),
        (
            "inspector",
            "submit",
            {},
            "Only a force lead of the action&#x27;s force may submit for verification.",
            "The page was missing some information.",
        ),
        (
            "owner",
            "verify",
            {},
            "Only an inspector may verify.",
            "The page was missing some information.",
        ),
        (
            "colleague",
            "return",
            {"return-version": "1"},
            "Only an inspector may return to the force.",
            "Enter the reason for returning the action to the force.",
        ),
        (
            "force_manager",
            "cancel",
            {"cancel-version": "1"},
            "Only an inspector may cancel.",
            "Enter the reason for cancelling the action.",
        ),
        (
            "owner",
            "agree_due_date",
            {},
            "Only an inspector may agree a new due date.",
            "The page was missing some information.",
        ),
        (
            "colleague",
            "decline_due_date",
            {"decline-version": "1"},
            "Only an inspector may decline a new due date.",
            "Enter the reason for declining the new due date.",
        ),
    ],
    ids=[
        "manager updates",
        "inspector adds evidence",
        "national manager proposes a date",
        "inspector submits",
        "lead verifies",
        "lead returns",
        "manager cancels",
        "lead agrees a date",
        "lead declines a date",
    ],
)
def test_someone_who_may_never_make_a_change_is_refused_before_their_input_is_checked(
    role, name, data, reason, field_error, client, cast, action
):
    sign_in(client, cast, role)

    response = client.post(url(name, action), data)

    assert response.status_code == 403
    assert "There is a problem" in response.text
    assert f'<a href="#action-details">{reason}</a>' in response.text
    assert field_error not in response.text


def test_an_overdue_action_says_by_how_many_days(client, owner, action, today):
    Action.objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=5))
    client.force_login(owner)

    details = client.get(page(action)).text.split('id="action-details"')[1]

    assert "Overdue by 5 days" in details
