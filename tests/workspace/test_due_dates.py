"""Due dates on the action page and in the queue: a force lead proposes a new date with a
reason, an inspector agrees or declines it; the original date always stays in view."""

import datetime

import pytest
from django.urls import reverse

from improvements import services
from improvements.models import Action, ActionUpdate, Status
from tests.factories import ActionFactory, FindingFactory, InspectionFactory, LinkEvidenceFactory
from tests.workspace.actions_helpers import (
    ROLES,
    assert_sent_to_sign_in,
    sign_in,
    sign_in_url,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]

DAY = datetime.timedelta(days=1)
QUEUE = reverse("workspace:verification_queue")

#: Force leads of the action's force propose; others who see the action are told they may
#: not (403); outsiders get 404.
PROPOSE_EXPECTED = {
    "owner": 302,
    "colleague": 302,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 403,
    "national_manager": 403,
}
#: Inspectors agree and decline.
DECIDE_EXPECTED = {
    "owner": 403,
    "colleague": 403,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 302,
    "national_manager": 403,
}


def page(action):
    return reverse("workspace:action_detail", args=[action.pk])


def url(name, action):
    return reverse(f"workspace:action_{name}", args=[action.pk])


def long_date(date):
    return f"{date.day} {date:%B %Y}"


def summary(response) -> str:
    """The action's details (summary list), where its due dates are shown."""
    return response.text.split('id="action-details"')[1].split("</dl>")[0]


def due_data(action, day, month, year, reason="Supplier delay."):
    return {
        "due-version": action.version,
        "due-day": day,
        "due-month": month,
        "due-year": year,
        "due-reason": reason,
    }


def date_data(action, date, reason="Supplier delay."):
    return due_data(action, date.day, date.month, date.year, reason)


@pytest.fixture
def proposed(action, colleague):
    """The action with a new date, 30 days after the original, waiting for an inspector."""
    return services.propose_due_date(
        action,
        by=colleague,
        version=action.version,
        proposed_due_date=action.due_date + 30 * DAY,
        reason="The supplier is late.",
    )


# --- what the page shows ---------------------------------------------------------------


def test_the_original_due_date_is_always_shown(client, owner, action):
    client.force_login(owner)

    response = client.get(page(action))

    assert "Original due date" in response.text
    assert long_date(action.due_date) in summary(response)
    assert "Revised due date" not in response.text
    assert "Proposed due date" not in response.text


@pytest.mark.parametrize("role", ["owner", "force_manager", "inspector", "national_manager"])
def test_a_proposal_is_shown_beside_the_original_with_reason_who_and_when(
    role, client, cast, colleague, proposed, today
):
    sign_in(client, cast, role)

    response = client.get(page(proposed))

    details = summary(response)
    assert long_date(proposed.due_date) in details
    proposal = details.split('id="proposed-due-date"')[1]
    assert long_date(proposed.proposed_due_date) in proposal
    assert "Waiting for an inspector to agree it" in proposal
    assert "Reason: The supplier is late." in proposal
    assert f"Proposed by {colleague} on {long_date(today)}" in proposal


def test_an_agreed_date_is_shown_beside_the_original_with_reason_and_who_agreed_it(
    client, owner, inspector, proposed, today
):
    services.agree_due_date(proposed, by=inspector, version=proposed.version)
    client.force_login(owner)

    response = client.get(page(proposed))

    details = summary(response)
    assert long_date(proposed.due_date) in details.split('id="original-due-date"')[1]
    revised = details.split('id="revised-due-date"')[1]
    assert long_date(proposed.due_date + 30 * DAY) in revised
    assert "Reason: The supplier is late." in revised
    assert f"Agreed by {inspector} on {long_date(today)}" in revised
    assert "Proposed due date" not in details


