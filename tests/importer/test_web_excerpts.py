"""Every real web excerpt: what it prints is read, and what cannot be read is warned about.

The excerpts (tests/importer/data/web-excerpts/, Crown copyright, OGL v3.0) are the
openings of real HMICFRS pages for other forces and cycles: several pages per file, cut
mid-sentence where the excerpt ends. Each test states the whole reading of one file.
"""

import json

import pytest

from inspections.importer.framework import Framework
from inspections.importer.loader import import_report
from inspections.importer.parser import parse_report
from inspections.models import Finding, FindingStatus, Inspection, Judgment
from inspections.reference import FORCES_FILE, FRAMEWORKS_FILE
from tests.importer.conftest import DATA

EXCERPTS = DATA / "web-excerpts"


@pytest.fixture(scope="module")
def read():
    frameworks = Framework.list_from_json(FRAMEWORKS_FILE)
    data = json.loads(FORCES_FILE.read_text(encoding="utf-8"))
    names = {force["slug"]: force["name"] for force in data["forces"]}

    def reading(name: str):
        return parse_report((EXCERPTS / name).read_text(encoding="utf-8"), frameworks, names)

    return reading


def grades(report) -> list[tuple]:
    return [(j.area, j.grade, j.inspected, j.last_inspected) for j in report.judgments]


def findings(report) -> list[tuple]:
    return [(f.kind, f.area, f.text[:48], f.continues_earlier, f.parent) for f in report.findings]


def warned(report, *phrases: str) -> None:
    for phrase in phrases:
        assert any(phrase in warning for warning in report.warnings), phrase


def test_cleveland_2016_pillar_pages(read):
    report = read("cleveland_2016.txt")
    assert (report.force_slug, report.cycle_slug, report.published) == (
        "cleveland",
        "peel-2016",
        None,
    )
    assert grades(report) == [
        ("Efficiency", "Good", True, None),
        ("Legitimacy", "Requires improvement", True, None),
    ]
    assert findings(report) == [
        (
            "area_for_improvement",
            "Fair treatment of the public",
            "The force should improve how it seeks feedback f",
            False,
            None,
        )
    ]
    warned(
        report,
        'The pillar "Effectiveness" is not yet graded',
        "No publication date was found",
        'No grade was found for the question "Understanding demand"',
    )


def test_cleveland_2017_carries_an_afi_over_from_2015(read):
    report = read("cleveland_2017.txt")
    assert report.cycle_slug == "peel-2017"
    assert grades(report) == [
        ("Efficiency", "Good", True, None),
        ("Legitimacy", "Requires improvement", True, None),
    ]
    assert findings(report) == [
        (
            "area_for_improvement",
            "Fair treatment of the public",
            "The force should improve external scrutiny of it",
            False,
            None,
        ),
        (
            "area_for_improvement",
            "Fair treatment of the public",
            "The force should continue with the improvements ",
            True,
            None,
        ),
    ]
    assert report.findings[1].earlier_year == "2015"
    warned(
        report,
        'The pillar "Effectiveness" is not yet graded',
        '"Legitimacy" is said to be not yet graded (line 19) and is graded Requires improvement',
    )


def test_cleveland_2018_19_inadequate_grades_and_a_cause_of_concern(read):
    report = read("cleveland_2018-19.txt")
    assert report.cycle_slug == "peel-2018-19"
    assert grades(report) == [
        ("Effectiveness", "Inadequate", True, None),
        ("Preventing crime and tackling anti-social behaviour", "Inadequate", True, None),
        ("Efficiency", "Inadequate", True, None),
        ("Meeting current demands and using resources", "Inadequate", True, None),
        ("Legitimacy", "Inadequate", True, None),
    ]
    assert findings(report) == [
        (
            "cause_of_concern",
            "Meeting current demands and using resources",
            "Cleveland Police doesn’t adequately understand t",
            False,
            None,
        )
    ]
    assert report.status_updates == []
    warned(
        report,
        "this recommendation is cut short in the text",
        "this cause of concern is cut short in the text",
        "this cause of concern has no recommendations",
        "is a letter; its date (none given) is not the report's publication date",
        "reviews progress but states no outcome",
    )


