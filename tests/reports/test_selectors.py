"""The reports' figures on the known data set (tests/reports/conftest.py), exactly."""

import datetime

from improvements.deadlines import days_overdue
from inspections.models import Force
from reports import selectors
from tests.reports.conftest import TODAY

pytestmark = __import__("pytest").mark.django_db


def by_cycle(report):
    return {s.inspection.cycle.slug: s for s in report.inspections}


def test_the_force_report_counts_findings_by_kind_and_those_still_open(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY)
    summary = by_cycle(report)["peel-2018-19"]
    assert summary.findings_by_kind == {
        "area_for_improvement": 3,
        "cause_of_concern": 1,
        "recommendation": 1,
        "commended_practice": 1,
    }
    assert summary.findings_total == 6
    # The closed AFI and the commended practice are not open work.
    assert summary.findings_open == 4


def test_the_force_report_counts_actions_by_status_and_what_is_due(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY)
    figures = by_cycle(report)["peel-2018-19"].actions
    assert figures.total == 8
    assert figures.by_status == {
        "not_started": 1,
        "in_progress": 3,
        "on_hold": 1,
        "submitted": 1,
        "verified": 1,
        "cancelled": 1,
    }
    assert figures.overdue == 1  # A2; A8's original date passed but its revised one has not
    assert figures.due_soon == 2  # A3 and A8 (A7 is cancelled)
    assert figures.at_risk == 2  # A3 (due within 14 days) and A4 (behind the pace)
    # One verified of the seven not cancelled.
    assert figures.percent_verified == 14


def test_the_force_report_totals_every_inspection_the_user_may_see(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY)
    assert [s.inspection.cycle.slug for s in report.inspections] == [
        "peel-2021-22",
        "peel-2018-19",
    ]
    assert report.totals.total == 9
    assert report.totals.overdue == 2
    assert report.totals.percent_verified == 13  # 1 of 8 is 12.5%: halves round up


def test_an_inspector_also_sees_the_draft_inspection_in_the_force_report(known, inspector):
    report = selectors.force_report(inspector, known.cambs_2018.force, TODAY)
    assert len(report.inspections) == 3
    assert report.totals.total == 10
    assert report.totals.overdue == 3


def test_the_overdue_list_names_owners_oldest_first(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY)
    assert [a.title for a in report.overdue] == [
        known.actions["A2"].title,
        known.actions["B1"].title,
    ]
    assert [days_overdue(a, TODAY) for a in report.overdue] == [5, 1]
    assert report.overdue[0].owner.username == "owner"


def test_the_forward_look_lists_the_actions_at_risk(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY)
    assert [a.title for a in report.at_risk] == [
        known.actions["A3"].title,
        known.actions["A4"].title,
    ]


def test_the_lists_stop_at_the_limit_but_the_totals_do_not(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY, limit=1)
    assert len(report.overdue) == 1
    assert report.totals.overdue == 2


def test_the_judgments_grid_puts_each_pillar_before_its_questions(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY)
    grid = by_cycle(report)["peel-2018-19"].judgments
    assert [(j.pillar_id is not None, j.grade, j.last_inspected) for j in grid] == [
        (True, "good", ""),
        (False, "good", ""),
        (False, "requires_improvement", "2017"),
    ]


def test_progress_over_time_counts_opened_submitted_and_verified_per_month(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY, months=12)
    rows = {r.month: (r.opened, r.submitted, r.verified) for r in report.progress}
    assert len(report.progress) == 12
    assert report.progress[0].month == datetime.date(2024, 7, 1)
    assert report.progress[-1].month == datetime.date(2025, 6, 1)
    # Opened: A5 (10 Jan), A2 and A4 (March), A7 (April), A3, A8 and B1 (May), A1 (June);
    # A6 was opened in June 2024, before the twelve months shown.
    assert rows[datetime.date(2025, 1, 1)] == (1, 1, 0)  # A6 submitted (later returned)
    assert rows[datetime.date(2025, 2, 1)] == (0, 1, 0)  # A6 submitted again
    assert rows[datetime.date(2025, 3, 1)] == (2, 0, 1)  # A6 verified
    assert rows[datetime.date(2025, 4, 1)] == (1, 0, 0)
    assert rows[datetime.date(2025, 5, 1)] == (3, 1, 0)  # A5 submitted
    assert rows[datetime.date(2025, 6, 1)] == (1, 0, 0)
    assert rows[datetime.date(2024, 12, 1)] == (0, 0, 0)
    assert sum(r.opened for r in report.progress) == 8


def test_progress_over_24_months_reaches_back_to_earlier_actions(known, force_manager):
    report = selectors.force_report(force_manager, known.cambs_2018.force, TODAY, months=24)
    assert sum(r.opened for r in report.progress) == 9