def test_a_pending_proposal_sits_beside_an_earlier_agreed_date(client, owner, inspector, proposed):
    services.agree_due_date(proposed, by=inspector, version=proposed.version)
    proposed.refresh_from_db()
    services.propose_due_date(
        proposed,
        by=owner,
        version=proposed.version,
        proposed_due_date=proposed.due_date + 60 * DAY,
        reason="Still late.",
    )
    client.force_login(owner)

    details = summary(client.get(page(proposed)))

    assert 'id="original-due-date"' in details
    assert long_date(proposed.due_date + 30 * DAY) in details.split('id="revised-due-date"')[1]
    assert long_date(proposed.due_date + 60 * DAY) in details.split('id="proposed-due-date"')[1]


@pytest.mark.parametrize("role", ["owner", "colleague"])
def test_force_leads_get_the_form_to_propose_a_new_date(role, client, cast, proposed):
    sign_in(client, cast, role)

    response = client.get(page(proposed))

    assert "Propose a new due date" in response.text
    assert f'action="{url("propose_due_date", proposed)}"' in response.text
    assert f"this replaces the date of {long_date(proposed.proposed_due_date)}" in response.text
    assert 'id="agree-form"' not in response.text
    assert 'id="decline-form"' not in response.text


def test_inspectors_get_agree_and_decline_forms_while_a_date_is_proposed(
    client, inspector, proposed
):
    client.force_login(inspector)

    response = client.get(page(proposed))

    assert "Agree or decline the new due date" in response.text
    assert f'action="{url("agree_due_date", proposed)}"' in response.text
    assert f'action="{url("decline_due_date", proposed)}"' in response.text
    assert f'name="agree-version" value="{proposed.version}"' in response.text
    assert 'id="due-form"' not in response.text


def test_inspectors_get_no_agree_form_when_nothing_is_proposed(client, inspector, action):
    client.force_login(inspector)

    response = client.get(page(action))

    assert 'id="agree-form"' not in response.text
    assert 'id="decline-form"' not in response.text


@pytest.mark.parametrize("role", ["force_manager", "national_manager"])
def test_managers_read_a_proposal_without_forms(role, client, cast, proposed):
    sign_in(client, cast, role)

    response = client.get(page(proposed))

    main = response.text.split("<main", 1)[1]
    assert "<form" not in main  # the header's sign-out form aside
    assert "Proposed due date" in main


def test_the_timeline_keeps_each_proposal_and_decision(client, owner, inspector, proposed):
    services.decline_due_date(proposed, by=inspector, version=proposed.version, reason="No.")
    client.force_login(owner)

    timeline = client.get(page(proposed)).text.split('id="timeline"')[1]

    new_date = long_date(proposed.due_date + 30 * DAY)
    assert '<h3 class="moj-timeline__title">New due date proposed</h3>' in timeline
    assert '<h3 class="moj-timeline__title">New due date declined</h3>' in timeline
    assert f"Proposed a new due date of {new_date}: The supplier is late." in timeline
    assert f"Declined the proposed due date of {new_date}: No." in timeline
    assert f"by {inspector}" in timeline


# --- proposing ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), PROPOSE_EXPECTED.items())
def test_proposing_a_due_date_by_role(role, expected, client, cast, action):
    sign_in(client, cast, role)
    new_date = action.due_date + 14 * DAY

    response = client.post(url("propose_due_date", action), date_data(action, new_date))

    assert response.status_code == expected
    action.refresh_from_db()
    if expected == 302:
        assert response["Location"] == page(action)
        assert action.proposed_due_date == new_date
        assert action.proposed_by == cast[role]
        assert action.revised_due_date is None  # not until an inspector agrees
    else:
        assert action.proposed_due_date is None
        assert not ActionUpdate.objects.exists()
    if expected == 403:
        assert (
            "Only a force lead of the action&#x27;s force may propose a new due date."
            in response.text
        )
        assert 'href="#action-details"' in response.text


def test_proposing_anonymously_sends_to_sign_in(client, action):
    response = client.post(url("propose_due_date", action), due_data(action, 1, 1, 2100))

    assert_sent_to_sign_in(response)
    action.refresh_from_db()
    assert action.proposed_due_date is None


