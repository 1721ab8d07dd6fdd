"""The report in every form users hold: PDF, web page, text in both layouts, any accepted
encoding; the form told from the content; sizes refused before reading.

The PDF and HTML are built here from the bundled report's text (tests/importer/documents.py),
so each form must give the same reading as the text itself.
"""

import codecs
import json
import re

import pytest

from inspections.importer.framework import Framework
from inspections.importer.models import ReportParseError
from inspections.importer.parser import parse_report
from inspections.importer.pdf import pdf_to_text
from inspections.importer.sources import check_size, decode_text, read_source
from inspections.reference import CAMBRIDGESHIRE_REPORT, FORCES_FILE, FRAMEWORKS_FILE
from tests.importer.documents import one_paragraph_per_line, text_to_html, text_to_pdf

REPORT = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def frameworks() -> list[Framework]:
    return Framework.list_from_json(FRAMEWORKS_FILE)


@pytest.fixture(scope="module")
def force_names() -> dict[str, str]:
    data = json.loads(FORCES_FILE.read_text(encoding="utf-8"))
    return {force["slug"]: force["name"] for force in data["forces"]}


FORMS = {
    "text": lambda: REPORT.encode("utf-8"),
    "text with a BOM": lambda: codecs.BOM_UTF8 + REPORT.encode("utf-8"),
    "UTF-16 LE text": lambda: REPORT.encode("utf-16"),
    "UTF-16 BE text": lambda: codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
    "one paragraph per line": lambda: one_paragraph_per_line(REPORT).encode("utf-8"),
    "HTML": lambda: text_to_html(REPORT).encode("utf-8"),
    "PDF": lambda: text_to_pdf(REPORT),
}


def without_lines(data: dict) -> dict:
    """A reading without line numbers (they differ between forms of the same report)."""
    return {
        key: [{k: v for k, v in item.items() if k != "line"} for item in value]
        if isinstance(value, list) and value and isinstance(value[0], dict)
        else value
        for key, value in data.items()
        if key not in ("warnings", "source_form")
    }


@pytest.fixture(scope="module")
def from_text(frameworks, force_names) -> dict:
    return without_lines(parse_report(REPORT, frameworks, force_names).to_dict())


@pytest.mark.parametrize("form", list(FORMS))
def test_the_bundled_report_reads_the_same_in_every_form(form, frameworks, force_names, from_text):
    source = read_source(FORMS[form]())
    reading = parse_report(source.text, frameworks, force_names).to_dict()
    assert without_lines(reading) == from_text


@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_holds_what_domain_md_lists(form, frameworks, force_names):
    report = parse_report(read_source(FORMS[form]()).text, frameworks, force_names)
    assert report.force_slug == "cambridgeshire"
    assert report.published == "2020-02"
    assert report.lead_inspector == "Zoë Billingham"
    assert len(report.judgments) == 13
    afis = [f for f in report.findings if f.kind == "area_for_improvement"]
    by_area: dict[str, int] = {}
    for afi in afis:
        by_area[afi.area] = by_area.get(afi.area, 0) + 1
    assert list(by_area.values()) == [3, 1, 2, 2, 3]
    practice = " ".join(f.text for f in report.findings if f.kind == "commended_practice")
    for phrase in ("victim and witness hub", "Cambridge Harm Index", "community safety officers"):
        assert phrase in practice
    assert "public health approach" in practice
    outcomes = [(item.year, item.kind, item.outcome) for item in report.earlier_items]
    assert outcomes == [
        ("2017", "recommendation", "addressed"),
        ("2017", "recommendation", "addressed"),
        ("2017", "area_for_improvement", "addressed"),
        ("2017", "recommendation", "met"),
    ]
    figures = {(f.label, f.force_value, f.comparator_value) for f in report.figures}
    assert ("999 calls per 1,000 population", "155", "175") in figures
    assert ("Spend per head of population", "£168", "£203") in figures
    assert ("Recorded crime per 1,000 population", "76", "69") in figures


def test_the_form_is_told_from_the_content_not_the_name():
    assert read_source(text_to_pdf("# PEEL\n\nSome text.")).form == "pdf"
    assert read_source(text_to_html("# PEEL\n\nSome text.").encode()).form == "html"
    assert read_source(b"# PEEL\n\nSome <b>bold</b> text.").form == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Caf\u00e9 report".encode("latin-1"), r"not UTF-8 text \(byte 4"),
        (codecs.BOM_UTF32_LE + "PEEL".encode("utf-32-le"), r"UTF-32"),
        ("PEEL report".encode("utf-16-le"), r"UTF-16 text without a byte-order mark"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", r"not valid UTF-16"),
    ],
)
def test_other_encodings_are_refused_with_what_to_do(data, message):
    with pytest.raises(ReportParseError, match=message):
        decode_text(data)


def test_sizes_are_refused_before_reading():
    with pytest.raises(ReportParseError, match=r"more than the 20 MB allowed for a PDF"):
        check_size(50 * 1024 * 1024, is_pdf=True, max_pdf=20 * 1024 * 1024, max_text=5)
    with pytest.raises(ReportParseError, match=r"text or HTML"):
        read_source(b"x" * 2000, max_text=1000)
    assert read_source(b"x" * 999, max_text=1000).text == "x" * 999


def test_pdf_running_headers_page_numbers_wrapping_and_hyphenation_are_undone():
    long_word = "accountabilityframeworks"
    paragraph = " ".join(["The force works with partners on problem solving."] * 12)
    text = "\n\n".join(
        [
            "# Heading one",
            f"{paragraph} It publishes an {long_word} document for the anti-social behaviour team.",
            "- first item of a list that is short;",
            "- second item; and",
            *[f"Paragraph {n} of the body, which ends here." for n in range(60)],
        ]
    )
    extracted, warnings = pdf_to_text(text_to_pdf(text, header="PEEL 2018/19 running header"))
    assert warnings == []
    blocks = extracted.rstrip("\n").split("\n\n")
    assert blocks[0] == "# Heading one"
    assert blocks[1].endswith(
        f"It publishes an {long_word} document for the anti-social behaviour team."
    )
    assert blocks[2:4] == ["- first item of a list that is short;", "- second item; and"]
    assert "running header" not in extracted
    assert not any(re.fullmatch(r"\d+", block) for block in blocks)
    assert blocks[4:] == [f"Paragraph {n} of the body, which ends here." for n in range(60)]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n%%EOF", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj", b"%PDF-" + b"\x00" * 50],
)
def test_a_broken_pdf_is_refused_with_a_reason(data):
    with pytest.raises(ReportParseError, match=r"PDF"):
        read_source(data)


def test_html_is_read_by_structure_not_by_stripping_tags():
    page = (
        "<html><head><title>t</title><script>var a = '<p>no</p>';</script></head><body>"
        "<nav><ul><li>Home</li></ul></nav><h2>Areas <em>for</em> improvement</h2>"
        "<ul><li>The force should do <strong>this</strong>.</li><li>And that.</li></ul>"
        "<p>One<br>paragraph<sup>3</sup>.</p><table><tr><th></th><th>Force rate</th></tr>"
        "<tr><td><b>Calls</b> 12 months</td><td>5</td></tr></table>"
        "<footer><p>© Crown copyright</p></footer></body></html>"
    )
    assert read_source(page.encode()).text == (
        "## Areas for improvement\n\n- The force should do this.\n\n- And that.\n\n"
        "One paragraph.\n\n\tForce rate\n**Calls** 12 months\t5\n"
    )
