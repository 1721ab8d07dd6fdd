"""The PEEL frameworks (cycles, pillars, questions, grade scales) as the parser sees them.

The framework is data (``inspections/reference/frameworks.json``), never code: a new cycle
or a renamed question is a change to that file, and the parser follows. This module only
knows how to read that structure and how to recognise its names in report text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspections.importer.text import normalise

GRADE_LABELS = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
UNGRADED = "Ungraded"
GRADE_SCALES: dict[str, tuple[str, ...]] = {
    "four_point": ("Outstanding", "Good", "Requires improvement", "Inadequate", UNGRADED),
    "five_point": (*GRADE_LABELS, UNGRADED),
}
_GRADE_WORDS = {normalise(label): label for label in GRADE_LABELS} | {
    "ungraded": UNGRADED,
    "not graded": UNGRADED,
    "no grade": UNGRADED,
}
_GRADE_PREFIX = re.compile(r"^(?:grade|graded|judgment|judgement|rating|overall grade)\s+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_YEAR_SPAN = re.compile(r"^(\d{4})\s*[/–—-]\s*(\d{2,4})$")


def canonical_grade(text: str) -> str | None:
    """The canonical grade label a cell or heading names, or None if it names none."""
    folded = _GRADE_PREFIX.sub("", normalise(text))
    return _GRADE_WORDS.get(folded)


def year_variants(year: str) -> set[str]:
    """Normalised spellings of a cycle year: "2023-25" is also "2023–2025" or "2023/2025"."""
    variants = {normalise(year)}
    if match := _YEAR_SPAN.match(year.strip()):
        first, second = match.groups()
        full = second if len(second) == 4 else first[:2] + second
        variants |= {f"{first} {full[-2:]}", f"{first} {full}", f"{first} to {full}"}
    return variants


@dataclass(frozen=True)
class Area:
    """A pillar or a question: something a report grades."""

    name: str
    pillar: str | None
    is_pillar: bool
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    """One PEEL cycle: its names, report titles, grade scale and graded areas in order."""

    slug: str
    name: str
    year: str
    grade_scale: str
    report_titles: tuple[str, ...]
    areas: tuple[Area, ...]
    pillar_inspections: bool = False
    _lookup: dict[str, Area] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, Area] = {}
        for area in self.areas:
            for name in (area.name, *area.aliases):
                lookup.setdefault(normalise(name), area)
        object.__setattr__(self, "_lookup", lookup)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Framework:
        """Build from one entry of frameworks.json's ``cycles`` list."""
        areas: list[Area] = []
        for pillar in data.get("pillars", []):
            areas.append(Area(pillar["name"], None, True, tuple(pillar.get("aliases", []))))
            areas.extend(_questions(pillar.get("questions", []), pillar["name"]))
        areas.extend(_questions(data.get("questions", []), None))
        return cls(
            slug=data["slug"],
            name=data["name"],
            year=data["year"],
            grade_scale=data.get("grade_scale", "four_point"),
            report_titles=tuple(data.get("report_titles", [])),
            areas=tuple(areas),
            pillar_inspections=bool(data.get("pillar_inspections", False)),
        )

    @classmethod
    def list_from_json(cls, source: str | Path | Mapping[str, Any]) -> list[Framework]:
        """Build every cycle from frameworks.json: a path to it, or its parsed content."""
        data: Any = source
        if isinstance(source, str | Path):
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        cycles = data["cycles"] if isinstance(data, Mapping) else data
        return [cls.from_dict(cycle) for cycle in cycles]

    @property
    def grades(self) -> tuple[str, ...]:
        return GRADE_SCALES.get(self.grade_scale, (*GRADE_LABELS, UNGRADED))

    @property
    def start_year(self) -> int | None:
        """The first calendar year of the cycle, to tell earlier inspections apart."""
        match = re.match(r"\d{4}", self.year)
        return int(match.group()) if match else None

    def find_area(self, text: str) -> Area | None:
        """The pillar or question a heading or table cell names (name or alias), if any."""
        folded = normalise(text)
        if not folded:
            return None
        return self._lookup.get(folded) or self._lookup.get(normalise(_PARENTHESES.sub("", text)))

    def is_cycle_year(self, text: str) -> bool:
        return normalise(text) in year_variants(self.year)


def _questions(specs: Iterable[Mapping[str, Any]], pillar: str | None) -> list[Area]:
    return [Area(q["name"], pillar, False, tuple(q.get("aliases", []))) for q in specs]
