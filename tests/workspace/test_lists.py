"""My actions and the action list: who may see them, what they show, and what they cost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from improvements.deadlines import LEGEND
from improvements.models import Status
from tests.factories import (
    ActionFactory,
    FindingFactory,
    LinkEvidenceFactory,
)

pytestmark = pytest.mark.django_db

MY_ACTIONS = reverse("workspace:my_actions")
ACTION_LIST = reverse("workspace:action_list")


def days(today, n):
    return today + datetime.timedelta(days=n)


# --- Who may open each page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "sees_the_action"),
    [
        ("owner", 200, True),
        ("colleague", 200, False),  # a lead in the same force: the page lists *their* actions
        ("outsider", 200, False),
        ("force_manager", 404, False),
        ("inspector", 404, False),
        ("national_manager", 404, False),
    ],
)
def test_my_actions_is_a_force_leads_own_list(client, cast, action, who, status, sees_the_action):
    client.force_login(cast[who])
    response = client.get(MY_ACTIONS)
    assert response.status_code == status
    if status == 200:
        assert ('<h1 class="govuk-heading-l">My actions</h1>' in response.text) is True
        assert (action.title in response.text) is sees_the_action


def test_my_actions_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(MY_ACTIONS)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={MY_ACTIONS}"


@pytest.mark.parametrize(
    ("who", "sees_cambs", "sees_lancs"),
    [
        ("owner", True, False),
        ("colleague", True, False),
        ("force_manager", True, False),
        ("outsider", False, True),
        ("outsider_manager", False, True),
        ("inspector", True, True),
        ("national_manager", True, True),
    ],
)
def test_the_action_list_shows_each_role_its_scope(
    client, cast, action, lancs_action, who, sees_cambs, sees_lancs
):
    client.force_login(cast[who])
    response = client.get(ACTION_LIST)
    assert response.status_code == 200
    assert (action.title in response.text) is sees_cambs
    assert (lancs_action.title in response.text) is sees_lancs


def test_the_action_list_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(ACTION_LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_force_staff_see_their_force_by_name_and_no_force_filter(client, force_manager, action):
    client.force_login(force_manager)
    response = client.get(ACTION_LIST)
    assert "Our force’s actions" in response.text
    assert "Cambridgeshire Constabulary" in response.text
    assert 'name="force"' not in response.text


def test_national_users_get_a_force_column_and_filter(client, national_manager, action):
    client.force_login(national_manager)
    response = client.get(ACTION_LIST)
    assert "Actions in every force" in response.text
    assert 'name="force"' in response.text
    assert (
        '<a class="govuk-link app-sort-link" href="?sort=force">Force<span class="app-sort-icon"'
        in response.text
    )


def test_a_force_staff_member_cannot_reach_another_force_through_the_force_filter(
    client, owner, action, lancs_action
):
    client.force_login(owner)
    response = client.get(ACTION_LIST, {"force": "lancashire"})
    assert lancs_action.title not in response.text
    assert action.title in response.text


# --- My actions: groups, flags and counts -------------------------------------------------


@pytest.fixture
def my_mix(owner, finding, inspector, today):
    """One action of the owner's in each group, and two that do not belong on the page."""
    now = timezone.now()
    return {
        "overdue": ActionFactory(
            finding=finding, owner=owner, title="Late one", due_date=days(today, -3)
        ),
        "due_soon": ActionFactory(
            finding=finding, owner=owner, title="Soon one", due_date=days(today, 30)
        ),
        "later": ActionFactory(
            finding=finding, owner=owner, title="Later one", due_date=days(today, 31)
        ),
        "submitted": ActionFactory(
            finding=finding,
            owner=owner,
            title="Submitted one",
            status=Status.SUBMITTED,
            submitted_at=now,
            due_date=days(today, -40),
        ),
        "verified": ActionFactory(
            finding=finding,
            owner=owner,
            title="Verified one",
            status=Status.VERIFIED,
            submitted_at=now,
            verified_at=now - datetime.timedelta(days=5),
            verified_by=inspector,
        ),
        "long_verified": ActionFactory(
            finding=finding,
            owner=owner,
            title="Verified long ago",
            status=Status.VERIFIED,
            submitted_at=now - datetime.timedelta(days=400),
            verified_at=now - datetime.timedelta(days=365),
            verified_by=inspector,
        ),
        "cancelled": ActionFactory(
            finding=finding, owner=owner, title="Cancelled one", status=Status.CANCELLED
        ),
    }


