"""Each report page: who may read it, what it shows, and how many queries it takes."""

import re

import pytest
from django.urls import reverse

from tests.reports.conftest import SESSION, grow

CAST = [
    "owner",
    "colleague",
    "force_manager",
    "outsider",
    "outsider_manager",
    "inspector",
    "national_manager",
]


def get(client, user, url, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


# --- Who may read what -----------------------------------------------------------------

FORCE_REPORT_ACCESS = {
    "owner": 200,
    "colleague": 200,
    "force_manager": 200,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 200,
    "national_manager": 200,
}
NATIONAL_ACCESS = {
    "owner": 404,
    "colleague": 404,
    "force_manager": 404,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 200,
    "national_manager": 200,
}
DRAFT_ACCESS = {name: 404 for name in CAST} | {"inspector": 200}


@pytest.mark.parametrize("who", CAST)
def test_the_force_report_is_for_the_force_and_national_roles(client, cast, known_now, who):
    url = reverse("reports:force", args=["cambridgeshire"])
    assert get(client, cast[who], url).status_code == FORCE_REPORT_ACCESS[who]


@pytest.mark.parametrize("who", CAST)
def test_the_inspection_report_is_for_the_force_and_national_roles(client, cast, known_now, who):
    url = reverse("reports:inspection", args=[known_now.cambs_2018.pk])
    assert get(client, cast[who], url).status_code == FORCE_REPORT_ACCESS[who]


@pytest.mark.parametrize("who", CAST)
def test_a_draft_inspection_report_is_for_inspectors_only(client, cast, known_now, who):
    url = reverse("reports:inspection", args=[known_now.cambs_draft.pk])
    assert get(client, cast[who], url).status_code == DRAFT_ACCESS[who]


@pytest.mark.parametrize("who", CAST)
def test_the_national_report_is_for_inspectors_and_national_managers(client, cast, known_now, who):
    assert get(client, cast[who], reverse("reports:national")).status_code == NATIONAL_ACCESS[who]


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:index"),
        reverse("reports:force", args=["cambridgeshire"]),
        reverse("reports:inspection", args=[1]),
        reverse("reports:national"),
    ],
)
def test_anonymous_visitors_are_asked_to_sign_in(client, known_now, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_an_unknown_force_is_not_found(client, inspector, known_now):
    assert get(client, inspector, reverse("reports:force", args=["atlantis"])).status_code == 404


def test_the_index_offers_force_staff_their_own_force_and_inspections(
    client, force_manager, known_now
):
    page = get(client, force_manager, reverse("reports:index")).content.decode()
    assert reverse("reports:force", args=["cambridgeshire"]) in page
    assert reverse("reports:force", args=["lancashire"]) not in page
    assert reverse("reports:inspection", args=[known_now.cambs_2018.pk]) in page
    assert reverse("reports:inspection", args=[known_now.cambs_draft.pk]) not in page
    assert reverse("reports:national") not in page


def test_the_index_offers_national_managers_every_force_and_the_national_report(
    client, national_manager, known_now
):
    page = get(client, national_manager, reverse("reports:index")).content.decode()
    assert reverse("reports:national") in page
    assert reverse("reports:force", args=["lancashire"]) in page


# --- What the pages show ---------------------------------------------------------------


def test_the_force_report_shows_figures_lists_and_charts(client, force_manager, known_now):
    response = get(client, force_manager, reverse("reports:force", args=["cambridgeshire"]))
    page = response.content.decode()
    report = response.context["report"]
    assert report.totals.total == 9
    assert report.totals.overdue == 2
    assert known_now.actions["A2"].title in page  # overdue, listed with its owner
    assert known_now.actions["L1"].title not in page  # Lancashire's
    assert known_now.actions["D1"].title not in page  # in a draft inspection
    # Charts are images with a title and description, each beside a table of its figures.
    assert page.count('role="img"') == 2
    assert 'aria-labelledby="chart-progress-title chart-progress-desc"' in page
    assert "<caption" in page
    assert "Actions by status" in page
    assert "is at risk when it is due within 14 days" in page
    # The content security policy allows no inline style or script: only script files.
    assert 'style="' not in page
    assert "<style" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


def test_the_force_report_offers_a_choice_of_months(client, force_manager, known_now):
    url = reverse("reports:force", args=["cambridgeshire"])
    assert len(get(client, force_manager, url, months=12).context["report"].progress) == 12
    assert len(get(client, force_manager, url, months=7).context["report"].progress) == 24


def test_the_inspection_report_shows_each_finding_with_its_actions(
    client, force_manager, known_now
):
    url = reverse("reports:inspection", args=[known_now.cambs_2018.pk])
    page = get(client, force_manager, url).content.decode()
    finding_text = known_now.actions["A1"].finding.text
    assert finding_text in page
    assert page.index(finding_text) < page.index(known_now.actions["A1"].title)
    assert "Requires improvement" in page
    assert "2017" in page


def test_the_national_report_sorts_with_links_that_say_how_it_is_sorted(
    client, national_manager, known_now
):
    url = reverse("reports:national")
    response = get(
        client,
        national_manager,
        url,
        cycle="peel-2018-19",
        sort="-verified",
        force="cambridgeshire",
    )
    page = response.content.decode()
    assert [r.force.slug for r in response.context["report"].forces][:2] == [
        "lancashire",
        "cambridgeshire",
    ]
    assert 'aria-sort="descending"' in page
    assert "sort=verified" in page  # the link that sorts the other way
    assert page.count('role="img"') == 1  # the comparison chart


def test_the_national_report_compares_a_force_with_its_group(client, national_manager, known_now):
    url = reverse("reports:national")
    response = get(client, national_manager, url, cycle="peel-2018-19", force="cambridgeshire")
    page = response.content.decode()
    assert "Cambridgeshire Constabulary and its most similar group" in page
    assert "Warwickshire Police" in page


# --- Queries: a fixed number whatever the data size ------------------------------------


FORCE_REPORT_QUERIES = SESSION + 11
# the force (scoped), its inspections, findings by kind per inspection, actions by status
# per inspection (the force's totals are their sum), the judgments, the overdue list, the at-risk
# list, actions opened per month, submissions and verifications per month; the
# recommendations and their PCC responses.
INSPECTION_REPORT_QUERIES = SESSION + 4
# the inspection (scoped), its findings, their actions, the judgments.
NATIONAL_REPORT_QUERIES = SESSION + 8
# cycles with an inspection, the cycle's questions, the judgments, the forces with their
# figures (counted and sorted in one query), the most similar group, its members, the
# group's combined figures; the cycle's recommendations (their PCC responses would be one
# more: this cycle's reports here have no recommendations).


@pytest.mark.parametrize("extra", [0, 3])
def test_the_force_report_takes_a_fixed_number_of_queries(
    client, force_manager, known_now, lancs, owner, extra, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(force_manager)
    with django_assert_num_queries(FORCE_REPORT_QUERIES):
        client.get(reverse("reports:force", args=["cambridgeshire"]))


@pytest.mark.parametrize("extra", [0, 3])
def test_the_inspection_report_takes_a_fixed_number_of_queries(
    client, force_manager, known_now, lancs, owner, extra, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(force_manager)
    with django_assert_num_queries(INSPECTION_REPORT_QUERIES):
        client.get(reverse("reports:inspection", args=[known_now.cambs_2018.pk]))


@pytest.mark.parametrize("extra", [0, 3])
def test_the_national_report_takes_a_fixed_number_of_queries(
    client, national_manager, known_now, lancs, owner, extra, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(national_manager)
    with django_assert_num_queries(NATIONAL_REPORT_QUERIES):
        client.get(reverse("reports:national"), {"force": "cambridgeshire"})
