"""The findings register: who sees which findings, what a row says about its actions, the
filters and the search, sorting, the exports, and what the page costs."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from improvements.models import Status
from inspections.models import FindingKind, FindingStatus
from tests.factories import ActionFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("workspace:finding_register")


def days(today, n):
    return today + datetime.timedelta(days=n)


@pytest.fixture
def lancs_finding(lancs):
    return FindingFactory(
        inspection=InspectionFactory(force=lancs), text="The force should audit custody records."
    )


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
def test_the_register_shows_each_role_its_scope(
    client, cast, finding, lancs_finding, who, sees_cambs, sees_lancs
):
    client.force_login(cast[who])
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert (finding.short_text in response.text) is sees_cambs
    assert (lancs_finding.short_text in response.text) is sees_lancs


def test_the_register_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_draft_inspections_findings_are_for_inspectors_only(client, cast, cambs):
    draft = FindingFactory(
        inspection=InspectionFactory(force=cambs, status="draft", published_on=None),
        text="The force should not be seen yet.",
    )
    client.force_login(cast["owner"])
    assert draft.short_text not in client.get(REGISTER).text
    client.force_login(cast["inspector"])
    assert draft.short_text in client.get(REGISTER).text


def test_a_row_counts_the_actions_and_their_progress(client, owner, finding, today):
    ActionFactory(finding=finding, progress=40, status=Status.IN_PROGRESS)
    ActionFactory(finding=finding, progress=80, status=Status.IN_PROGRESS, due_date=days(today, -3))
    ActionFactory(finding=finding, progress=0, status=Status.CANCELLED)  # not counted
    client.force_login(owner)
    response = client.get(REGISTER)
    row = response.text.split(finding.short_text)[1].split("</tr>")[0]
    assert ">2<" in row.replace("\n", "").replace(" ", "")
    assert "1 overdue" in row
    assert "60%" in row


def test_filters_by_kind_status_and_overdue_actions(client, inspector, inspection, today):
    afi = FindingFactory(inspection=inspection, text="The force should train call handlers.")
    recommendation = FindingFactory(
        inspection=inspection,
        kind=FindingKind.RECOMMENDATION,
        text="The force should publish its plan.",
    )
    closed = FindingFactory(
        inspection=inspection,
        text="The force should review stop and search.",
        status=FindingStatus.CLOSED,
        status_reason="Addressed.",
        status_changed_at=inspection.created_at,
    )
    ActionFactory(finding=afi, due_date=days(today, -1), status=Status.IN_PROGRESS)
    client.force_login(inspector)

    def shown(query):
        text = client.get(REGISTER, query).text
        return {f.text for f in (afi, recommendation, closed) if f.short_text in text}

    assert shown({"kind": "recommendation"}) == {recommendation.text}
    assert shown({"status": "closed"}) == {closed.text}
    assert shown({"overdue": "true"}) == {afi.text}
    assert shown({"inspection": inspection.pk}) == {afi.text, recommendation.text, closed.text}
    assert shown({"cycle": inspection.cycle.slug, "status": "open"}) == {
        afi.text,
        recommendation.text,
    }


def test_search_finds_findings_by_their_wording(client, inspector, inspection):
    match = FindingFactory(
        inspection=inspection, text="The force should supervise investigations closely."
    )
    other = FindingFactory(inspection=inspection, text="The force should answer calls sooner.")
    client.force_login(inspector)
    response = client.get(REGISTER, {"q": "investigations"})
    assert match.short_text in response.text
    assert other.short_text not in response.text
    response = client.get(REGISTER, {"q": "supervise investigations"})
    assert match.short_text in response.text


def test_columns_sort_both_ways_with_aria_sort(client, inspector, inspection, today):
    early = FindingFactory(inspection=inspection, deadline=days(today, 10), text="Early one.")
    late = FindingFactory(inspection=inspection, deadline=days(today, 90), text="Late one.")
    client.force_login(inspector)
    ascending = client.get(REGISTER, {"sort": "deadline"}).text
    assert ascending.index(early.text) < ascending.index(late.text)
    assert 'aria-sort="ascending"><a class="govuk-link app-sort-link" href="?sort=-deadline"' in (
        ascending
    )
    descending = client.get(REGISTER, {"sort": "-deadline"}).text
    assert descending.index(late.text) < descending.index(early.text)


def test_the_register_is_paged(client, inspector, inspection):
    for n in range(30):
        FindingFactory(inspection=inspection, text=f"Finding number {n:02d}.")
    client.force_login(inspector)
    first = client.get(REGISTER)
    assert "30 findings" in first.text
    assert first.text.count('<tr class="govuk-table__row">') == 26  # the header and 25 rows
    second = client.get(REGISTER, {"page": 2})
    assert second.text.count('<tr class="govuk-table__row">') == 6


def test_the_register_takes_the_same_queries_at_any_size(
    client, owner, inspection, today, django_assert_num_queries
):
    def findings(count):
        for _ in range(count):
            finding = FindingFactory(inspection=inspection)
            ActionFactory(finding=finding, due_date=days(today, -5))
            ActionFactory(finding=finding, status=Status.CANCELLED)

    client.force_login(owner)
    findings(2)
    # 1 session, 2 user, 3 the count for the pager, 4 the user's force (the heading),
    # 5-7 the filter's choices (cycles, inspections, questions), 8 the page of findings
    # (with their inspection, force, cycle and question, and the actions' figures as
    # subqueries); the session is saved again only every few minutes (peel/sessions.py).
    with django_assert_num_queries(8):
        response = client.get(REGISTER)
    assert "2 findings" in response.text
    findings(20)
    with django_assert_num_queries(8):
        response = client.get(REGISTER)
    assert "22 findings" in response.text


def test_the_navigation_leads_every_role_to_the_register(client, cast):
    for role in cast:
        client.force_login(cast[role])
        assert f'href="{REGISTER}"' in client.get(reverse("reports:index")).text, role


# --- exports --------------------------------------------------------------------------


def test_the_csv_export_is_scoped_and_filtered_like_the_page(
    client, owner, finding, lancs_finding, inspection
):
    FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION, text="Rec text.")
    client.force_login(owner)
    response = client.get(
        reverse("reports:findings_export", args=["csv"]), {"kind": "area_for_improvement"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    texts = [row[5] for row in rows if len(row) > 5]
    assert finding.text in texts
    assert lancs_finding.text not in texts
    assert "Rec text." not in texts
    assert ["Filter: Type", "Area for improvement"] in rows


def test_the_xlsx_export_opens_as_a_workbook(client, inspector, finding):
    client.force_login(inspector)
    response = client.get(reverse("reports:findings_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert finding.text in [cell.value for row in sheet.iter_rows() for cell in row]


def test_an_export_with_a_broken_filter_is_refused(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("reports:findings_export", args=["csv"]), {"status": "nope"})
    assert response.status_code == 400
    assert "nothing was exported" in response.text


def test_the_export_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("reports:findings_export", args=["csv"]))
    assert response.status_code == 302
