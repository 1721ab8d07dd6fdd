"""The verification queue at scale: paged, filtered by force, with the lead's note."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from improvements import services
from tests.factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    LinkEvidenceFactory,
    UserFactory,
)
from tests.workspace.test_verification import submit

pytestmark = pytest.mark.django_db

QUEUE = reverse("workspace:verification_queue")
CARD = 'class="govuk-summary-card"'


def fill(inspection, count, days_ago=0):
    owner = UserFactory(role=Role.FORCE_LEAD, force=inspection.force)
    actions = []
    for _ in range(count):
        action = ActionFactory(finding=FindingFactory(inspection=inspection), owner=owner)
        actions.append(submit(action, days_ago=days_ago))
    return actions


def test_a_long_queue_comes_a_page_at_a_time(client, inspector, inspection):
    fill(inspection, 25)
    client.force_login(inspector)
    first = client.get(QUEUE)
    assert first.text.count(CARD) == 20
    assert "Actions to verify (25)" in first.text
    second = client.get(QUEUE, {"page": 2})
    assert second.text.count(CARD) == 5


def test_the_queue_can_show_one_force(client, inspector, inspection, lancs):
    cambs_action = fill(inspection, 1)[0]
    lancs_action = fill(InspectionFactory(force=lancs), 1)[0]
    client.force_login(inspector)
    response = client.get(QUEUE, {"force": "lancashire"})
    assert response.status_code == 200
    assert lancs_action.title in response.text
    assert cambs_action.title not in response.text
    assert "Actions to verify (1)" in response.text


def test_an_unknown_force_is_refused_with_a_reason_and_the_whole_queue_shown(
    client, inspector, inspection
):
    action = fill(inspection, 1)[0]
    client.force_login(inspector)
    response = client.get(QUEUE, {"force": "atlantis"})
    assert response.status_code == 400
    assert "Choose a force from the list." in response.text
    assert action.title in response.text


def test_the_inspector_sees_the_note_of_the_latest_submission(client, inspector, owner, action):
    LinkEvidenceFactory(action=action)
    action = services.post_update(action, by=owner, version=action.version, transition="start")
    action = services.post_update(
        action, by=owner, version=action.version, transition="submit", note="First go."
    )
    action = services.post_update(
        action, by=inspector, version=action.version, transition="return", note="More please."
    )
    services.post_update(
        action, by=owner, version=action.version, transition="submit", note="Board minutes added."
    )
    client.force_login(inspector)
    response = client.get(QUEUE)
    card = response.context["queue"][0]["action"]
    assert card.submission_note == "Board minutes added."
    assert "Board minutes added." in response.text
    assert "First go." not in response.text


def test_page_links_keep_the_force_and_the_other_lists_page(client, inspector, inspection):
    fill(inspection, 21)
    client.force_login(inspector)
    response = client.get(QUEUE, {"force": "cambridgeshire", "dates_page": "1"})
    links = [link.href for link in response.context["queue_pages"]["links"]]
    assert "?force=cambridgeshire&dates_page=1&page=2" in links


@pytest.mark.parametrize("count", [3, 45])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, inspector, owner, inspection, lancs, today, count, django_assert_num_queries
):
    lancs_inspection = InspectionFactory(force=lancs)
    for _ in range(count):
        for where in (inspection, lancs_inspection):
            action = ActionFactory(finding=FindingFactory(inspection=where))
            LinkEvidenceFactory(action=action, added_by=inspector)
            submit(action)
        proposing = ActionFactory(finding=FindingFactory(inspection=inspection), owner=owner)
        services.propose_due_date(
            proposing,
            by=owner,
            version=proposing.version,
            proposed_due_date=today + datetime.timedelta(days=120),
            reason="The new system arrives late.",
        )
    client.force_login(inspector)
    # 1 session, 2 user, 3 the chosen force, 4 the forces of the filter, 5 count of
    # submitted actions, 6 a page of them with force, finding, cycle, owner and the lead's
    # note, 7 their evidence with who added it, 8 count of proposed due dates, 9 a page of
    # them with who proposed and agreed (the session is saved again only every few
    # minutes: peel/sessions.py).
    with django_assert_num_queries(9):
        response = client.get(QUEUE, {"force": "cambridgeshire"})
    assert response.text.count(CARD) == min(count, 20) + min(count, 20)