def test_a_proposal_is_confirmed_in_a_banner(client, owner, action):
    client.force_login(owner)
    new_date = action.due_date + 14 * DAY

    response = client.post(
        url("propose_due_date", action), date_data(action, new_date), follow=True
    )

    assert "govuk-notification-banner--success" in response.text
    assert (
        f"New due date of {long_date(new_date)} proposed. An inspector will agree or decline it."
        in response.text
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "wrong"),
    [
        ("", "", "", "Enter the new due date.", ["day", "month", "year"]),
        ("12", "", "2030", "The new due date must include a month.", ["month"]),
        ("", "", "2030", "The new due date must include a day and a month.", ["day", "month"]),
        ("31", "2", "2030", "The new due date must be a real date.", ["day", "month", "year"]),
        ("1", "June", "2030", "The new due date must be a real date.", ["month"]),
        ("1", "6", "30", "Year must include 4 numbers.", ["year"]),
        # Said by the service, shown on the date all the same:
        (
            "1",
            "1",
            "2001",
            "The new due date must be today or in the future.",
            ["day", "month", "year"],
        ),
    ],
)
def test_a_wrong_due_date_is_explained_and_what_was_typed_is_kept(
    day, month, year, message, wrong, client, owner, action
):
    client.force_login(owner)

    response = client.post(
        url("propose_due_date", action), due_data(action, day, month, year, reason="Keep me")
    )

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert f'<a href="#due-{wrong[0]}">{message}</a>' in response.text
    assert 'id="due-date-error" class="govuk-error-message">' in response.text
    for part, value in (("day", day), ("month", month), ("year", year)):
        assert f'name="due-{part}" type="text" inputmode="numeric" value="{value}"' in response.text
        marked = f'govuk-input--error" id="due-{part}"' in response.text
        assert marked == (part in wrong)
    assert "Keep me</textarea>" in response.text
    action.refresh_from_db()
    assert action.proposed_due_date is None


def test_the_current_due_date_is_refused_beside_the_date(client, owner, action):
    client.force_login(owner)

    response = client.post(url("propose_due_date", action), date_data(action, action.due_date))

    assert response.status_code == 400
    assert '<a href="#due-day">The new due date is the same as the current one.</a>' in (
        response.text
    )
    action.refresh_from_db()
    assert action.proposed_due_date is None


def test_a_proposal_needs_a_reason(client, owner, action):
    client.force_login(owner)

    response = client.post(
        url("propose_due_date", action), date_data(action, action.due_date + DAY, reason="")
    )

    assert response.status_code == 400
    assert '<a href="#due-reason">Enter the reason for the new due date.</a>' in response.text


def test_a_submitted_action_takes_no_proposal(client, owner, action):
    LinkEvidenceFactory(action=action)
    services.change_status(action, "start", by=owner, version=1)
    services.change_status(action, "submit", by=owner, version=2)
    client.force_login(owner)

    response = client.post(
        url("propose_due_date", Action.objects.get(pk=action.pk)),
        {**date_data(action, action.due_date + DAY), "due-version": 3},
    )

    assert response.status_code == 400
    assert "The action is submitted for verification: it can no longer be changed." in (
        response.text
    )


# --- agreeing and declining ------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), DECIDE_EXPECTED.items())
def test_agreeing_a_due_date_by_role(role, expected, client, cast, proposed):
    sign_in(client, cast, role)

    response = client.post(url("agree_due_date", proposed), {"agree-version": proposed.version})

    assert response.status_code == expected
    proposed.refresh_from_db()
    if expected == 302:
        assert response["Location"] == page(proposed)
        assert proposed.revised_due_date == proposed.due_date + 30 * DAY
        assert proposed.revised_due_agreed_by == cast[role]
        assert not proposed.has_proposed_due_date
    else:
        assert proposed.revised_due_date is None
        assert proposed.has_proposed_due_date
    if expected == 403:
        assert "Only an inspector may agree a new due date." in response.text