def test_lancashire_2018_19_grades_after_last_updated_and_carried_over(read):
    report = read("lancashire_2018-19.txt")
    assert grades(report) == [
        ("Effectiveness", "Good", True, None),
        ("Preventing crime and tackling anti-social behaviour", "Good", True, None),
        ("Investigating crime", "Requires improvement", True, None),
        ("Efficiency", "Outstanding", True, None),
        ("Meeting current demands and using resources", "Good", False, "2017"),
        ("Legitimacy", "Good", True, None),
        ("Ethical and lawful workforce behaviour", "Good", True, None),
    ]
    assert findings(report) == [
        (
            "area_for_improvement",
            "Preventing crime and tackling anti-social behaviour",
            "The constabulary should ensure there is a consis",
            False,
            None,
        ),
        (
            "area_for_improvement",
            "Ethical and lawful workforce behaviour",
            "The constabulary should undertake work to ensure",
            False,
            None,
        ),
    ]
    warned(
        report,
        'The question "Fair treatment of the public" keeps its judgment from 2017, but the '
        "text does not give that grade",
        "this area for improvement is cut short in the text",
    )


def test_greater_manchester_2021_22_cause_of_concern_quoted_in_a_letter(read):
    report = read("greater-manchester_2021-22.txt")
    assert (report.cycle_slug, report.published) == ("peel-2021-22", None)
    assert report.judgments == []
    assert findings(report) == [
        (
            "cause_of_concern",
            "Responding to the public",
            "Greater Manchester Police is failing to respond ",
            False,
            None,
        ),
        (
            "recommendation",
            "Responding to the public",
            "The force should immediately develop a plan to p",
            False,
            0,
        ),
        (
            "recommendation",
            "Responding to the public",
            "Within three months, the force should review its",
            False,
            0,
        ),
    ]
    assert report.findings[2].deadline_text == "Within three months"
    assert report.findings[2].deadline is None
    warned(
        report,
        "is a letter; its date (2022-10) is not the report's publication date",
        "is an accelerated cause of concern published 2021-09",
        "the deadline “Within three months” could not be dated",
        "this recommendation is cut short in the text",
        "No grade was found for any pillar or question of PEEL 2021/22",
        "counts the grades given",
    )


def test_devon_and_cornwall_2023_25_closure_letter(read):
    report = read("devon-and-cornwall_2023-25.txt")
    assert (report.cycle_slug, report.published) == ("peel-2023-25", None)
    assert findings(report) == [
        (
            "cause_of_concern",
            "Responding to the public",
            "The force needs to improve the time it takes to ",
            False,
            None,
        )
    ]
    closures = [(u.kind, u.area, u.about, u.to_status) for u in report.status_updates]
    assert closures == [
        ("cause_of_concern", "Responding to the public", "responding to the public", "closed"),
        ("cause_of_concern", None, "the management of sexual offenders", "closed"),
    ]
    assert "closure of cause of concern letter (2024-09)" in report.status_updates[0].reason
    warned(
        report,
        "is a letter; its date (2024-09) is not the report's publication date",
        "No grade was found for any pillar or question of PEEL 2023-25",
        "this recommendation is cut short in the text",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(path.name for path in EXCERPTS.glob("*.txt")))
def test_every_excerpt_imports_what_it_holds(reference_data, name):
    result = import_report((EXCERPTS / name).read_bytes())
    inspection = result.inspection
    assert inspection.status == Inspection.Status.DRAFT  # no report publication date
    assert inspection.published_on is None
    assert Judgment.objects.filter(inspection=inspection).count() == len(result.report.judgments)
    assert Finding.objects.filter(inspection=inspection).count() == len(result.report.findings)


@pytest.mark.django_db
def test_the_closure_letter_closes_the_cause_of_concern_it_names(reference_data):
    import_report((EXCERPTS / "devon-and-cornwall_2023-25.txt").read_bytes())
    cause = Finding.objects.get(kind="cause_of_concern")
    assert cause.status == FindingStatus.CLOSED
    assert "I will be closing the force’s cause of concern" in cause.status_reason
