"""Where each part of the report sits (which question or pillar), and the grades given.

A grade can be read in two places, and reports use both:

- the summary table near the start ("Investigating crime | Good | 2018/19"), whose
  layout varies (tab columns, pipes, ``<b>``-wrapped grades, a "Last inspected" column);
- the section heading for a question or pillar, followed at once by a grade heading
  ("## Investigating crime" / "### Good"), or both in one heading
  ("Investigating crime – Adequate").

A question not inspected in this cycle keeps an earlier grade; the report says so in the
table's year column, in an "Inspected in 2018/19?" table, or in the section ("our
judgment from the 2016 effectiveness inspection has been carried over").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from inspections.importer.framework import Area, Framework, canonical_grade
from inspections.importer.models import ParsedJudgment
from inspections.importer.text import Block, normalise

_YEAR_CELL = re.compile(r"^\d{4}(?:\s*[/–-]\s*\d{2,4})?$")
_CARRIED_OVER = re.compile(
    r"judg(?:e)?ment from (?:the |our )?(?P<year>\d{4})\b[^.]*?\bcarried (?:over|forward)", re.I
)
_HEADING_SEPARATORS = (" – ", " — ", " - ", ": ", " | ")
_ANNEX = re.compile(r"^(?:annex|appendix)\b", re.I)
_FINDING_HEADINGS = re.compile(
    r"^(?:areas? for improvement|(?:accelerated )?causes? of concern|recommendations?|"
    r"\w+ practices?|summary|overall summary)\b"
)


@dataclass(frozen=True)
class Layout:
    """For each block: the area it sits under and the pillar (for figures); and the grades
    read from headings, as (area name, grade, line)."""

    areas: list[Area | None]
    pillars: list[str | None]
    heading_grades: list[tuple[str, str, int]]


@dataclass
class _Evidence:
    """What the report says about one area, gathered before deciding."""

    grades: list[tuple[str, int]] = field(default_factory=list)  # (grade, line), as read
    table_year: str | None = None
    inspected_answer: bool | None = None
    carried_year: str | None = None


def split_area_grade(title: str, fw: Framework) -> tuple[Area | None, str | None]:
    """Read a heading as an area, or an area and its grade ("Investigating crime – Good")."""
    if area := fw.find_area(title):
        return area, None
    for separator in _HEADING_SEPARATORS:
        left, found, right = title.rpartition(separator)
        if found and (area := fw.find_area(left)) and (grade := canonical_grade(right)):
            return area, grade
    return None, None


def _grade_after(blocks: Sequence[Block], index: int) -> tuple[str, int] | None:
    """The grade heading that immediately follows a heading, if there is one."""
    if index + 1 >= len(blocks):
        return None
    following = blocks[index + 1]
    title = following.heading_text()
    if title is not None and (grade := canonical_grade(title)):
        return grade, following.line
    return None


def lay_out(blocks: Sequence[Block], fw: Framework | None, warnings: list[str]) -> Layout:
    """Walk the headings, noting which area each block sits under and graded headings."""
    areas: list[Area | None] = []
    pillars: list[str | None] = []
    heading_grades: list[tuple[str, str, int]] = []
    current: Area | None = None
    pillar: str | None = None
    for index, block in enumerate(blocks):
        title = block.heading_text()
        if title is not None and fw is not None:
            area, grade = split_area_grade(title, fw)
            if area is not None:
                current = area
                pillar = area.name if area.is_pillar else area.pillar
                found = (grade, block.line) if grade else _grade_after(blocks, index)
                if found:
                    heading_grades.append((area.name, *found))
            elif _ANNEX.match(title):
                current, pillar = None, None
            elif block.kind == "heading" and (
                stray := _unknown_heading_grade(title, blocks, index)
            ):
                warnings.append(
                    f'The heading "{title}" (line {block.line}) carries a grade ({stray}) '
                    f"but matches no question or pillar of {fw.name}; that judgment was "
                    "not recorded."
                )
                current = None
        areas.append(current)
        pillars.append(pillar)
    return Layout(areas, pillars, heading_grades)


def _unknown_heading_grade(title: str, blocks: Sequence[Block], index: int) -> str | None:
    """The grade under a heading that names no known area (the heading is then reported)."""
    if canonical_grade(title) or _FINDING_HEADINGS.match(normalise(title)):
        return None
    found = _grade_after(blocks, index)
    return found[0] if found else None


def _read_tables(blocks: Sequence[Block], fw: Framework, evidence: dict[str, _Evidence]) -> None:
    """Grades, years and "Inspected?" answers from table rows naming an area."""
    in_inspected_table = False
    for block in blocks:
        if block.kind != "row":
            in_inspected_table = False
            continue
        cells = [cell for cell in block.cells if cell]
        if any(normalise(cell).startswith("inspected in") for cell in cells):
            in_inspected_table = True
            continue
        found = [area for cell in cells if (area := fw.find_area(cell))]
        if len(found) != 1:
            continue
        entry = evidence.setdefault(found[0].name, _Evidence())
        grades = [grade for cell in cells if (grade := canonical_grade(cell))]
        years = [cell for cell in cells if _YEAR_CELL.match(cell)]
        answers = [normalise(cell) for cell in cells if normalise(cell) in ("yes", "no")]
        if grades:
            entry.grades.append((grades[0], block.line))
            if years:
                entry.table_year = years[0]
        elif in_inspected_table and answers:
            entry.inspected_answer = answers[0] == "yes"


def _read_carried_over(
    blocks: Sequence[Block], layout: Layout, evidence: dict[str, _Evidence]
) -> None:
    for block, area in zip(blocks, layout.areas, strict=True):
        if area is None or block.kind != "para":
            continue
        if match := _CARRIED_OVER.search(block.text):
            evidence.setdefault(area.name, _Evidence()).carried_year = match.group("year")


def read_judgments(
    blocks: Sequence[Block], fw: Framework, layout: Layout, warnings: list[str]
) -> list[ParsedJudgment]:
    """One judgment per graded area, in the framework's order (table grades first)."""
    evidence: dict[str, _Evidence] = {}
    _read_tables(blocks, fw, evidence)
    for name, grade, line in layout.heading_grades:
        evidence.setdefault(name, _Evidence()).grades.append((grade, line))
    _read_carried_over(blocks, layout, evidence)
    judgments: list[ParsedJudgment] = []
    for area in fw.areas:
        entry = evidence.get(area.name)
        if entry is None or not entry.grades:
            kind = "pillar" if area.is_pillar else "question"
            warnings.append(f'No grade was found for the {kind} "{area.name}".')
            continue
        judgments.append(_decide(area, entry, fw, warnings))
    return judgments


