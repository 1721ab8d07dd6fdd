"""The life of a finding on its page: the dated status history, its lineage both ways, and
an inspector changing its status (addressed, superseded, closed, reopened) with a reason,
warned about the actions still open, for every role."""

import pytest
from django.urls import reverse

from improvements.models import Status
from inspections.models import Cycle, FindingStatus, FindingStatusChange
from inspections.services import change_finding_status
from tests.factories import ActionFactory, FindingFactory, InspectionFactory
from tests.workspace.actions_helpers import (
    ROLES,
    assert_sent_to_sign_in,
    sign_in,
    sign_in_url,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sign_in_url")]

#: Changing a finding's status: inspectors only; others who see it are told why.
STATUS_EXPECTED = {
    "owner": 403,
    "colleague": 403,
    "force_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 302,
    "national_manager": 403,
}


def page(finding):
    return reverse("workspace:finding_detail", args=[finding.pk])


def status_url(finding):
    return reverse("workspace:finding_status", args=[finding.pk])


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_findings_status_by_role(client, cast, finding, role):
    sign_in(client, cast, role)
    response = client.post(
        status_url(finding), {"to_status": "closed", "reason": "Found addressed on revisit."}
    )
    finding.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_sign_in(response)
    else:
        assert response.status_code == STATUS_EXPECTED[role]
    changed = role != "anonymous" and response.status_code == 302
    assert (finding.status == FindingStatus.CLOSED) is changed
    assert FindingStatusChange.objects.exists() is changed
    if response.status_code == 403:
        assert "Only an inspector may change a finding&#x27;s status." in response.text


@pytest.mark.parametrize("role", ROLES)
def test_the_finding_page_by_role(client, cast, finding, role):
    sign_in(client, cast, role)
    response = client.get(page(finding))
    if role == "anonymous":
        assert_sent_to_sign_in(response)
        return
    expected = 404 if role.startswith("outsider") else 200
    assert response.status_code == expected
    if expected == 200:
        assert ('id="status-form"' in response.text) is (role == "inspector")


def test_closing_records_the_history_shown_on_the_page(client, inspector, owner, finding):
    client.force_login(inspector)
    response = client.post(
        status_url(finding),
        {"to_status": "addressed", "reason": "The 2021 inspection found it addressed."},
        follow=True,
    )
    assert "Finding marked addressed." in response.text
    change = FindingStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "open",
        "addressed",
        inspector,
    )
    client.force_login(owner)
    history = client.get(page(finding)).text.split('id="history"')[1].split("</table>")[0]
    assert "Open to addressed" in history
    assert str(inspector) in history
    assert "The 2021 inspection found it addressed." in history
    assert f"{change.changed_at:%-d %b %Y}" in history


def test_a_reason_is_needed_and_what_was_chosen_is_kept(client, inspector, finding):
    client.force_login(inspector)
    response = client.post(status_url(finding), {"to_status": "closed", "reason": ""})
    assert response.status_code == 400
    assert "Enter the reason" in response.text
    assert 'value="closed" checked' in response.text
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_superseding_needs_the_later_finding_and_links_both_ways(
    client, inspector, owner, finding, cambs
):
    other_cycle = Cycle.objects.exclude(pk=finding.inspection.cycle_id).first()
    later = FindingFactory(
        inspection=InspectionFactory(force=cambs, cycle=other_cycle),
        text="The force should supervise investigations (2021).",
    )
    client.force_login(inspector)
    response = client.post(status_url(finding), {"to_status": "superseded", "reason": "Replaced."})
    assert response.status_code == 400
    assert "Choose the finding that supersedes it." in response.text

    response = client.post(
        status_url(finding),
        {"to_status": "superseded", "superseded_by": str(later.pk), "reason": "Replaced."},
    )
    assert response.status_code == 302
    client.force_login(owner)
    earlier_page = client.get(page(finding)).text
    assert f'href="{page(later)}"' in earlier_page
    assert "Superseded by a finding from" in earlier_page
    later_page = client.get(page(later)).text
    assert "It supersedes a finding from" in later_page
    assert f'href="{page(finding)}"' in later_page


def test_a_finding_of_another_force_cannot_supersede(client, inspector, finding, lancs):
    other = FindingFactory(inspection=InspectionFactory(force=lancs))
    client.force_login(inspector)
    response = client.post(
        status_url(finding),
        {"to_status": "superseded", "superseded_by": str(other.pk), "reason": "Replaced."},
    )
    assert response.status_code == 400
    assert "Choose a finding from the list." in response.text


def test_a_closed_finding_is_reopened_with_a_reason(client, inspector, finding):
    change_finding_status(finding, "closed", by=inspector, reason="Closed on revisit.")
    client.force_login(inspector)
    response = client.get(page(finding))
    assert "Reopen the finding" in response.text
    response = client.post(status_url(finding), {"to_status": "open", "reason": "Concerns again."})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    assert FindingStatusChange.objects.count() == 2


def test_a_closed_finding_cannot_be_closed_again(client, inspector, finding):
    change_finding_status(finding, "closed", by=inspector, reason="Closed on revisit.")
    client.force_login(inspector)
    response = client.post(status_url(finding), {"to_status": "addressed", "reason": "Again"})
    assert response.status_code == 400
    assert FindingStatusChange.objects.count() == 1


def test_the_page_warns_that_open_actions_stay_open_and_lists_them(
    client, inspector, finding, owner
):
    open_action = ActionFactory(finding=finding, owner=owner, status=Status.IN_PROGRESS)
    ActionFactory(finding=finding, owner=owner, status=Status.CANCELLED, title="Dropped")
    client.force_login(inspector)
    response = client.get(page(finding))
    warning = response.text.split('id="open-actions-warning"')[1].split("</ul>")[0]
    assert "1 action is not yet verified or cancelled" in warning
    assert "it stays on the force’s plan" in warning
    assert open_action.title in warning
    assert "Dropped" not in warning

    client.post(status_url(finding), {"to_status": "closed", "reason": "Addressed."})
    open_action.refresh_from_db()
    assert open_action.status == Status.IN_PROGRESS  # closing the finding leaves it open


@pytest.mark.parametrize("changes", [1, 6])
def test_the_inspectors_finding_page_takes_the_same_queries_however_long_the_history(
    client, inspector, finding, django_assert_num_queries, changes
):
    for n in range(changes):
        change_finding_status(finding, "closed", by=inspector, reason=f"Closed {n}.")
        change_finding_status(finding, "open", by=inspector, reason=f"Reopened {n}.")
    ActionFactory(finding=finding, status=Status.IN_PROGRESS)
    client.force_login(inspector)
    # session, user; the finding; later findings; its status history (with who and any
    # superseding finding); findings it supersedes; judgments; actions; the findings that
    # could supersede it (the form's list)
    with django_assert_num_queries(9):
        response = client.get(page(finding))
    assert response.text.count("Open to closed") == changes
