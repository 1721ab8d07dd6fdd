"""Every PEEL cycle is data, and its reports read however they state grades and findings.

The documents are built here, laid out as each cycle's pages are (invented wording, real
conventions): pillar pages of 2014 to 2017 with "Last updated" and a grade line, overview
sentences, question pages grading in prose, a 2021/22 report as HTML and as PDF, 2023-25
and 2025-27 reports with causes of concern whose deadlines count from publication, and an
accelerated cause of concern whose deadlines count from its own date.
"""

import json

import pytest

from inspections.importer.framework import Framework
from inspections.importer.parser import parse_report
from inspections.importer.sources import read_source
from inspections.reference import FORCES_FILE, FRAMEWORKS_FILE
from tests.importer.conftest import DATA
from tests.importer.documents import text_to_html, text_to_pdf


@pytest.fixture(scope="module")
def frameworks() -> list[Framework]:
    return Framework.list_from_json(FRAMEWORKS_FILE)


@pytest.fixture(scope="module")
def read(frameworks):
    data = json.loads(FORCES_FILE.read_text(encoding="utf-8"))
    names = {force["slug"]: force["name"] for force in data["forces"]}
    return lambda text: parse_report(text, frameworks, names)


def grades(report) -> dict[str, str]:
    return {j.area: j.grade for j in report.judgments}


def test_every_cycle_is_in_the_reference_data(frameworks):
    scales = {fw.slug: (fw.grade_scale, fw.pillar_inspections) for fw in frameworks}
    assert scales == {
        "peel-2014": ("four_point", True),
        "peel-2015": ("four_point", True),
        "peel-2016": ("four_point", True),
        "peel-2017": ("four_point", True),
        "peel-2018-19": ("four_point", False),
        "peel-2021-22": ("five_point", False),
        "peel-2023-25": ("five_point", False),
        "peel-2025-27": ("five_point", False),
    }
    for fw in frameworks:
        assert fw.areas, fw.slug
        for area in fw.areas:
            assert fw.find_area(area.name) is area


@pytest.mark.parametrize("year", ["2014", "2015", "2016", "2017"])
def test_a_pillar_page_of_2014_to_2017(read, year):
    text = f"""Skip to content
Norfolk PEEL {year}
Efficiency
How efficient is the force at keeping people safe and reducing crime?
Last updated 03/11/{year}
Requires improvement
Norfolk Constabulary has been assessed as requiring improvement in respect of the efficiency with which it keeps people safe and reduces crime. It has made progress since last year but there is more to do.
Areas for improvement
- The force should develop its understanding of the demand for its services.
"""  # noqa: E501
    report = read(text)
    assert report.cycle_slug == f"peel-{year}"
    assert report.force_slug == "norfolk"
    assert grades(report) == {"Efficiency": "Requires improvement"}
    assert [(f.kind, f.area) for f in report.findings] == [("area_for_improvement", "Efficiency")]


@pytest.mark.parametrize(
    ("sentence", "grade"),
    [
        ("is good.", "Good"),
        ("is: good.", "Good"),
        (": requires improvement.", "Requires improvement"),
        ("requires improvement.", "Requires improvement"),
        ("is inadequate", "Inadequate"),
    ],
)
def test_overview_sentences(read, sentence, grade):
    text = (
        "Suffolk 2016\n\nThis is HMIC’s third PEEL assessment of Suffolk Constabulary.\n\n"
        f"The extent to which the constabulary is legitimate at keeping people safe and "
        f"reducing crime {sentence}\n\n"
        "The extent to which the force is effective at keeping people safe and reducing "
        "crime: not yet graded.\n"
    )
    report = read(text)
    assert report.cycle_slug == "peel-2016"
    assert grades(report) == {"Legitimacy": grade}
    assert any('"Effectiveness" is not yet graded' in w for w in report.warnings)


def test_a_question_page_grading_in_prose(read):
    text = """Essex PEEL 2017
Effectiveness
How effective is the force at keeping people safe and reducing crime?
How effective is the force at investigating crime and reducing re-offending?
Essex Police requires improvement at investigating crime and reducing re-offending. Investigations are not always supervised well.
How effective is the force at protecting from harm those who are vulnerable, and supporting victims?
The force needs to improve how it protects vulnerable people, and it is good at working with partners.
"""  # noqa: E501
    report = read(text)
    assert grades(report) == {"Investigating crime": "Requires improvement"}
    # "needs to improve" and a grade word later in a sentence are not grades.
    assert "Protecting vulnerable people" not in grades(report)


