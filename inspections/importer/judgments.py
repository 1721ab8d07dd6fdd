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
from inspections.importer.grades import (
    NOT_YET_GRADED,
    StatedGrade,
    earlier_grades,
    grade_word,
    overview_grades,
    prose_grade,
)
from inspections.importer.models import ParsedJudgment
from inspections.importer.text import Block, normalise

_YEAR_CELL = re.compile(r"^\d{4}(?:\s*[/–-]\s*\d{2,4})?$")
_CARRIED_OVER = re.compile(
    r"judg(?:e)?ment from (?:the |our )?(?P<year>\d{4})\b[^.]*?\bcarried (?:over|forward)", re.I
)
_LAST_UPDATED = re.compile(r"^last updated\s+\d{1,2}/\d{1,2}/\d{2,4}$", re.I)
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
    stated: list[StatedGrade] = field(default_factory=list)


@dataclass
class _Evidence:
    """What the report says about one area, gathered before deciding."""

    grades: list[tuple[str, int]] = field(default_factory=list)  # (grade, line), as read
    not_yet_graded: int | None = None  # the line saying so
    earlier: tuple[str, str, int] | None = None  # (grade, year, line) carried over
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
    """The grade line that follows a heading (after a "Last updated dd/mm/yyyy" line on
    web pages), if there is one; ``NOT_YET_GRADED`` for "To be graded"."""
    after = index + 1
    while after < len(blocks) and after <= index + 2:
        following = blocks[after]
        if following.page != blocks[index].page:
            return None
        if _LAST_UPDATED.match(following.text):
            after += 1
            continue
        title = following.heading_text()
        if title is not None and (grade := canonical_grade(title) or grade_word(title)):
            return grade, following.line
        return None
    return None


def _first_paragraph(blocks: Sequence[Block], index: int) -> Block | None:
    """The first paragraph under a heading, past its grade and "Last updated" lines."""
    for following in blocks[index + 1 : index + 4]:
        if following.page != blocks[index].page:
            return None
        title = following.heading_text()
        if _LAST_UPDATED.match(following.text) or (
            title is not None and (canonical_grade(title) or grade_word(title))
        ):
            continue
        return following if following.kind == "para" and title is None else None
    return None


def lay_out(blocks: Sequence[Block], fw: Framework | None, warnings: list[str]) -> Layout:
    """Walk the headings, noting which area each block sits under and graded headings."""
    areas: list[Area | None] = []
    pillars: list[str | None] = []
    heading_grades: list[tuple[str, str, int]] = []
    stated: list[StatedGrade] = []
    current: Area | None = None
    pillar: str | None = None
    for index, block in enumerate(blocks):
        if index and block.page != blocks[index - 1].page:
            current, pillar = None, None  # a new page starts outside any section
        title = block.heading_text()
        if fw is not None and block.kind == "para" and title is None:
            found_here, unplaced = overview_grades(block.text, block.line, fw)
            stated.extend(found_here)
            warnings.extend(unplaced)
            stated.extend(earlier_grades(block.text, block.line, fw))
        if title is not None and fw is not None:
            area, grade = split_area_grade(title, fw)
            if area is not None:
                current = area
                pillar = area.name if area.is_pillar else area.pillar
                found = (grade, block.line) if grade else _grade_after(blocks, index)
                if found:
                    heading_grades.append((area.name, *found))
                paragraph = _first_paragraph(blocks, index)
                prose = (
                    prose_grade(paragraph.text, paragraph.line, area)
                    if paragraph is not None and not paragraph.cut
                    else None
                )
                if prose is not None:
                    stated.append(prose)
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
    return Layout(areas, pillars, heading_grades, stated)


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
        _add_grade(evidence.setdefault(name, _Evidence()), grade, line)
    for stated in layout.stated:
        entry = evidence.setdefault(stated.area.name, _Evidence())
        if stated.earlier_year:
            entry.earlier = entry.earlier or (stated.grade, stated.earlier_year, stated.line)
        else:
            _add_grade(entry, stated.grade, stated.line)
    _read_carried_over(blocks, layout, evidence)
    judgments: list[ParsedJudgment] = []
    missing: list[str] = []
    for area in fw.areas:
        kind = "pillar" if area.is_pillar else "question"
        entry = evidence.get(area.name)
        if entry is not None and not entry.grades and entry.earlier and entry.carried_year:
            grade, year, line = entry.earlier
            if year == entry.carried_year:
                entry.grades.append((grade, line))
        if entry is not None and not entry.grades:
            if entry.carried_year:
                warnings.append(
                    f'The {kind} "{area.name}" keeps its judgment from {entry.carried_year}, '
                    "but the text does not give that grade; no judgment was recorded."
                )
                continue
            if entry.not_yet_graded is not None:
                warnings.append(
                    f'The {kind} "{area.name}" is not yet graded (line '
                    f"{entry.not_yet_graded}); no judgment was recorded."
                )
                continue
        if entry is None or not entry.grades:
            missing.append(f'the {kind} "{area.name}"')
            continue
        if entry.not_yet_graded is not None:
            warnings.append(
                f'"{area.name}" is said to be not yet graded (line {entry.not_yet_graded}) and '
                f"is graded {entry.grades[0][0]} (line {entry.grades[0][1]}); kept the grade."
            )
        judgments.append(_decide(area, entry, fw, warnings))
    if missing and (judgments or len(missing) < len(fw.areas)):
        warnings.extend(f"No grade was found for {name}." for name in missing)
    elif missing:
        warnings.append(f"No grade was found for any pillar or question of {fw.name}.")
    return judgments


def _add_grade(entry: _Evidence, grade: str, line: int) -> None:
    if grade == NOT_YET_GRADED:
        entry.not_yet_graded = entry.not_yet_graded or line
    else:
        entry.grades.append((grade, line))


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
