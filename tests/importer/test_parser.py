"""The report parser reads PEEL report text into judgments, findings, earlier items and figures.

Checked against the bundled Cambridgeshire report (what a correct reading finds is set
out in the project's domain notes) and against synthetic reports in other layouts:
a 2021/22-style report with five grades and causes of concern, and a 2018/19 variant.
No Django: these tests run with ``-p no:django``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from inspections.importer.dates import find_deadline
from inspections.importer.framework import canonical_grade
from inspections.importer.parser import (
    Framework,
    ParsedReport,
    ReportParseError,
    parse_report,
)
from inspections.importer.text import normalise

REFERENCE = Path(__file__).resolve().parents[2] / "inspections" / "reference"
CAMBRIDGESHIRE = REFERENCE / "reports" / "cambridgeshire-peel-2018-19.txt"
DATA = Path(__file__).resolve().parent / "data"

EFFECTIVENESS, EFFICIENCY, LEGITIMACY = "Effectiveness", "Efficiency", "Legitimacy"
PREVENTING = "Preventing crime and tackling anti-social behaviour"
INVESTIGATING = "Investigating crime"
PROTECTING = "Protecting vulnerable people"
PLANNING = "Planning for the future"
ETHICAL = "Ethical and lawful workforce behaviour"
MEETING_DEMAND = "Meeting current demands and using resources"
PUBLIC = "Fair treatment of the public"


@pytest.fixture(scope="module")
def frameworks() -> list[Framework]:
    return Framework.list_from_json(REFERENCE / "frameworks.json")


@pytest.fixture(scope="module")
def force_names() -> dict[str, str]:
    forces = json.loads((REFERENCE / "forces.json").read_text(encoding="utf-8"))["forces"]
    return {force["slug"]: force["name"] for force in forces}


@pytest.fixture(scope="module")
def cambridgeshire(frameworks, force_names) -> ParsedReport:
    return parse_report(CAMBRIDGESHIRE.read_text(encoding="utf-8"), frameworks, force_names)


@pytest.fixture(scope="module")
def gwent(frameworks, force_names) -> ParsedReport:
    text = (DATA / "gwent-peel-2021-22-synthetic.txt").read_text(encoding="utf-8")
    return parse_report(text, frameworks, force_names)


@pytest.fixture(scope="module")
def lincolnshire(frameworks, force_names) -> ParsedReport:
    text = (DATA / "lincolnshire-peel-2018-19-synthetic.txt").read_text(encoding="utf-8")
    return parse_report(text, frameworks, force_names)


def of_kind(report: ParsedReport, kind: str):
    return [finding for finding in report.findings if finding.kind == kind]


# -- The bundled Cambridgeshire report ----------------------------------------------------


def test_cambridgeshire_report_names_its_force_cycle_and_publication(cambridgeshire):
    assert cambridgeshire.force_slug == "cambridgeshire"
    assert cambridgeshire.force_name == "Cambridgeshire Constabulary"
    assert cambridgeshire.cycle_slug == "peel-2018-19"
    assert cambridgeshire.cycle_name == "PEEL 2018/19 (integrated assessment)"
    assert cambridgeshire.published == "2020-02"  # from the imprint line, not the body


def test_cambridgeshire_lead_inspector_and_most_similar_group(cambridgeshire):
    assert cambridgeshire.lead_inspector == "Zoë Billingham"
    assert cambridgeshire.most_similar_group == [
        "warwickshire",
        "thames-valley",
        "gloucestershire",
        "wiltshire",
        "avon-and-somerset",
        "staffordshire",
        "devon-and-cornwall",
    ]


def test_cambridgeshire_has_thirteen_judgments_from_mixed_table_layouts(cambridgeshire):
    judgments = [
        (j.area, j.pillar, j.is_pillar, j.grade, j.inspected, j.last_inspected)
        for j in cambridgeshire.judgments
    ]
    assert judgments == [
        (EFFECTIVENESS, None, True, "Good", True, None),
        (PREVENTING, EFFECTIVENESS, False, "Good", True, None),
        (INVESTIGATING, EFFECTIVENESS, False, "Good", True, None),
        (PROTECTING, EFFECTIVENESS, False, "Good", True, None),
        ("Tackling serious and organised crime", EFFECTIVENESS, False, "Good", False, "2016"),
        ("Armed response capability", EFFECTIVENESS, False, "Ungraded", True, None),
        (EFFICIENCY, None, True, "Good", True, None),
        (MEETING_DEMAND, EFFICIENCY, False, "Good", True, None),
        (PLANNING, EFFICIENCY, False, "Good", True, None),
        (LEGITIMACY, None, True, "Good", True, None),
        (PUBLIC, LEGITIMACY, False, "Good", False, "2017"),
        (ETHICAL, LEGITIMACY, False, "Good", True, None),
        ("Fair treatment of the workforce", LEGITIMACY, False, "Good", False, "2017"),
    ]


def test_cambridgeshire_has_eleven_areas_for_improvement_in_their_questions(cambridgeshire):
    afis = of_kind(cambridgeshire, "area_for_improvement")
    expected = [
        (PREVENTING, "The force should monitor the effectiveness of its newly launched"),
        (PREVENTING, "The force should evaluate and share problem-solving plans routinely"),
        (PREVENTING, "The force should take steps to make information more accessible"),
        (INVESTIGATING, "The force should ensure regular and active supervision"),
        (PROTECTING, "The force should make better use of neighbourhood policing officers"),
        (PROTECTING, "The force should ensure that it has sufficient resources available"),
        (PLANNING, "The force should make sure that future recruitment and staff"),
        (PLANNING, "The force should develop a comprehensive skills strategy"),
        (ETHICAL, "The force should ensure all staff have received at least the lowest"),
        (ETHICAL, "The force should improve its workforce's knowledge and understanding"),
        (ETHICAL, "The force should ensure that its counter-corruption unit has enough"),
    ]
    assert len(afis) == len(expected)
    for afi, (area, start) in zip(afis, expected, strict=True):
        assert afi.area == area
        assert afi.text.startswith(start), afi.text
    assert all(afi.text.startswith("The force should") for afi in afis)
    assert all(afi.deadline is None and afi.parent is None for afi in afis)


def test_cambridgeshire_full_wording_of_areas_for_improvement_is_kept(cambridgeshire):
    texts = [afi.text for afi in of_kind(cambridgeshire, "area_for_improvement")]
    assert texts[5] == (
        "The force should ensure that it has sufficient resources available to respond "
        "appropriately to prompt (within one hour) calls for service, particularly for "
        "incidents of domestic abuse."
    )
    assert texts[9] == (
        "The force should improve its workforce's knowledge and understanding of the abuse "
        "of position for a sexual purpose."
    )


def test_afi_printed_twice_is_one_finding_carried_over_from_2017(cambridgeshire):
    supervision = [
        finding
        for finding in cambridgeshire.findings
        if "regular and active supervision" in finding.text
    ]
    assert len(supervision) == 1
    assert supervision[0].text == (
        "The force should ensure regular and active supervision of the quality and progress "
        "of investigations. This supervision should be properly recorded."
    )
    assert supervision[0].area == INVESTIGATING
    assert supervision[0].continues_earlier is True
    assert supervision[0].earlier_year == "2017"
    others = [f for f in of_kind(cambridgeshire, "area_for_improvement") if f is not supervision[0]]
    assert not any(f.continues_earlier for f in others)


def test_cambridgeshire_earlier_items_and_their_outcomes(cambridgeshire):
    items = [(i.kind, i.year, i.area, i.outcome) for i in cambridgeshire.earlier_items]
    assert items == [
        ("recommendation", "2017", INVESTIGATING, "addressed"),
        ("recommendation", "2017", INVESTIGATING, "addressed"),
        ("area_for_improvement", "2017", MEETING_DEMAND, "addressed"),
        ("recommendation", "2017", PUBLIC, "met"),
    ]
    prolific, proportionate, calls, stop_search = (i.text for i in cambridgeshire.earlier_items)
    assert prolific.startswith("In our 2017 efficiency report, we said the force needed to develop")
    assert "prolific and harmful offenders" in prolific
    assert proportionate.startswith("We also recommended that the force should make sure that")
    assert "direction on proportionate investigations" in proportionate
    assert "processes and governance to understand the prioritisation of calls" in calls
    assert calls.endswith("satisfied that it has addressed this area for improvement.")
    assert stop_search.startswith("In our 2017 legitimacy report, we recommended that all forces")
    assert "publish the analysis and the action by July 2018." in stop_search


def test_cambridgeshire_commended_practice_is_found_once_each(cambridgeshire):
    practice = [(f.area, f.practice, f.text) for f in of_kind(cambridgeshire, "commended_practice")]
    assert [(area, level) for area, level, _ in practice] == [
        (PREVENTING, "positive"),
        (PREVENTING, "good"),
        (PREVENTING, "positive"),
        (PROTECTING, "outstanding"),
        (PLANNING, "positive"),
    ]
    hub, officers, harm_index, outstanding_hub, public_health = (t for _, _, t in practice)
    assert hub == (
        "Victims receive effective support from an extensive victim and witness hub, "
        "which is positive practice."
    )
    assert officers.startswith("Seven community safety officers support victims of crime")
    assert officers.endswith("This is good practice.")
    assert "Cambridge Harm Index, which is positive practice." in harm_index
    assert outstanding_hub.startswith("A victim and witness hub looks after victims")
    assert outstanding_hub.endswith("We consider this service to be outstanding practice.")
    assert public_health == (
        "The PCC chairs the county-wide community safety strategic board. This board has "
        "introduced a system-wide public health approach to reducing crime, which is "
        "positive practice."
    )


def test_practice_that_is_not_commended_is_not_a_finding(cambridgeshire):
    texts = " ".join(f.text for f in cambridgeshire.findings)
    for phrase in ("best practice", "Code of Practice", "good practice nationally"):
        assert phrase not in texts


def test_cambridgeshire_findings_are_in_report_order(cambridgeshire):
    assert [f.order for f in cambridgeshire.findings] == list(range(16))
    lines = [f.line for f in cambridgeshire.findings]
    assert lines == sorted(lines)


def test_cambridgeshire_force_in_context_figures(cambridgeshire):
    def figure(label: str, section: str | None):
        return next(f for f in cambridgeshire.figures if f.label == label and f.section == section)

    calls = figure("999 calls per 1,000 population", None)
    assert (calls.period, calls.force_value, calls.comparator, calls.comparator_value) == (
        "12 months ending 31 March 2019",
        "155",
        "England and Wales",
        "175",
    )
    crime = figure("Recorded crime per 1,000 population", None)
    assert (crime.force_value, crime.comparator, crime.comparator_value) == (
        "76",
        "Most similar forces",
        "69",
    )
    spend = figure("Spend per head of population", None)
    assert (spend.period, spend.force_value, spend.comparator_value) == (
        "2019/20 projection",
        "£168",
        "£203",
    )
    violence = figure("Violence against the person", EFFECTIVENESS)
    assert violence.group == "Victim-based crime per 1,000 population"
    assert (violence.force_value, violence.comparator_value) == ("20", "22")
    stops = figure("Number of stops and searches per 1,000 population", LEGITIMACY)
    assert (stops.force_value, stops.comparator, stops.comparator_value) == (
        "2.1",
        "England and Wales",
        "6.4",
    )
    assert len(cambridgeshire.figures) == 26
    assert not any(f.label == "Police Officer" for f in cambridgeshire.figures)


def test_cambridgeshire_warns_only_about_an_earlier_item_with_no_outcome(cambridgeshire):
    assert cambridgeshire.warnings == [
        "Line 699: an earlier (2017) area for improvement is mentioned but no outcome "
        "(addressed, met or remains) is stated; it was not recorded."
    ]


def test_to_dict_is_json_ready_and_keyed_for_the_loader(cambridgeshire):
    data = json.loads(json.dumps(cambridgeshire.to_dict()))
    assert data["force"] == "cambridgeshire"
    assert data["cycle"] == "PEEL 2018/19 (integrated assessment)"
    assert data["published"] == "2020-02"
    assert set(data["judgments"][0]) >= {"area", "pillar", "grade", "inspected", "last_inspected"}
    assert set(data["findings"][0]) >= {"kind", "area", "text", "continues_earlier", "parent"}
    assert len(data["findings"]) == 16
    assert len(data["earlier_items"]) == 4
    assert data["warnings"] == cambridgeshire.warnings
    assert data["most_similar_group"][0] == "warwickshire"


def test_windows_line_endings_read_the_same(cambridgeshire, frameworks, force_names):
    text = CAMBRIDGESHIRE.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert parse_report(text, frameworks, force_names).to_dict() == cambridgeshire.to_dict()


# -- A 2021/22-style report (synthetic) -----------------------------------------------------


def test_2021_report_uses_the_five_point_scale_and_aliases(gwent):
    assert (gwent.force_slug, gwent.cycle_slug, gwent.published) == (
        "gwent",
        "peel-2021-22",
        "2022-09",
    )
    assert gwent.lead_inspector == "Alex Example"
    assert [(j.area, j.grade, j.pillar, j.inspected) for j in gwent.judgments] == [
        ("Providing a service to the victims of crime", "Adequate", None, True),
        ("Treatment of the public", "Good", None, True),
        ("Preventing crime and anti-social behaviour", "Good", None, True),
        ("Responding to the public", "Requires improvement", None, True),
        ("Investigating crime", "Adequate", None, True),
        ("Protecting vulnerable people", "Inadequate", None, True),
        ("Managing offenders and suspects", "Outstanding", None, True),
        ("Building, supporting and protecting the workforce", "Good", None, True),
        (
            "Strategic planning, organisational management and value for money",
            "Adequate",
            None,
            True,
        ),
    ]


def test_cause_of_concern_carries_its_recommendations_and_deadlines(gwent):
    findings = gwent.findings
    causes = of_kind(gwent, "cause_of_concern")
    assert [c.area for c in causes] == ["Responding to the public", "Protecting vulnerable people"]
    calls = findings.index(causes[0])
    recommendations = [f for f in findings if f.parent == calls]
    assert [(r.deadline_text, r.deadline) for r in recommendations] == [
        ("Within three months", "2022-12-31"),
        ("By 31 March 2023", "2023-03-31"),
    ]
    assert recommendations[0].text.startswith("Within three months, the force should make sure")


def test_lead_in_is_joined_to_each_bulleted_recommendation(gwent):
    safeguarding = gwent.findings.index(of_kind(gwent, "cause_of_concern")[1])
    recommendations = [f for f in gwent.findings if f.parent == safeguarding]
    assert [r.text for r in recommendations] == [
        "Within six months, the force should make sure that officers complete a risk "
        "assessment for every domestic abuse incident.",
        "Within six months, the force should ensure that referrals to partner agencies are "
        "made within 24 hours.",
    ]
    assert {r.deadline for r in recommendations} == {"2023-03-31"}


def test_2021_areas_for_improvement_in_numbered_bullet_and_paragraph_form(gwent):
    assert [(f.area, f.text) for f in of_kind(gwent, "area_for_improvement")] == [
        (
            "Providing a service to the victims of crime",
            "The force should make sure that the needs of victims are assessed at the first "
            "point of contact.",
        ),
        (
            "Providing a service to the victims of crime",
            "The force should record whether victims want to support a prosecution.",
        ),
        (
            "Responding to the public",
            "The force should make sure that its chief officers monitor response times.",
        ),
        (
            "Investigating crime",
            "The force should make sure that investigations are allocated to officers with "
            "the right skills.",
        ),
        (None, "The force should publicise how victims of fraud can report it."),
    ]


def test_heading_the_framework_does_not_know_is_a_warning_not_a_crash(gwent):
    assert gwent.warnings == [
        'The heading "Tackling fraud" (line 120) carries a grade (Good) but matches no '
        "question or pillar of PEEL 2021/22; that judgment was not recorded.",
        'No grade was found for the question "Disrupting serious organised crime".',
        "Line 128: this area for improvement sits under no known question or pillar; its "
        "area was left empty.",
    ]


def test_practice_under_a_heading_and_in_prose(gwent):
    practice = [(f.area, f.practice, f.text) for f in of_kind(gwent, "commended_practice")]
    assert practice == [
        (
            "Preventing crime and anti-social behaviour",
            "innovative",
            "Operation Clear Skies. The force uses volunteer drone pilots to search rural "
            "areas for missing people.",
        ),
        (
            "Managing offenders and suspects",
            "outstanding",
            "The force manages registered sex offenders very well. Its offender management "
            "unit is an example of outstanding practice.",
        ),
    ]


def test_2021_earlier_area_for_improvement_addressed(gwent):
    assert [(i.kind, i.year, i.outcome) for i in gwent.earlier_items] == [
        ("area_for_improvement", "2019", "addressed")
    ]


# -- A 2018/19 variant for another force (synthetic) --------------------------------------


def test_variant_reads_requires_improvement_and_carried_over_judgments(lincolnshire):
    grades = {j.area: (j.grade, j.inspected, j.last_inspected) for j in lincolnshire.judgments}
    assert len(grades) == 13
    assert grades[EFFECTIVENESS] == ("Requires improvement", True, None)
    assert grades[INVESTIGATING] == ("Requires improvement", True, None)
    assert grades[PROTECTING] == ("Requires improvement", True, None)
    assert grades["Tackling serious and organised crime"] == ("Good", False, "2017")
    assert grades[PUBLIC] == ("Good", False, "2017")
    assert lincolnshire.warnings == []


def test_variant_reads_bullets_marked_with_dots_and_wrapped_lines(lincolnshire):
    assert [(f.area, f.text, f.continues_earlier) for f in lincolnshire.findings[:4]] == [
        (INVESTIGATING, "The force should improve the supervision of investigations.", False),
        (
            INVESTIGATING,
            "The force should make sure that it seeks the views of victims before it closes "
            "an investigation.",
            False,
        ),
        (
            INVESTIGATING,
            "The force should reduce its backlog of digital devices awaiting examination.",
            True,
        ),
        (
            PROTECTING,
            "The force should make sure that it completes risk assessments for all domestic "
            "abuse incidents.",
            False,
        ),
    ]
    assert lincolnshire.findings[2].earlier_year == "2017"


def test_variant_earlier_item_that_remains(lincolnshire):
    (item,) = lincolnshire.earlier_items
    assert (item.kind, item.year, item.area, item.outcome) == (
        "area_for_improvement",
        "2017",
        INVESTIGATING,
        "remains",
    )


def test_variant_metadata_with_ampersand_in_a_force_name(lincolnshire):
    assert lincolnshire.force_slug == "lincolnshire"
    assert lincolnshire.published == "2020-03"
    assert lincolnshire.lead_inspector == "Alex Example"
    assert lincolnshire.most_similar_group == [
        "norfolk",
        "suffolk",
        "devon-and-cornwall",
        "north-yorkshire",
    ]
    (calls,) = lincolnshire.figures
    assert (calls.force_value, calls.comparator_value) == ("120", "175")


def test_variant_commends_only_real_practice(lincolnshire):
    (practice,) = of_kind(lincolnshire, "commended_practice")
    assert practice.practice == "innovative"
    assert practice.area == MEETING_DEMAND
    assert practice.text.endswith("Its single triage desk is an example of innovative practice.")


def test_narrative_after_a_list_is_not_a_finding_and_prose_recommendations_are(
    frameworks, force_names
):
    text = (
        "# PEEL 2021/22\n\nAn inspection of Kent Police\n\n"
        "# Investigating crime\n\n## Adequate\n\n### Areas for improvement\n\n"
        "- The force should supervise investigations.\n\n"
        "The force should consider whether more training would help.\n\n"
        "# Protecting vulnerable people\n\n## Inadequate\n\n### Cause of concern\n\n"
        "The force does not protect vulnerable people well enough.\n\n"
        "We recommend that, within six months, the force should review its safeguarding.\n\n"
        "Published: May 2022\n"
    )
    report = parse_report(text, frameworks, force_names)
    assert [(f.kind, f.area, f.parent, f.deadline) for f in report.findings] == [
        ("area_for_improvement", "Investigating crime", None, None),
        ("cause_of_concern", "Protecting vulnerable people", None, None),
        ("recommendation", "Protecting vulnerable people", 1, "2022-11-30"),
    ]


# -- Text that is not a PEEL report, and reports with gaps --------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_text_is_refused(text, frameworks, force_names):
    with pytest.raises(ReportParseError, match=r"empty"):
        parse_report(text, frameworks, force_names)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
def test_binary_data_is_refused(encoding, frameworks, force_names):
    data = random.Random(7).randbytes(4000).decode(encoding, errors="replace")
    with pytest.raises(ReportParseError, match=r"not readable text"):
        parse_report(data, frameworks, force_names)


def test_a_document_that_is_not_a_peel_report_is_refused(frameworks, force_names):
    minutes = (
        "# Parish council minutes\n\nPresent: the chair and four councillors.\n\n"
        "## Footpaths\n\nThe council should repair the stile by July 2024.\n"
    )
    with pytest.raises(ReportParseError, match=r"does not read as a PEEL inspection report"):
        parse_report(minutes, frameworks, force_names)


def test_error_message_is_one_line(frameworks, force_names):
    with pytest.raises(ReportParseError) as raised:
        parse_report("Just some words.", frameworks, force_names)
    assert "\n" not in str(raised.value)


def test_unknown_force_is_parsed_with_no_slug_and_a_warning(frameworks, force_names):
    text = (
        "# PEEL 2021/22\n\nAn inspection of Borsetshire Constabulary\n\n"
        "| Investigating crime | Adequate |\n\nPublished: 1 May 2022\n"
    )
    report = parse_report(text, frameworks, force_names)
    assert (report.force_slug, report.force_name) == (None, "Borsetshire Constabulary")
    assert report.warnings[0] == (
        'The report names the force "Borsetshire Constabulary" (line 3), which is not one '
        "of the known forces."
    )
    assert [(j.area, j.grade) for j in report.judgments] == [("Investigating crime", "Adequate")]


def test_publication_date_can_be_supplied_when_the_text_has_none(frameworks, force_names):
    text = (DATA / "gwent-peel-2021-22-synthetic.txt").read_text(encoding="utf-8")
    text = text.replace("Published: 9 September 2022", "")

    undated = parse_report(text, frameworks, force_names)
    assert undated.published is None
    assert any("No publication date" in warning for warning in undated.warnings)
    assert of_kind(undated, "recommendation")[0].deadline is None
    assert of_kind(undated, "recommendation")[0].deadline_text == "Within three months"

    dated = parse_report(text, frameworks, force_names, published="2022-10")
    assert dated.published == "2022-10"
    assert of_kind(dated, "recommendation")[0].deadline == "2023-01-31"
    with pytest.raises(ValueError, match=r"YYYY-MM"):
        parse_report(text, frameworks, force_names, published="Oct 2022")


def test_frameworks_build_from_a_dict_as_from_the_file(frameworks):
    data = json.loads((REFERENCE / "frameworks.json").read_text(encoding="utf-8"))
    assert Framework.list_from_json(data) == frameworks
    assert Framework.list_from_json(str(REFERENCE / "frameworks.json")) == frameworks


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Treating the public fairly", "Fair treatment of the public"),
        ("TREATING THE PUBLIC FAIRLY", "Fair treatment of the public"),
        ("**Preventing crime & anti-social behaviour**", PREVENTING),
        ("Preventing crime and anti social behaviour", PREVENTING),
        ("<b>Armed policing</b>", "Armed response capability"),
        ("How legitimately does the force treat the public and its workforce?", LEGITIMACY),
        ("Catching criminals", None),
    ],
)
def test_headings_match_questions_by_name_or_alias(heading, expected, frameworks):
    (fw,) = [f for f in frameworks if f.slug == "peel-2018-19"]
    area = fw.find_area(heading)
    assert (area.name if area else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Good", "Good"),
        ("<b>Requires Improvement</b>", "Requires improvement"),
        (" **Adequate** ", "Adequate"),
        ("Not graded", "Ungraded"),
        ("Last inspected", None),
    ],
)
def test_grades_are_read_as_canonical_labels(text, expected):
    assert canonical_grade(text) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Within six months, the force should act.",
            "2020-02",
            ("Within six months", "2020-08-31"),
        ),
        ("Within 12 months, the force should act.", "2022-09", ("Within 12 months", "2023-09-30")),
        ("By 31 March 2023, the force should act.", None, ("By 31 March 2023", "2023-03-31")),
        ("publish the analysis by July 2018", None, ("by July 2018", "2018-07-31")),
        (
            "by the end of February 2024 it should",
            None,
            ("by the end of February 2024", "2024-02-29"),
        ),
        ("The force should respond within one hour.", "2020-02", (None, None)),
    ],
)
def test_deadlines_are_kept_as_worded_and_dated(text, published, expected):
    assert find_deadline(text, published) == expected


def test_normalise_ignores_case_punctuation_and_ampersands():
    assert normalise("Devon & Cornwall Police") == normalise("devon and cornwall police")
    assert normalise("Force’s anti-social") == "forces anti social"