def test_agreeing_anonymously_sends_to_sign_in(client, proposed):
    response = client.post(url("agree_due_date", proposed), {"agree-version": proposed.version})

    assert_sent_to_sign_in(response)
    proposed.refresh_from_db()
    assert proposed.revised_due_date is None


def test_an_agreed_date_is_confirmed_in_a_banner(client, inspector, proposed):
    client.force_login(inspector)

    response = client.post(
        url("agree_due_date", proposed), {"agree-version": proposed.version}, follow=True
    )

    assert f"New due date of {long_date(proposed.due_date + 30 * DAY)} agreed." in response.text


def test_there_is_nothing_to_agree_without_a_proposal(client, inspector, action):
    client.force_login(inspector)

    response = client.post(url("agree_due_date", action), {"agree-version": action.version})

    assert response.status_code == 400
    assert "No new due date is waiting to be agreed." in response.text


def test_agreeing_a_proposal_replaced_since_the_page_was_loaded_is_a_conflict(
    client, inspector, owner, proposed
):
    seen_version = proposed.version
    services.propose_due_date(
        proposed,
        by=owner,
        version=proposed.version,
        proposed_due_date=proposed.due_date + 90 * DAY,
        reason="Longer still.",
    )
    client.force_login(inspector)

    response = client.post(url("agree_due_date", proposed), {"agree-version": seen_version})

    assert response.status_code == 409
    assert "Someone else changed this action" in response.text
    assert long_date(proposed.due_date + 90 * DAY) in summary(response)
    proposed.refresh_from_db()
    assert proposed.revised_due_date is None


@pytest.mark.parametrize(("role", "expected"), DECIDE_EXPECTED.items())
def test_declining_a_due_date_by_role(role, expected, client, cast, proposed):
    sign_in(client, cast, role)

    response = client.post(
        url("decline_due_date", proposed),
        {"decline-version": proposed.version, "decline-reason": "Not without a plan."},
    )

    assert response.status_code == expected
    proposed.refresh_from_db()
    assert proposed.has_proposed_due_date == (expected != 302)
    assert proposed.revised_due_date is None
    if expected == 302:
        assert proposed.updates.latest().author == cast[role]
    if expected == 403:
        assert "Only an inspector may decline a new due date." in response.text


def test_declining_anonymously_sends_to_sign_in(client, proposed):
    response = client.post(
        url("decline_due_date", proposed),
        {"decline-version": proposed.version, "decline-reason": "No."},
    )

    assert_sent_to_sign_in(response)
    proposed.refresh_from_db()
    assert proposed.has_proposed_due_date


def test_declining_needs_a_reason(client, inspector, proposed):
    client.force_login(inspector)

    response = client.post(
        url("decline_due_date", proposed),
        {"decline-version": proposed.version, "decline-reason": "  "},
    )

    assert response.status_code == 400
    assert (
        '<a href="#decline-reason">Enter the reason for declining the new due date.</a>'
        in response.text
    )
    proposed.refresh_from_db()
    assert proposed.has_proposed_due_date


def test_a_declined_date_is_confirmed_in_a_banner(client, inspector, proposed):
    client.force_login(inspector)

    response = client.post(
        url("decline_due_date", proposed),
        {"decline-version": proposed.version, "decline-reason": "No."},
        follow=True,
    )

    assert "Proposed due date declined. The due date has not changed." in response.text


# --- the queue's second section ----------------------------------------------------------------


def propose_for(action, days, reason="Later, please."):
    lead = action.owner
    return services.propose_due_date(
        action,
        by=lead,
        version=action.version,
        proposed_due_date=action.due_date + days * DAY,
        reason=reason,
    )


def test_the_queue_lists_proposed_due_dates_oldest_first(
    client, inspector, action, lancs_action, finding
):
    propose_for(lancs_action, 10)
    propose_for(action, 20)
    ActionFactory(finding=finding, title="Nothing proposed")
    client.force_login(inspector)

    response = client.get(QUEUE)

    section = response.text.split('id="due-dates"')[1]
    assert "Due dates to agree (2)" in response.text
    assert section.index(lancs_action.title) < section.index(action.title)
    assert "Nothing proposed" not in section
    assert "Lancashire Constabulary" in section


