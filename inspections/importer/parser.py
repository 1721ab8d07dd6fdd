"""Read the text of a PEEL inspection report into structured data.

Pure Python, no Django: the loader (``inspections.importer.loader``) maps the result onto
models. Entry point::

    frameworks = Framework.list_from_json("inspections/reference/frameworks.json")
    report = parse_report(text, frameworks, {"cambridgeshire": "Cambridgeshire Constabulary"})
    report.to_dict()

The parser is forgiving: whatever it cannot place becomes a sentence in
``report.warnings`` for a person to check. It refuses (``ReportParseError``) only text
that is not a PEEL report at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from inspections.importer.figures import FiguresReader
from inspections.importer.findings import FindingsReader
from inspections.importer.framework import Framework
from inspections.importer.judgments import lay_out, read_judgments
from inspections.importer.letters import read_letters
from inspections.importer.metadata import (
    detect_cycle,
    detect_force,
    detect_lead_inspector,
    detect_most_similar_group,
    has_peel_title,
    title_blocks,
)
from inspections.importer.models import (
    ParsedEarlierItem,
    ParsedFigure,
    ParsedFinding,
    ParsedJudgment,
    ParsedReport,
    ParsedStatusUpdate,
    ReportParseError,
)
from inspections.importer.pages import page_notes, read_pages, report_published
from inspections.importer.text import Block, normalise, read_blocks

__all__ = [
    "Framework",
    "ParsedEarlierItem",
    "ParsedFigure",
    "ParsedFinding",
    "ParsedJudgment",
    "ParsedReport",
    "ParsedStatusUpdate",
    "ReportParseError",
    "parse_report",
]

_UNREADABLE_SHARE = 0.02
_REPEAT_MIN = 60
_REPEAT_COUNT = 12
_REPEAT_FACTOR = 3
_PUBLISHED = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")


def parse_report(
    text: str,
    frameworks: Sequence[Framework],
    force_names: Mapping[str, str],
    *,
    published: str | None = None,
) -> ParsedReport:
    """Parse one report's text.

    ``force_names`` maps slug to official name. ``published`` ("YYYY-MM") is used only
    when the text carries no publication date (some extractions drop the imprint line);
    the date printed in the report wins.
    """
    _check_readable(text)
    warnings: list[str] = []
    blocks = read_blocks(text)
    _check_not_repeated(blocks)
    pages = read_pages(blocks)
    fw = detect_cycle(blocks, frameworks, warnings)
    force = detect_force(blocks, force_names, warnings)
    published_month = _publication(report_published(pages), published, warnings)
    warnings.extend(page_notes(pages, published_month))

    layout = lay_out(blocks, fw, warnings)
    judgments: list[ParsedJudgment] = []
    findings: list[ParsedFinding] = []
    earlier: list[ParsedEarlierItem] = []
    if fw is not None:
        judgments = read_judgments(blocks, fw, layout, warnings)
        reader = FindingsReader(blocks, layout, fw, warnings, pages)
        reader.read()
        findings = reader.findings(published_month)
        earlier = reader.earlier
    else:
        warnings.append(
            "The report's PEEL cycle could not be recognised from its title, so no "
            "judgments or findings were read."
        )
    updates: list[ParsedStatusUpdate] = read_letters(blocks, pages, fw, warnings)

    if (
        not judgments
        and not updates
        and not (force.printed_name and has_peel_title(title_blocks(blocks)))
    ):
        raise ReportParseError(
            "The text does not read as a PEEL inspection report: no PEEL title, inspected "
            "force or graded judgment was found."
        )
    if force.printed_name is None:
        warnings.append("The inspected force could not be found on the title page.")

    return ParsedReport(
        force_slug=force.slug,
        force_name=force.printed_name,
        cycle_slug=fw.slug if fw else None,
        cycle_name=fw.name if fw else None,
        published=published_month,
        lead_inspector=detect_lead_inspector(blocks),
        most_similar_group=detect_most_similar_group(blocks, force, force_names, warnings),
        judgments=judgments,
        findings=findings,
        earlier_items=earlier,
        figures=FiguresReader(blocks, layout, force.printed_name).read(),
        status_updates=updates,
        warnings=warnings,
    )


def _check_readable(text: str) -> None:
    """Refuse empty text and binary data decoded as text, with a one-line reason."""
    if not text or not text.strip():
        raise ReportParseError("The report text is empty.")
    unreadable = sum(
        1
        for char in text
        if char == "\ufffd"
        or (unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char not in "\t\n\r\f")
    )
    if unreadable / len(text) > _UNREADABLE_SHARE:
        raise ReportParseError(
            f"The report is not readable text: {unreadable / len(text):.0%} of its characters "
            "are control characters or undecodable bytes."
        )


def _check_not_repeated(blocks: list[Block]) -> None:
    """Refuse a text that is the same content many times over (a file pasted repeatedly).

    A report restates a few items (an area for improvement in the summary and the
    detail); a text whose long paragraphs each occur three or more times on average is
    not a report.
    """
    long_ones = [normalise(block.text) for block in blocks if len(block.text) >= _REPEAT_MIN]
    if len(long_ones) < _REPEAT_COUNT:
        return
    distinct = len(set(long_ones))
    if len(long_ones) / distinct >= _REPEAT_FACTOR:
        raise ReportParseError(
            f"The text repeats the same content over and over ({len(long_ones)} paragraphs, "
            f"{distinct} different): import the report once."
        )


def _publication(found: str | None, override: str | None, warnings: list[str]) -> str | None:
    if found:
        return found
    if override is not None:
        if not _PUBLISHED.match(override):
            raise ValueError(f'published must be "YYYY-MM", not {override!r}')
        return override
    warnings.append(
        "No publication date was found in the text; deadlines counted from publication "
        '("within six months") could not be dated.'
    )
    return None