def _decide(area: Area, entry: _Evidence, fw: Framework, warnings: list[str]) -> ParsedJudgment:
    grade, line = entry.grades[0]
    for other, other_line in entry.grades[1:]:
        if other != grade:
            warnings.append(
                f'"{area.name}" is graded {grade} (line {line}) and {other} '
                f"(line {other_line}); kept {grade}."
            )
    if grade not in fw.grades:
        warnings.append(
            f'"{area.name}" is graded {grade} (line {line}), which is not on the '
            f"{fw.name} grade scale."
        )
    earlier_year = None
    if entry.table_year and not fw.is_cycle_year(entry.table_year):
        earlier_year = entry.table_year
    earlier_year = earlier_year or entry.carried_year
    inspected = earlier_year is None and entry.inspected_answer is not False
    if entry.inspected_answer is True and earlier_year is not None:
        warnings.append(
            f'"{area.name}" is marked as inspected in {fw.year} but also as last inspected '
            f"in {earlier_year}; read as not inspected."
        )
    if entry.inspected_answer is False and earlier_year is None:
        warnings.append(
            f'"{area.name}" was not inspected in {fw.year}, but the report does not say '
            "when it was last inspected."
        )
    return ParsedJudgment(
        area=area.name,
        pillar=area.pillar,
        is_pillar=area.is_pillar,
        grade=grade,
        inspected=inspected,
        last_inspected=earlier_year,
    )
