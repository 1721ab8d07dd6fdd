"""Two people editing the same action: the second save is refused with a clear message,
keeps what they typed, shows the action as it now is, and nothing is overwritten."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from improvements.models import Action, Status
from tests.factories import LinkEvidenceFactory
from tests.workspace.actions_helpers import sign_in_url  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]

CONFLICT = "Someone else changed this action while you were editing it."


def url(name, action):
    return reverse(f"workspace:action_{name}", args=[action.pk])


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def hidden_version(html, prefix):
    return int(re.search(rf'name="{prefix}-version" value="(\d+)"', html).group(1))


@pytest.fixture
def two_leads(owner, colleague, action):
    """The owner and a colleague, both with the action page open at version 1."""
    owner_client, colleague_client = client_for(owner), client_for(colleague)
    for client in (owner_client, colleague_client):
        page = client.get(reverse("workspace:action_detail", args=[action.pk])).text
        assert hidden_version(page, "update") == 1
    return owner_client, colleague_client


def test_the_second_progress_update_is_refused_and_keeps_what_was_typed(two_leads, action):
    owner_client, colleague_client = two_leads
    colleague_client.post(url("update", action), {"update-version": 1, "update-progress": "40"})

    response = owner_client.post(
        url("update", action),
        {"update-version": 1, "update-progress": "60", "update-note": "Pilot finished."},
    )

    assert response.status_code == 409
    assert CONFLICT in response.text
    assert "There is a problem" in response.text
    # what they typed is kept ...
    assert "Pilot finished.</textarea>" in response.text
    assert 'name="update-progress" type="text" inputmode="numeric" value="60"' in response.text
    # ... beside the action as it is now
    assert "40% complete" in response.text
    action.refresh_from_db()
    assert (action.progress, action.version) == (40, 2)


def test_after_seeing_the_conflict_the_same_change_can_be_made_again(two_leads, action):
    owner_client, colleague_client = two_leads
    colleague_client.post(url("update", action), {"update-version": 1, "update-progress": "40"})
    refused = owner_client.post(
        url("update", action), {"update-version": 1, "update-progress": "60"}
    )

    again = owner_client.post(
        url("update", action),
        {"update-version": hidden_version(refused.text, "update"), "update-progress": "60"},
    )

    assert again.status_code == 302
    action.refresh_from_db()
    assert action.progress == 60


def test_a_status_change_on_a_stale_page_is_a_conflict_not_a_wrong_status(two_leads, action):
    owner_client, colleague_client = two_leads
    colleague_client.post(
        url("update", action),
        {"update-version": 1, "update-transition": "hold", "update-note": "Waiting on budget."},
    )

    response = owner_client.post(
        url("update", action), {"update-version": 1, "update-transition": "start"}
    )

    assert response.status_code == 409
    assert CONFLICT in response.text
    assert "status on hold" in response.text
    action.refresh_from_db()
    assert action.status == Status.ON_HOLD


def test_the_second_due_date_proposal_on_a_stale_page_is_refused(two_leads, action):
    owner_client, colleague_client = two_leads
    first = action.due_date + datetime.timedelta(days=10)
    second = action.due_date + datetime.timedelta(days=20)

    def propose(client, date, reason):
        return client.post(
            url("propose_due_date", action),
            {
                "due-version": 1,
                "due-day": date.day,
                "due-month": date.month,
                "due-year": date.year,
                "due-reason": reason,
            },
        )

    assert propose(colleague_client, first, "Supplier late.").status_code == 302
    response = propose(owner_client, second, "Staff away.")

    assert response.status_code == 409
    assert CONFLICT in response.text
    assert f'name="due-day" type="text" inputmode="numeric" value="{second.day}"' in response.text
    assert "Staff away.</textarea>" in response.text
    action.refresh_from_db()
    assert (action.proposed_due_date, action.proposed_due_reason) == (first, "Supplier late.")


def test_two_inspectors_cannot_both_decide(action, owner, inspector):
    from tests.factories import InspectorFactory

    LinkEvidenceFactory(action=action, added_by=owner)
    Action.objects.filter(pk=action.pk).update(
        status=Status.SUBMITTED, submitted_at=datetime.datetime.now(datetime.UTC)
    )
    first, second = client_for(inspector), client_for(InspectorFactory(username="second"))

    returned = first.post(url("return", action), {"return-version": 1, "return-reason": "Thin."})
    verified = second.post(url("verify", action), {"verify-version": 1})

    assert returned.status_code == 302
    assert verified.status_code == 409
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_a_note_on_a_stale_page_is_still_added(two_leads, action):
    """A note overwrites nothing, so it is not refused."""
    owner_client, colleague_client = two_leads
    colleague_client.post(url("update", action), {"update-version": 1, "update-progress": "40"})

    response = owner_client.post(url("update", action), {"update-version": 1, "update-note": "FYI"})

    assert response.status_code == 302
    assert action.updates.filter(note="FYI").exists()


def test_evidence_added_on_a_stale_page_is_still_added(two_leads, action):
    owner_client, colleague_client = two_leads
    colleague_client.post(url("update", action), {"update-version": 1, "update-progress": "40"})

    response = owner_client.post(
        url("evidence", action),
        {
            "evidence-description": "Register",
            "evidence-kind": "link",
            "evidence-url": "https://example.org/register",
        },
    )

    assert response.status_code == 302
    assert action.evidence.count() == 1


def test_a_form_error_keeps_the_version_first_seen_so_the_conflict_is_still_caught(
    two_leads, action
):
    owner_client, colleague_client = two_leads
    colleague_client.post(url("update", action), {"update-version": 1, "update-progress": "40"})

    mistyped = owner_client.post(
        url("update", action), {"update-version": 1, "update-progress": "six"}
    )
    assert mistyped.status_code == 400
    assert hidden_version(mistyped.text, "update") == 1

    corrected = owner_client.post(
        url("update", action), {"update-version": 1, "update-progress": "6"}
    )
    assert corrected.status_code == 409
    action.refresh_from_db()
    assert action.progress == 40


def test_a_post_without_a_version_is_refused(client, owner, action):
    client.force_login(owner)

    response = client.post(url("update", action), {"update-progress": "50"})

    assert response.status_code == 400
    assert "The page was missing some information. Reload it and try again." in response.text
    action.refresh_from_db()
    assert action.progress == 0
