"""Grades stated in words rather than in a table or a grade heading.

HMICFRS pages state grades in a few set ways, and a grade is read only from them:

- overview sentences: "The extent to which the force is effective at keeping people safe
  and reducing crime is good." (also "is: good.", ": requires improvement.", "is not yet
  graded", "constabulary" for "force"; 2018/19 adds "X was inspected ... and we found:");
- a grade line after the page's "Last updated dd/mm/yyyy" line (see ``judgments``);
- the first sentence under a pillar or question heading, when it grades the force:
  "Cleveland Police is inadequate in the way it ...", "The constabulary requires
  improvement in investigating crime.", "... has been assessed as good in respect of ...",
  "... is judged as requiring improvement at ...";
- an earlier year's grade carried over: "In 2017, we graded the constabulary as good at
  meeting current demand and using resources."

Anything else (a grade word in narrative, "needs to improve") is not a grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspections.importer.framework import Area, Framework, canonical_grade
from inspections.importer.text import normalise, split_sentences

NOT_YET_GRADED = "not yet graded"

_GRADE_WORDS = (
    r"outstanding|good|adequate|requires improvement|requiring improvement|inadequate"
    r"|not yet graded|to be graded|not graded"
)
_OVERVIEW = re.compile(
    rf"(?:^|\bwe found:?\s+)the extent to which (?P<subject>.+?)\s*(?:\bis\b\s*:?|:)?\s*"
    rf"(?P<grade>{_GRADE_WORDS})\s*\.?$",
    re.I,
)
_SUBJECT = r"(?:the force|the constabulary|the service|it|(?:[A-Z][\w’'&-]*\s+){1,5}?(?:police|constabulary|police service))"  # noqa: E501
_PROSE = re.compile(
    rf"^{_SUBJECT}\s+(?:is\s+|was\s+|has\s+been\s+|continues\s+to\s+be\s+)?"
    r"(?:(?:assessed|judged|graded|rated)\s+(?:to\s+be\s+|as\s+)?)?"
    r"(?P<grade>outstanding|good|adequate|inadequate|requires?\s+improvement|requiring\s+improvement)"
    r"\s+(?:at|in|for|overall|with|when|on)\b",
    re.I,
)
_EARLIER_GRADE = re.compile(
    r"^in (?P<year>(?:19|20)\d\d)(?:/\d{2})?,? we (?:graded|judged|assessed) (?:the )?"
    r"(?:force|constabulary|service|[\w\s]+? (?:police|constabulary)) as "
    rf"(?P<grade>{_GRADE_WORDS}) (?:at|in|for) (?P<what>.+?)\.?$",
    re.I,
)


_COUNTED = re.compile(
    r"[‘'\"“]?(?:outstanding|good|adequate|requires improvement|inadequate)[’'\"”]? in "
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:areas?|of)\b",
    re.I,
)


@dataclass(frozen=True)
class StatedGrade:
    """A grade stated in words; ``grade`` is canonical, or ``NOT_YET_GRADED``."""

    area: Area
    grade: str
    line: int
    how: str
    earlier_year: str | None = None


def grade_word(text: str) -> str | None:
    """The canonical grade, ``NOT_YET_GRADED``, or None, for a grade as worded in prose."""
    folded = normalise(text)
    if folded in ("not yet graded", "to be graded", "not graded"):
        return NOT_YET_GRADED
    if folded in ("requiring improvement", "require improvement"):
        return "Requires improvement"
    return canonical_grade(folded)


def _subject_area(subject: str, fw: Framework) -> Area | None:
    """The pillar an overview sentence's subject names: by alias, else by the pillar's stem
    ("effective", "efficiently", "legitimate" for Effectiveness, Efficiency, Legitimacy)."""
    folded = re.sub(r"\bconstabulary\b", "force", normalise(subject))
    if area := fw.find_area(folded):
        return area
    pillars = [area for area in fw.areas if area.is_pillar]
    words = folded.split()
    matches = [
        pillar
        for pillar in pillars
        if any(word.startswith(normalise(pillar.name)[:7]) for word in words)
    ]
    return matches[0] if len(matches) == 1 else None


def overview_grades(text: str, line: int, fw: Framework) -> tuple[list[StatedGrade], list[str]]:
    """Grades from overview sentences in a paragraph, and warnings for unplaced ones."""
    found: list[StatedGrade] = []
    warnings: list[str] = []
    for sentence in split_sentences(text):
        if _COUNTED.search(sentence):
            warnings.append(
                f"Line {line} counts the grades given (\u201c{sentence.strip()[:100]}\u201d) "
                "but does not say which area has which; no judgment was read from it."
            )
            continue
        match = _OVERVIEW.search(sentence.strip())
        if not match:
            continue
        area = _subject_area(match.group("subject"), fw)
        grade = grade_word(match.group("grade"))
        if area is None or grade is None:
            warnings.append(
                f'Line {line}: "{sentence.strip()[:120]}" states a grade for something that is '
                f"not a pillar or question of {fw.name}; it was not recorded."
            )
            continue
        found.append(StatedGrade(area, grade, line, "overview"))
    return found, warnings


def prose_grade(text: str, line: int, area: Area) -> StatedGrade | None:
    """The grade the first sentence under an area's heading gives the force, if it does."""
    sentences = split_sentences(text)
    if not sentences:
        return None
    match = _PROSE.match(sentences[0].strip())
    if not match:
        return None
    grade = grade_word(match.group("grade"))
    return StatedGrade(area, grade, line, "prose") if grade else None


def earlier_grades(text: str, line: int, fw: Framework) -> list[StatedGrade]:
    """Grades from an earlier year that a page says it carries over."""
    found: list[StatedGrade] = []
    for sentence in split_sentences(text):
        match = _EARLIER_GRADE.match(sentence.strip())
        if not match:
            continue
        area = fw.find_area(match.group("what"))
        grade = grade_word(match.group("grade"))
        if area is not None and grade not in (None, NOT_YET_GRADED):
            found.append(StatedGrade(area, grade, line, "earlier", match.group("year")))
    return found