@pytest.mark.parametrize("form", ["text", "HTML", "PDF"])
def test_the_2021_22_report_in_every_form(read, form):
    text = (DATA / "gwent-peel-2021-22-synthetic.txt").read_text(encoding="utf-8")
    data = {
        "text": text.encode(),
        "HTML": text_to_html(text).encode(),
        "PDF": text_to_pdf(text, header="PEEL 2021/22 Gwent Police"),
    }[form]
    report = read(read_source(data).text)
    assert report.cycle_slug == "peel-2021-22"
    assert grades(report)["Managing offenders and suspects"] == "Outstanding"
    assert grades(report)["Providing a service to the victims of crime"] == "Adequate"
    assert len(report.judgments) == 9
    kinds = [f.kind for f in report.findings]
    assert "cause_of_concern" in kinds
    assert "recommendation" in kinds


def test_a_2023_25_report_with_a_cause_of_concern(read):
    text = """# PEEL 2023–2025

## An inspection of Kent Police

Published on: 14 March 2024

# Our judgments

Police powers and public treatment – Adequate

Responding to the public – Inadequate

Investigating crime – Requires improvement

## Responding to the public

### Inadequate

### Cause of concern

Kent Police isn’t answering emergency calls quickly enough.

### Recommendations

Within three months, the force should:

- make sure it has enough call handlers; and
- monitor how quickly it answers calls.
"""
    report = read(text)
    assert (report.cycle_slug, report.published) == ("peel-2023-25", "2024-03")
    assert grades(report) == {
        "Police legitimacy": "Adequate",
        "Responding to the public": "Inadequate",
        "Investigating crime": "Requires improvement",
    }
    cause, first, second = report.findings
    assert (cause.kind, cause.area) == ("cause_of_concern", "Responding to the public")
    assert (
        first.text == "Within three months, the force should make sure it has enough call handlers."
    )
    assert (first.parent, second.parent) == (0, 0)
    assert (first.deadline, second.deadline) == ("2024-06-30", "2024-06-30")


def test_a_2025_27_report_on_the_five_point_scale(read):
    text = """PEEL 2025–2027: an inspection of Dorset Police

February 2026 | © HMICFRS 2026 | ISBN: 978-1-00000-000-0

How good is the force at investigating crime?
Adequate
How good is the force at protecting vulnerable people?
Good
Areas for improvement
- The force should improve the supervision of investigations.
"""
    report = read(text)
    assert (report.cycle_slug, report.published) == ("peel-2025-27", "2026-02")
    assert grades(report) == {
        "Investigating crime": "Adequate",
        "Protecting vulnerable people": "Good",
    }
    assert [(f.kind, f.area) for f in report.findings] == [
        ("area_for_improvement", "Protecting vulnerable people")
    ]


def test_an_accelerated_cause_of_concern_dates_its_deadlines_from_its_own_date(read):
    text = """PEEL: Avon and Somerset Police accelerated cause of concern – Responding to the public

Published on: 30 September 2021

In some cases we report our concerns earlier. This is called an accelerated cause of concern. It is part of our PEEL 2021/22 inspection.

Cause of concern

Avon and Somerset Police is not responding to vulnerable people quickly enough.

Recommendations

Within three months, the force should:

- review its graded response policy.
"""  # noqa: E501
    report = read(text)
    assert report.published is None  # not the report's own publication date
    cause, recommendation = report.findings
    assert cause.kind == "cause_of_concern"
    assert recommendation.deadline == "2021-12-31"
    assert any("is an accelerated cause of concern published 2021-09" in w for w in report.warnings)


def test_a_copyright_line_does_not_date_a_report(read):
    text = (DATA / "gwent-peel-2021-22-synthetic.txt").read_text(encoding="utf-8")
    undated = "\n".join(line for line in text.splitlines() if not line.startswith("Published"))
    report = read(undated + "\n\nMarch 2024 © Crown copyright, last modified 3 March 2024\n")
    assert report.published is None
    assert any("No publication date was found" in w for w in report.warnings)