def test_the_inspection_report_lists_findings_in_report_order_with_their_actions(
    known, force_manager
):
    report = selectors.inspection_report(force_manager, known.cambs_2018, TODAY)
    assert [f.order for f in report.findings] == [1, 2, 3, 4, 5, 6]
    assert [[a.title for a in f.actions.all()] for f in report.findings[:4]] == [
        [known.actions["A2"].title, known.actions["A1"].title],
        [known.actions["A3"].title],
        [known.actions["A5"].title, known.actions["A4"].title],
        [known.actions["A6"].title, known.actions["A7"].title, known.actions["A8"].title],
    ]
    assert len(report.judgments) == 3


def test_the_national_report_shows_grades_by_force_and_question(known, national_manager):
    report = selectors.national_report(national_manager, TODAY, cycle_slug="peel-2018-19")
    assert report.cycle.slug == "peel-2018-19"
    assert len(report.questions) == 10
    rows = {r.force.slug: r for r in report.forces}
    assert len(rows) == Force.objects.count()
    cambs = rows["cambridgeshire"]
    assert [c.grade if c else None for c in cambs.grades[:3]] == [
        "good",
        "requires_improvement",
        None,
    ]
    assert cambs.grades[1].inspected is False
    assert cambs.grades[1].last_inspected == "2017"
    assert rows["lancashire"].grades[0].grade == "inadequate"
    assert rows["warwickshire"].grades == [None] * 10


def test_the_national_report_counts_progress_per_force_for_the_cycle(known, national_manager):
    report = selectors.national_report(national_manager, TODAY, cycle_slug="peel-2018-19")
    rows = {r.force.slug: r for r in report.forces}
    cambs, lancs, warks = rows["cambridgeshire"], rows["lancashire"], rows["warwickshire"]
    assert (cambs.findings_open, cambs.actions_total, cambs.actions_overdue) == (4, 8, 1)
    assert cambs.percent_verified == 14
    assert (lancs.findings_open, lancs.actions_total, lancs.actions_overdue) == (1, 2, 1)
    assert lancs.percent_verified == 50
    assert (warks.inspected, warks.actions_total, warks.percent_verified) == (False, 0, None)


def test_the_national_report_defaults_to_the_latest_cycle_the_user_may_see(
    known, national_manager, inspector
):
    # The 2023-25 inspection is a draft: only inspectors see its cycle.
    assert selectors.national_report(national_manager, TODAY).cycle.slug == "peel-2021-22"
    assert selectors.national_report(inspector, TODAY).cycle.slug == "peel-2023-25"


def test_the_national_table_sorts_in_the_database(known, national_manager):
    def order(sort):
        report = selectors.national_report(
            national_manager, TODAY, cycle_slug="peel-2018-19", sort=sort
        )
        return [r.force.slug for r in report.forces]

    assert order("-verified")[:2] == ["lancashire", "cambridgeshire"]
    assert order("verified")[:2] == ["cambridgeshire", "lancashire"]
    assert order("-overdue")[:2] == ["cambridgeshire", "lancashire"]
    assert order("-open")[:2] == ["cambridgeshire", "lancashire"]
    assert order("force")[0] == "avon-and-somerset"
    assert order("-force")[0] == "wiltshire"
    assert order("nonsense")[0] == "avon-and-somerset"


def test_the_comparison_puts_the_force_beside_its_most_similar_group(known, national_manager):
    report = selectors.national_report(
        national_manager, TODAY, cycle_slug="peel-2018-19", force_slug="cambridgeshire"
    )
    comparison = report.comparison
    assert comparison.group_year == "2018/19"
    assert comparison.year_matches_cycle
    assert [r.force.slug for r in comparison.rows] == [
        "cambridgeshire",
        "lancashire",
        "warwickshire",
    ]
    # The group together: 10 actions, 1 cancelled, 2 verified; 2 overdue.
    assert comparison.group_percent_verified == 22
    assert comparison.group_overdue == 2
    assert comparison.group_forces == 3


def test_the_comparison_falls_back_to_the_latest_group_held(known, national_manager):
    report = selectors.national_report(
        national_manager, TODAY, cycle_slug="peel-2021-22", force_slug="cambridgeshire"
    )
    assert report.comparison.group_year == "2018/19"
    assert report.comparison.year_matches_cycle is False


def test_a_force_without_a_most_similar_group_has_no_comparison(known, national_manager):
    report = selectors.national_report(
        national_manager, TODAY, cycle_slug="peel-2018-19", force_slug="lancashire"
    )
    assert report.comparison is None


def test_force_staff_may_report_only_on_their_own_force(known, force_manager, inspector):
    assert list(selectors.visible_forces(force_manager)) == [known.cambs_2018.force]
    assert {f.slug for f in selectors.visible_forces(inspector)} == {
        "cambridgeshire",
        "lancashire",
    }
