"""The History pages: inspectors read a finding's and an inspection's changes; everyone
else in scope is told why not (403), anyone out of scope gets a 404."""

import pytest
from django.urls import reverse

from improvements import services
from improvements.models import Evidence
from tests.factories import ActionFactory, FindingFactory, JudgmentFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "inspector": 200,
    "owner": 403,
    "colleague": 403,
    "force_manager": 403,
    "national_manager": 403,
    "outsider": 404,
    "outsider_manager": 404,
}


#: Every signed-in page: the session and the user (the session is saved again only every
#: few minutes: peel/sessions.py).
SIGNED_IN = 2


def pages(finding):
    return {
        "finding": reverse("history:finding", args=[finding.pk]),
        "inspection": reverse("history:inspection", args=[finding.inspection_id]),
    }


@pytest.mark.parametrize("page", ["finding", "inspection"])
@pytest.mark.parametrize("name", EXPECTED)
def test_who_sees_the_history(client, cast, action, page, name):
    client.force_login(cast[name])
    response = client.get(pages(action.finding)[page])
    assert response.status_code == EXPECTED[name]
    if response.status_code == 403:
        assert "Only inspectors can see the change history" in response.text


@pytest.mark.parametrize("page", ["finding", "inspection"])
def test_anonymous_visitors_sign_in_first(client, action, page):
    response = client.get(pages(action.finding)[page])
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_finding_history_shows_each_field_before_and_after(client, inspector, owner, action):
    client.force_login(owner)
    client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {"update-version": action.version, "update-progress": "40", "update-note": "Half."},
    )
    client.force_login(inspector)
    response = client.get(reverse("history:finding", args=[action.finding_id]))
    changes = response.context["changes"]
    newest = changes[0]
    assert newest.who == str(owner)
    assert newest.channel == "Tracker page"
    assert newest.record == f"Action: {action.title}"
    assert [(f.field, f.before, f.after) for f in newest.fields] == [("Progress", "0", "40")]
    assert "Progress" in response.text


def test_choices_and_dates_read_as_words(client, inspector, owner, action):
    services.post_update(action, by=owner, version=action.version, transition="start")
    client.force_login(inspector)
    changes = client.get(reverse("history:finding", args=[action.finding_id])).context["changes"]
    status = next(f for f in changes[0].fields if f.field == "Status")
    assert (status.before, status.after) == ("Not started", "In progress")


def test_the_inspection_history_keeps_a_judgment_deleted_on_re_import(
    client, inspector, inspection
):
    judgment = JudgmentFactory(inspection=inspection)
    judgment.delete()
    client.force_login(inspector)
    changes = client.get(reverse("history:inspection", args=[inspection.pk])).context["changes"]
    assert [c.verb for c in changes if c.record.startswith("Judgment")] == ["Deleted", "Created"]


def test_another_inspections_changes_stay_off_the_page(client, inspector, inspection, lancs_action):
    client.force_login(inspector)
    changes = client.get(reverse("history:inspection", args=[inspection.pk])).context["changes"]
    assert all(lancs_action.title not in c.record for c in changes)
    assert any(c.record.startswith("Inspection") for c in changes)


def _fill(finding, owner, count):
    for _ in range(count):
        action = ActionFactory(finding=finding, owner=owner)
        Evidence.objects.create(
            action=action, description="Minutes", url="https://example.org/m", added_by=owner
        )
        services.post_update(action, by=owner, version=action.version, progress=10)


@pytest.mark.parametrize("count", [1, 6])
def test_the_finding_history_runs_a_fixed_number_of_queries(
    client, inspector, owner, finding, count, django_assert_num_queries
):
    _fill(finding, owner, count)
    client.force_login(inspector)
    # + 1 the finding (with its inspection, force and cycle)
    # + 1 the count of entries (paginator)
    # + 1 one page of entries, with their actors and content types
    with django_assert_num_queries(SIGNED_IN + 3):
        response = client.get(reverse("history:finding", args=[finding.pk]))
    assert len(response.context["changes"]) == 1 + 3 * count


@pytest.mark.parametrize("count", [1, 6])
def test_the_inspection_history_runs_a_fixed_number_of_queries(
    client, inspector, owner, inspection, count, django_assert_num_queries
):
    for _ in range(count):
        finding = FindingFactory(inspection=inspection)
        _fill(finding, owner, 1)
    client.force_login(inspector)
    # + 1 the inspection (with its force and cycle)
    # + 1 the count of entries (paginator)
    # + 1 one page of entries, with their actors and content types
    with django_assert_num_queries(SIGNED_IN + 3):
        response = client.get(reverse("history:inspection", args=[inspection.pk]))
    assert len(response.context["changes"]) == 1 + 4 * count


def test_long_histories_are_paged(client, inspector, owner, finding):
    action = ActionFactory(finding=finding, owner=owner)
    for progress in range(1, 56):
        action = services.post_update(action, by=owner, version=action.version, progress=progress)
    client.force_login(inspector)
    first = client.get(reverse("history:finding", args=[finding.pk]))
    assert len(first.context["changes"]) == 50
    second = client.get(reverse("history:finding", args=[finding.pk]) + "?page=2")
    assert len(second.context["changes"]) == 57 - 50


def test_a_creation_lists_the_records_own_fields_not_its_related_records(client, inspector, action):
    client.force_login(inspector)
    changes = client.get(reverse("history:finding", args=[action.finding_id])).context["changes"]
    created = next(c for c in changes if c.verb == "Created" and c.record.startswith("Action"))
    fields = [f.field for f in created.fields]
    assert "Title" in fields
    assert "Updates" not in fields
    assert "Evidence" not in fields
