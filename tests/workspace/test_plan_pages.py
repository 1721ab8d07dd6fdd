"""The force writes its plan from the pages: adding an action from the finding page,
reassigning it, withdrawing a submission or a piece of evidence, and what a returned
action looks like, for every role (owner, colleague, outsider lead, managers, inspector,
anonymous)."""

import datetime

import pytest
from django.urls import reverse

from improvements import services
from improvements.models import Action, ActionUpdate, Evidence, Status
from inspections.models import FindingKind, FindingStatus
from tests.factories import FindingFactory, LinkEvidenceFactory
from tests.workspace.actions_helpers import (
    PDF_BYTES,
    ROLES,
    assert_sent_to_sign_in,
    sign_in,
    sign_in_url,  # noqa: F401 (fixture)
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]

#: Adding an action: force leads of the finding's force, and inspectors (as in the
#: admin); managers are refused with the reason; another force's people get 404.
ADD_EXPECTED = {
    "owner": 302,
    "colleague": 302,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 302,
    "national_manager": 403,
}
#: Reassigning and withdrawing: force leads of the action's force only.
LEAD_ONLY = {
    "owner": 302,
    "colleague": 302,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 403,
    "national_manager": 403,
}


def add_url(finding):
    return reverse("workspace:add_action", args=[finding.pk])


def action_page(action):
    return reverse("workspace:action_detail", args=[action.pk])


def new_action_data(owner, due, **extra):
    data = {
        "title": "Publish accessible information",
        "description": "Easy-read leaflets for victims.",
        "owner": str(owner.pk),
        "priority": "high",
        "day": str(due.day),
        "month": str(due.month),
        "year": str(due.year),
    }
    data.update(extra)
    return data


def submitted(action, owner):
    action = services.post_update(
        action, by=owner, version=action.version, transition="start", progress=50
    )
    LinkEvidenceFactory(action=action, added_by=owner)
    return services.change_status(action, "submit", by=owner, version=action.version)


# --- adding an action from the finding page -------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_adding_an_action_by_role(client, cast, finding, owner, today, role):
    user = sign_in(client, cast, role)
    response = client.post(
        add_url(finding), new_action_data(owner, today + datetime.timedelta(days=40))
    )
    if role == "anonymous":
        assert_sent_to_sign_in(response)
        assert not Action.objects.exists()
        return
    assert response.status_code == ADD_EXPECTED[role]
    if response.status_code == 302:
        assert response["Location"] == reverse("workspace:finding_detail", args=[finding.pk]) + (
            "#actions"
        )
        action = Action.objects.get()
        assert action.finding == finding
        assert action.owner == owner
        assert action.priority == "high"
        assert action.created_by == user
        assert action.updates.get().author == user
    else:
        assert not Action.objects.exists()
    if response.status_code == 403:
        assert "Only a force lead of the finding&#x27;s force may add actions" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_the_add_action_page_by_role(client, cast, finding, role):
    sign_in(client, cast, role)
    response = client.get(add_url(finding))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
        return
    expected = {302: 200}.get(ADD_EXPECTED[role], ADD_EXPECTED[role])
    assert response.status_code == expected
    assert ('id="add-action-form"' in response.text) is (expected == 200)


def test_lancashires_lead_posting_to_a_cambridgeshire_finding_changes_nothing(
    client, outsider, finding, owner, today
):
    client.force_login(outsider)
    response = client.post(add_url(finding), new_action_data(owner, today))
    assert response.status_code == 404
    assert not Action.objects.exists()
    assert not ActionUpdate.objects.exists()


def test_the_owner_list_offers_only_the_forces_leads(
    client, owner, colleague, force_manager, outsider, finding
):
    client.force_login(owner)
    response = client.get(add_url(finding))
    assert f'<option value="{owner.pk}"' in response.text
    assert f'<option value="{colleague.pk}"' in response.text
    assert f'<option value="{force_manager.pk}"' not in response.text
    assert f'<option value="{outsider.pk}"' not in response.text
    # A choice the lead must make asks for it; "Any" is a filter's word.
    assert '<option value="" selected>Choose an owner</option>' in response.text
    assert ">Any</option>" not in response.text


def test_an_owner_from_another_force_is_refused_beside_the_field(
    client, owner, outsider, finding, today
):
    client.force_login(owner)
    response = client.post(add_url(finding), new_action_data(outsider, today))
    assert response.status_code == 400
    assert "Choose an owner from the list" in response.text
    assert 'href="#owner"' in response.text
    assert not Action.objects.exists()


