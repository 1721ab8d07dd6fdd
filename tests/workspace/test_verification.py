"""The inspectors' verification queue, and verifying or returning a submitted action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from improvements import services
from improvements.models import Action, ActionUpdate, Status
from tests.factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    LinkEvidenceFactory,
)
from tests.workspace.actions_helpers import (
    PDF_BYTES,
    assert_sent_to_sign_in,
    sign_in,
    sign_in_url,  # noqa: F401 (fixture)
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]

QUEUE = reverse("workspace:verification_queue")

#: Only inspectors verify or return; others who see the action are told so (403);
#: outsiders get 404.
EXPECTED = {
    "owner": 403,
    "colleague": 403,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 302,
    "national_manager": 403,
}


def submit(action, days_ago=0):
    """Put an action in the queue as if submitted `days_ago` days ago."""
    if not action.evidence.exists():
        LinkEvidenceFactory(action=action, added_by=action.owner)
    Action.objects.filter(pk=action.pk).update(
        status=Status.SUBMITTED,
        progress=100,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    action.refresh_from_db()
    return action


def url(name, action):
    return reverse(f"workspace:action_{name}", args=[action.pk])


# --- the queue -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 404),
        ("colleague", 404),
        ("force_manager", 404),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 200),
        ("national_manager", 404),
    ],
)
def test_only_inspectors_have_a_verification_queue(role, expected, client, cast, action):
    submit(action)
    sign_in(client, cast, role)

    response = client.get(QUEUE)

    assert response.status_code == expected
    if expected == 200:
        assert action.title in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert_sent_to_sign_in(client.get(QUEUE))


def test_the_queue_lists_submitted_actions_of_every_force_oldest_first(
    client, inspector, action, lancs_action, finding
):
    submit(action, days_ago=1)
    submit(lancs_action, days_ago=5)
    in_progress = ActionFactory(finding=finding, title="Still being worked on")
    client.force_login(inspector)

    response = client.get(QUEUE)

    assert response.text.index(lancs_action.title) < response.text.index(action.title)
    assert "Lancashire Constabulary" in response.text
    assert "Cambridgeshire Constabulary" in response.text
    assert in_progress.title not in response.text


def test_each_queued_action_shows_its_finding_evidence_and_forms(client, inspector, owner, action):
    evidence = services.add_evidence(
        action, by=owner, description="Audit report", upload=upload("audit.pdf", PDF_BYTES)
    )
    action = submit(action)
    client.force_login(inspector)

    response = client.get(QUEUE)

    assert action.finding.text in response.text
    assert "Audit report" in response.text
    assert reverse("workspace:evidence_download", args=[evidence.pk]) in response.text
    assert f'action="{url("verify", action)}"' in response.text
    assert f'action="{url("return", action)}"' in response.text
    assert f'name="verify-version" value="{action.version}"' in response.text
    assert 'name="return-reason"' in response.text
    assert f'id="action-{action.pk}-return-reason"' in response.text


def test_an_empty_queue_says_so(client, inspector):
    client.force_login(inspector)

    assert "No actions are waiting for verification." in client.get(QUEUE).text


def test_the_queue_takes_the_same_number_of_queries_however_many_actions(
    client, inspector, inspection, lancs, django_assert_num_queries
):
    inspections = [inspection, InspectionFactory(force=lancs)]

    def queue(count):
        for index in range(count):
            action = ActionFactory(finding=FindingFactory(inspection=inspections[index % 2]))
            LinkEvidenceFactory(action=action, added_by=inspector)
            LinkEvidenceFactory(action=action, added_by=inspector)
            submit(action)

    client.force_login(inspector)
    queue(2)
    # 1 session, 2 user, 3 submitted actions with force, finding, cycle and owner, 4 their
    # evidence with who added it, 5 proposed due dates (none here), 6-8 the session saved
    # (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(QUEUE)
    assert response.text.count('class="govuk-summary-card"') == 2

    queue(18)
    with django_assert_num_queries(8):
        response = client.get(QUEUE)
    assert response.text.count('class="govuk-summary-card"') == 20


# --- verifying ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), EXPECTED.items())
def test_verifying_by_role(role, expected, client, cast, action):
    action = submit(action)
    sign_in(client, cast, role)

    response = client.post(url("verify", action), {"verify-version": action.version})

    assert response.status_code == expected
    action.refresh_from_db()
    if expected == 302:
        assert action.status == Status.VERIFIED
        assert action.verified_by == cast[role]
    else:
        assert action.status == Status.SUBMITTED
        assert not ActionUpdate.objects.exists()
    if expected == 403:
        assert "Only an inspector may verify." in response.text


def test_verifying_anonymously_sends_to_sign_in(client, action):
    action = submit(action)

    assert_sent_to_sign_in(client.post(url("verify", action), {"verify-version": 1}))
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED


def test_verifying_from_the_queue_returns_to_the_queue_with_a_banner(client, inspector, action):
    action = submit(action)
    client.force_login(inspector)

    response = client.post(
        url("verify", action), {"verify-version": action.version, "next": "queue"}, follow=True
    )

    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Action verified." in response.text
    assert "No actions are waiting for verification." in response.text


def test_verifying_from_the_action_page_returns_to_it(client, inspector, action):
    action = submit(action)
    client.force_login(inspector)

    response = client.post(url("verify", action), {"verify-version": action.version})

    assert response["Location"] == reverse("workspace:action_detail", args=[action.pk])


def test_an_action_not_submitted_cannot_be_verified(client, inspector, action):
    client.force_login(inspector)

    response = client.post(url("verify", action), {"verify-version": action.version})

    assert response.status_code == 400
    assert "Cannot verify: the action is not started" in response.text
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_a_verified_action_shows_who_verified_it_and_is_closed(client, inspector, owner, action):
    action = submit(action)
    services.change_status(action, "verify", by=inspector, version=action.version)
    client.force_login(owner)

    response = client.get(reverse("workspace:action_detail", args=[action.pk]))

    assert f"by {inspector}" in response.text
    assert "This action is verified: it can no longer be changed." in response.text
    assert "<form" not in response.text.split("<main", 1)[1]  # the header's sign-out aside


# --- returning ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), EXPECTED.items())
def test_returning_by_role(role, expected, client, cast, action):
    action = submit(action)
    sign_in(client, cast, role)

    response = client.post(
        url("return", action),
        {"return-version": action.version, "return-reason": "The audit is not attached."},
    )

    assert response.status_code == expected
    action.refresh_from_db()
    assert action.status == (Status.IN_PROGRESS if expected == 302 else Status.SUBMITTED)
    if expected == 403:
        assert "Only an inspector may return to the force." in response.text


def test_returning_anonymously_sends_to_sign_in(client, action):
    action = submit(action)

    response = client.post(url("return", action), {"return-version": 1, "return-reason": "No"})

    assert_sent_to_sign_in(response)


def test_returning_needs_a_reason_and_keeps_the_note_typed(client, inspector, action):
    action = submit(action)
    client.force_login(inspector)

    response = client.post(
        url("return", action),
        {"return-version": action.version, "return-reason": "   ", "next": "queue"},
    )

    assert response.status_code == 400
    assert "Enter the reason for returning the action to the force." in response.text
    assert 'href="#return-reason"' in response.text
    action.refresh_from_db()
    assert action.status == Status.SUBMITTED


def test_a_returned_action_goes_back_to_the_force_with_the_reason_on_its_timeline(
    client, inspector, owner, action
):
    action = submit(action)
    client.force_login(inspector)
    client.post(
        url("return", action),
        {"return-version": action.version, "return-reason": "The audit is not attached."},
    )
    client.force_login(owner)

    response = client.get(reverse("workspace:action_detail", args=[action.pk]))

    timeline = response.text.split('id="timeline"')[1]
    assert "Returned to the force" in timeline
    assert "The audit is not attached." in timeline
    assert f"by {inspector}" in timeline
    assert 'id="update-form"' in response.text