def test_my_actions_groups_by_due_date_and_stage(client, owner, my_mix):
    client.force_login(owner)
    response = client.get(MY_ACTIONS)
    groups = {group.key: [a.title for a in group.actions] for group in response.context["groups"]}
    assert groups == {
        "overdue": ["Late one"],
        "due_soon": ["Soon one"],
        "later": ["Later one"],
        "submitted": ["Submitted one"],
        "verified": ["Verified one"],
    }
    assert "Verified long ago" not in response.text
    assert "Cancelled one" not in response.text
    assert response.context["total"] == 5


def test_my_actions_shows_counts_flags_and_rag_words(client, owner, my_mix):
    client.force_login(owner)
    text = client.get(MY_ACTIONS).text
    assert '<span class="app-counts__number">1</span>' in text
    assert "Overdue by 3 days" in text
    assert "Due in 30 days" in text
    assert ">Red</strong>" in text
    assert ">Blue</strong>" in text


def test_my_actions_and_the_list_show_the_rag_legend(client, owner, action):
    client.force_login(owner)
    for url in (MY_ACTIONS, ACTION_LIST):
        text = client.get(url).text
        assert "What the RAG colours mean" in text
        for _rag, meaning in LEGEND:
            assert meaning in text


def test_my_actions_flags_a_revised_due_date_beside_the_original(client, owner, finding, today):
    ActionFactory(
        finding=finding,
        owner=owner,
        due_date=days(today, -10),
        revised_due_date=days(today, 45),
        revised_due_reason="Waiting for the new system",
    )
    client.force_login(owner)
    text = client.get(MY_ACTIONS).text
    assert "revised from" in text
    assert "Overdue by" not in text


# --- The action list: sorting, pagination, links -----------------------------------------


def test_sortable_headers_say_how_the_list_is_sorted(client, owner, action):
    client.force_login(owner)
    text = client.get(ACTION_LIST).text
    assert 'aria-sort="ascending"><a class="govuk-link app-sort-link" href="?sort=-due">' in text
    assert 'aria-sort="none"><a class="govuk-link app-sort-link" href="?sort=title">' in text
    text = client.get(ACTION_LIST, {"sort": "-title"}).text
    assert 'aria-sort="descending"><a class="govuk-link app-sort-link" href="?sort=title">' in text
    assert 'aria-sort="none"><a class="govuk-link app-sort-link" href="?sort=due">' in text


def test_sort_links_keep_the_filters_and_drop_the_page(client, owner, action):
    client.force_login(owner)
    text = client.get(ACTION_LIST, {"status": "not_started", "page": "1"}).text
    assert 'href="?status=not_started&amp;sort=title"' in text


def test_the_list_pages_25_at_a_time_and_keeps_filters_in_page_links(client, owner, finding):
    ActionFactory.create_batch(30, finding=finding, owner=owner)
    client.force_login(owner)
    response = client.get(ACTION_LIST, {"status": "not_started"})
    assert len(response.context["page_obj"].object_list) == 25
    assert "30 actions" in response.text
    assert 'href="?status=not_started&amp;page=2"' in response.text
    second = client.get(ACTION_LIST, {"status": "not_started", "page": "2"})
    assert len(second.context["page_obj"].object_list) == 5
    assert 'aria-current="page">2</a>' in second.text


def test_a_page_past_the_end_shows_the_last_page(client, owner, action):
    client.force_login(owner)
    response = client.get(ACTION_LIST, {"page": "99"})
    assert response.status_code == 200
    assert action.title in response.text


def test_rows_link_to_the_action_and_finding_pages(client, owner, action):
    client.force_login(owner)
    text = client.get(ACTION_LIST).text
    assert f'href="/actions/{action.pk}/"' in text
    assert f'href="/findings/{action.finding_id}/"' in text


def test_applied_filters_show_as_tags_that_remove_themselves(client, owner, action):
    client.force_login(owner)
    text = client.get(ACTION_LIST, {"status": ["not_started", "in_progress"], "q": "x"}).text
    assert "Selected filters" in text
    # Removing "In progress" keeps the other status and the search.
    remove = '"><span class="govuk-visually-hidden">Remove this filter</span> '
    assert f'href="?status=not_started&amp;q=x{remove}In progress' in text
    assert f'href="?status=not_started&amp;status=in_progress{remove}x' in text