def test_a_mistake_keeps_what_was_typed(client, owner, finding, today):
    client.force_login(owner)
    data = new_action_data(owner, today, title="")
    response = client.post(add_url(finding), data)
    assert response.status_code == 400
    assert "Enter a title for the action." in response.text
    assert "Easy-read leaflets for victims." in response.text
    assert f'value="{today.year}"' in response.text


def test_a_due_date_in_the_past_is_refused_beside_the_date(client, owner, finding, today):
    client.force_login(owner)
    response = client.post(
        add_url(finding), new_action_data(owner, today - datetime.timedelta(days=1))
    )
    assert response.status_code == 400
    assert "The due date must be today or in the future." in response.text
    assert 'id="due-date-error"' in response.text
    assert not Action.objects.exists()


def test_a_date_not_a_real_one_is_refused(client, owner, finding, today):
    client.force_login(owner)
    response = client.post(add_url(finding), new_action_data(owner, today, day="31", month="2"))
    assert response.status_code == 400
    assert "The due date must be a real date." in response.text


def test_a_date_after_a_recommendations_deadline_asks_for_the_reason(
    client, owner, inspection, today
):
    recommendation = FindingFactory(
        inspection=inspection,
        kind=FindingKind.RECOMMENDATION,
        deadline=today + datetime.timedelta(days=30),
    )
    client.force_login(owner)
    late = today + datetime.timedelta(days=60)
    response = client.post(add_url(recommendation), new_action_data(owner, late))
    assert response.status_code == 400
    assert "give the reason for the later date" in response.text
    assert 'href="#reason_for_later_date"' in response.text

    response = client.post(
        add_url(recommendation),
        new_action_data(owner, late, reason_for_later_date="Procurement takes longer."),
    )
    assert response.status_code == 302
    assert "Procurement takes longer." in Action.objects.get().updates.get().note


def test_a_closed_finding_takes_no_new_action_and_offers_no_button(client, owner, finding, today):
    finding.status, finding.status_reason = FindingStatus.CLOSED, "Found addressed."
    finding.status_changed_at = finding.inspection.created_at
    finding.save()
    client.force_login(owner)
    page = client.get(reverse("workspace:finding_detail", args=[finding.pk]))
    assert "Add an action" not in page.text
    response = client.post(add_url(finding), new_action_data(owner, today))
    assert response.status_code == 400
    assert "actions can only be added to an open finding" in response.text
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("role", "button"),
    [
        ("owner", True),
        ("colleague", True),
        ("force_manager", False),
        ("inspector", True),
        ("national_manager", False),
    ],
)
def test_the_finding_page_offers_the_button_to_those_who_may_add(
    client, cast, finding, role, button
):
    client.force_login(cast[role])
    response = client.get(reverse("workspace:finding_detail", args=[finding.pk]))
    assert (add_url(finding) in response.text) is button


def test_after_adding_the_finding_page_lists_the_action_with_a_banner(
    client, owner, finding, today
):
    client.force_login(owner)
    response = client.post(
        add_url(finding), new_action_data(owner, today + datetime.timedelta(days=10)), follow=True
    )
    assert "Action added: Publish accessible information." in response.text
    assert "Actions (1)" in response.text


# --- reassigning ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_reassigning_by_role(client, cast, action, colleague, role):
    sign_in(client, cast, role)
    response = client.post(
        reverse("workspace:action_reassign", args=[action.pk]),
        {"reassign-owner": str(colleague.pk), "reassign-version": str(action.version)},
    )
    action.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == LEAD_ONLY[role]
    assert (action.owner == colleague) is (role != "anonymous" and response.status_code == 302)
    if response.status_code == 403:
        assert "may reassign it" in response.text


def test_a_reassignment_on_a_stale_page_is_a_conflict(client, owner, colleague, action):
    client.force_login(owner)
    services.post_update(action, by=owner, version=action.version, progress=10)
    response = client.post(
        reverse("workspace:action_reassign", args=[action.pk]),
        {"reassign-owner": str(colleague.pk), "reassign-version": "1"},
    )
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.owner == owner


def test_the_timeline_says_who_reassigned_from_whom_to_whom(client, owner, colleague, action):
    client.force_login(owner)
    response = client.post(
        reverse("workspace:action_reassign", args=[action.pk]),
        {"reassign-owner": str(colleague.pk), "reassign-version": str(action.version)},
        follow=True,
    )
    assert f"Action reassigned to {colleague}." in response.text
    assert f"Reassigned from {owner} to {colleague}." in response.text