def test_each_proposal_in_the_queue_shows_the_dates_reason_and_forms(
    client, inspector, owner, action, today
):
    action = propose_for(action, 20, reason="The auditors moved.")
    client.force_login(inspector)

    response = client.get(QUEUE)

    card = response.text.split(f'id="due-date-{action.pk}"')[1]
    assert long_date(action.due_date) in card
    assert long_date(action.due_date + 20 * DAY) in card
    assert "Reason: The auditors moved." in card
    assert f"Proposed by {owner} on {long_date(today)}" in card
    assert f'action="{url("agree_due_date", action)}"' in card
    assert f'action="{url("decline_due_date", action)}"' in card
    assert f'name="agree-version" value="{action.version}"' in card
    assert f'id="action-{action.pk}-decline-reason"' in card


def test_an_empty_due_date_section_says_so(client, inspector):
    client.force_login(inspector)

    assert "No new due dates are waiting to be agreed." in client.get(QUEUE).text


def test_agreeing_from_the_queue_returns_to_the_queue(client, inspector, action):
    action = propose_for(action, 20)
    client.force_login(inspector)

    response = client.post(
        url("agree_due_date", action),
        {"agree-version": action.version, "next": "queue"},
        follow=True,
    )

    assert response.redirect_chain == [(QUEUE, 302)]
    assert "No new due dates are waiting to be agreed." in response.text


def test_declining_from_the_queue_returns_to_the_queue(client, inspector, action):
    action = propose_for(action, 20)
    client.force_login(inspector)

    response = client.post(
        url("decline_due_date", action),
        {"decline-version": action.version, "decline-reason": "No.", "next": "queue"},
    )

    assert response["Location"] == QUEUE


def test_a_closed_action_leaves_the_due_date_section(client, inspector, action):
    action = propose_for(action, 20)
    services.change_status(action, "cancel", by=inspector, version=action.version, reason="Gone")
    client.force_login(inspector)

    assert action.title not in client.get(QUEUE).text.split('id="due-dates"')[1]


def test_the_queue_takes_the_same_number_of_queries_however_many_waiting(
    client, inspector, inspection, lancs, django_assert_num_queries
):
    from tests.factories import UserFactory

    inspections = [inspection, InspectionFactory(force=lancs)]
    leads = [
        UserFactory(username="cambs-lead", role="force_lead", force=inspection.force),
        UserFactory(username="lancs-lead", role="force_lead", force=lancs),
    ]

    def fill(count):
        for index in range(count):
            finding = FindingFactory(inspection=inspections[index % 2])
            submitted = ActionFactory(finding=finding, owner=leads[index % 2])
            LinkEvidenceFactory(action=submitted, added_by=leads[index % 2])
            Action.objects.filter(pk=submitted.pk).update(
                status=Status.SUBMITTED, submitted_at=datetime.datetime.now(datetime.UTC)
            )
            propose_for(ActionFactory(finding=finding, owner=leads[index % 2]), 20)

    client.force_login(inspector)
    fill(2)
    # 1 session, 2 user, 3 submitted actions with force, finding, cycle and owner, 4 their
    # evidence with who added it, 5 actions with a proposed due date (the same, and who
    # proposed and agreed), 6-8 the session saved (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(QUEUE)
    assert response.text.count('class="govuk-summary-card"') == 4

    fill(18)
    with django_assert_num_queries(8):
        response = client.get(QUEUE)
    assert response.text.count('class="govuk-summary-card"') == 40


def test_every_role_is_covered():
    assert set(PROPOSE_EXPECTED) | {"anonymous"} == set(ROLES)
    assert set(DECIDE_EXPECTED) | {"anonymous"} == set(ROLES)