def test_a_bad_date_is_reported_in_an_error_summary_and_the_list_still_shows(client, owner, action):
    client.force_login(owner)
    response = client.get(ACTION_LIST, {"due_after": "31 Febtember"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_due_after">Enter a valid date.</a>' in response.text
    assert "<title>Error:" in response.text
    assert action.title in response.text


def test_nothing_matching_says_so(client, owner, action):
    client.force_login(owner)
    text = client.get(ACTION_LIST, {"q": "no such words"}).text
    assert "No actions match these filters." in text


# --- Queries: a fixed number, whatever the number of rows ---------------------------------


def make_actions(n, owner, inspection, today):
    """n actions of the owner's, each on its own finding, with evidence and mixed dates."""
    for i in range(n):
        action = ActionFactory(
            finding=FindingFactory(inspection=inspection),
            owner=owner,
            due_date=days(today, i * 7 - 30),
            status=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_HOLD][i % 3],
        )
        LinkEvidenceFactory(action=action)


# The queries every signed-in page makes: the session, the user, and (DEBUG off, so
# SESSION_SAVE_EVERY_REQUEST) the session saved again: savepoint, update, release.
SIGNED_IN = 5


@pytest.mark.parametrize("rows", [3, 30])
def test_my_actions_makes_the_same_queries_for_3_or_30_actions(
    client, owner, inspection, today, django_assert_num_queries, rows
):
    make_actions(rows, owner, inspection, today)
    client.force_login(owner)
    # + 1 the owner's actions, with RAG, evidence count, finding, question, inspection
    with django_assert_num_queries(SIGNED_IN + 1):
        response = client.get(MY_ACTIONS)
    assert response.context["total"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_action_list_makes_the_same_queries_for_3_or_30_actions(
    client, owner, inspection, today, django_assert_num_queries, rows
):
    make_actions(rows, owner, inspection, today)
    client.force_login(owner)
    # + 1 the user's force (the heading's caption)
    # + 1 count of matching actions (paginator)
    # + 1 the page of actions, with RAG, evidence count, owner, finding, inspection, force
    # + 4 the filter's choices: inspections, pillars, questions, owners
    with django_assert_num_queries(SIGNED_IN + 7):
        response = client.get(ACTION_LIST)
    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_filtered_action_list_makes_the_same_queries_for_3_or_30_actions(
    client, owner, inspection, today, django_assert_num_queries, rows
):
    make_actions(rows, owner, inspection, today)
    client.force_login(owner)
    query = {
        "status": ["not_started", "in_progress"],
        "inspection": inspection.pk,
        "owner": owner.pk,
        "q": "Action",
        "sort": "-title",
    }
    # As the plain list, + 2: the chosen inspection and owner, looked up to validate them.
    with django_assert_num_queries(SIGNED_IN + 9):
        response = client.get(ACTION_LIST, query)
    assert response.context["page_obj"].paginator.count == rows - rows // 3


@pytest.mark.parametrize("rows", [3, 30])
def test_the_action_list_of_an_inspector_makes_the_same_queries_for_3_or_30_actions(
    client, owner, inspector, inspection, today, django_assert_num_queries, rows
):
    make_actions(rows, owner, inspection, today)
    client.force_login(inspector)
    # + 1 count, + 1 page of actions, + 5 choices: forces, inspections, pillars, questions,
    # owners (no force of their own to look up)
    with django_assert_num_queries(SIGNED_IN + 7):
        response = client.get(ACTION_LIST)
    assert response.context["page_obj"].paginator.count == rows


def test_the_list_offers_downloads_that_keep_its_filters(client, owner, action):
    from django.urls import reverse

    client.force_login(owner)
    page = client.get(reverse("workspace:action_list"), {"status": "not_started", "q": "audit"})
    assert page.status_code == 200
    csv_url = reverse("reports:actions_export", args=["csv"]) + "?status=not_started&amp;q=audit"
    assert csv_url in page.content.decode()
    assert reverse("reports:actions_export", args=["xlsx"]) + "?status=not_started" in (
        page.content.decode()
    )