# --- withdrawing a submission ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_a_submission_by_role(client, cast, action, owner, role):
    action = submitted(action, owner)
    sign_in(client, cast, role)
    response = client.post(
        reverse("workspace:action_withdraw", args=[action.pk]),
        {"withdraw-reason": "Evidence incomplete.", "withdraw-version": str(action.version)},
    )
    action.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == LEAD_ONLY[role]
    changed = role != "anonymous" and response.status_code == 302
    expected = Status.IN_PROGRESS if changed else Status.SUBMITTED
    assert action.status == expected


def test_withdrawing_needs_a_reason(client, owner, action):
    action = submitted(action, owner)
    client.force_login(owner)
    response = client.post(
        reverse("workspace:action_withdraw", args=[action.pk]),
        {"withdraw-reason": "", "withdraw-version": str(action.version)},
    )
    assert response.status_code == 400
    assert "Enter the reason for withdrawing the submission." in response.text


def test_the_submitted_action_page_offers_the_lead_a_withdrawal(client, owner, action):
    action = submitted(action, owner)
    client.force_login(owner)
    response = client.get(action_page(action))
    assert 'id="withdraw-form"' in response.text


# --- withdrawing evidence -------------------------------------------------------------


def withdraw_url(evidence):
    return reverse("workspace:evidence_withdraw", args=[evidence.action_id, evidence.pk])


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_evidence_by_role(client, cast, action, role):
    evidence = LinkEvidenceFactory(action=action)
    sign_in(client, cast, role)
    response = client.post(withdraw_url(evidence), {"withdraw_evidence-reason": "Wrong file."})
    evidence.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == LEAD_ONLY[role]
    assert evidence.is_withdrawn is (role != "anonymous" and response.status_code == 302)


def test_withdrawn_evidence_stays_downloadable_for_those_who_may_see_it(
    client, cast, owner, action
):
    evidence = services.add_evidence(
        action,
        by=owner,
        description="Minutes",
        upload=upload("minutes.pdf", PDF_BYTES, "application/pdf"),
    )
    services.withdraw_evidence(evidence, by=owner, reason="Another meeting's minutes.")
    download = reverse("workspace:evidence_download", args=[evidence.pk])
    for role, status in [("owner", 200), ("inspector", 200), ("outsider", 404)]:
        client.force_login(cast[role])
        response = client.get(download)
        assert response.status_code == status, role
        if status == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(owner)
    page = client.get(action_page(action))
    assert "Withdrawn by" in page.text
    assert "Another meeting&#x27;s minutes." in page.text
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_withdrawing_evidence_needs_a_reason_shown_beside_that_item(client, owner, action):
    evidence = LinkEvidenceFactory(action=action)
    client.force_login(owner)
    response = client.post(withdraw_url(evidence), {"withdraw_evidence-reason": ""})
    assert response.status_code == 400
    assert "Enter the reason for withdrawing the evidence." in response.text
    assert 'id="withdraw_evidence-reason"' in response.text
    assert 'href="#withdraw_evidence-reason"' in response.text


def test_evidence_of_another_action_answers_404(client, owner, action, lancs_action):
    other = LinkEvidenceFactory(action=lancs_action)
    client.force_login(owner)
    response = client.post(
        reverse("workspace:evidence_withdraw", args=[action.pk, other.pk]),
        {"withdraw_evidence-reason": "Not mine"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.is_withdrawn


# --- returned actions -----------------------------------------------------------------


def test_a_returned_action_shows_as_returned_until_the_lead_acts(client, owner, inspector, action):
    action = submitted(action, owner)
    services.change_status(
        action, "return", by=inspector, version=action.version, reason="Minutes are missing."
    )
    client.force_login(owner)
    page = client.get(action_page(action))
    assert 'id="returned"' in page.text
    assert "Their reason: Minutes are missing." in page.text
    for list_page in ("workspace:my_actions", "workspace:action_list"):
        assert ">Returned</strong>" in client.get(reverse(list_page)).text, list_page

    action.refresh_from_db()
    assert action.progress < 100
    services.post_update(action, by=owner, version=None, note="Minutes attached next.")
    assert 'id="returned"' not in client.get(action_page(action)).text
    assert ">Returned</strong>" not in client.get(reverse("workspace:my_actions")).text


# --- breadcrumbs ----------------------------------------------------------------------


def test_breadcrumbs_lead_from_an_action_to_its_finding_and_inspection(client, owner, action):
    client.force_login(owner)
    response = client.get(action_page(action))
    crumbs = response.text.split('class="govuk-breadcrumbs"')[1].split("</nav>")[0]
    assert reverse("workspace:finding_detail", args=[action.finding_id]) in crumbs
    assert reverse("reports:inspection", args=[action.finding.inspection_id]) in crumbs
    assert reverse("workspace:finding_register") in crumbs
