"""What the parser returns: plain frozen dataclasses, with a JSON-ready ``to_dict``.

Nothing here knows about Django; the loader maps these onto models.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FindingKind = Literal[
    "area_for_improvement", "cause_of_concern", "recommendation", "commended_practice"
]
EarlierKind = Literal["recommendation", "area_for_improvement"]
Outcome = Literal["addressed", "met", "remains"]


class ReportParseError(ValueError):
    """The text cannot be read as a PEEL report at all (one-line message for the user)."""


@dataclass(frozen=True)
class ParsedJudgment:
    """A grade for a pillar or a question, and whether this cycle inspected it."""

    area: str
    pillar: str | None
    is_pillar: bool
    grade: str
    inspected: bool
    last_inspected: str | None


@dataclass(frozen=True)
class ParsedFinding:
    """Something the report asks of the force, or commends.

    ``parent`` is the index in ``ParsedReport.findings`` of the cause of concern a
    recommendation belongs to. ``practice`` says how commended practice was described
    ("positive", "good", "outstanding", "innovative", ...). ``line`` is where the
    wording starts in the text, so that a reviewer can find it.
    """

    kind: FindingKind
    area: str | None
    text: str
    order: int
    line: int
    continues_earlier: bool = False
    earlier_year: str | None = None
    parent: int | None = None
    deadline_text: str | None = None
    deadline: str | None = None
    practice: str | None = None


@dataclass(frozen=True)
class ParsedEarlierItem:
    """A recommendation or area for improvement from an earlier inspection, and its fate."""

    kind: EarlierKind
    year: str | None
    area: str | None
    text: str
    outcome: Outcome
    line: int


@dataclass(frozen=True)
class ParsedFigure:
    """One "Force in context" figure: the force's value beside its comparator's.

    ``group`` is the sub-heading or table group the row sits under ("Crime Outcomes"),
    which some labels ("Charge/summonsed") need to make sense.
    """

    section: str | None
    label: str
    period: str | None
    force_value: str
    comparator: str | None
    comparator_value: str | None
    group: str | None = None


@dataclass(frozen=True)
class ParsedStatusUpdate:
    """A letter's statement that an earlier finding is closed ("I will be closing the
    force's cause of concern regarding responding to the public").

    ``about`` is what the letter names the finding by; ``area`` the question or pillar that
    names, if any. ``reason`` quotes the letter, for the finding's history.
    """

    kind: Literal["cause_of_concern", "recommendation"]
    about: str
    area: str | None
    to_status: Literal["closed", "addressed"]
    reason: str
    line: int


@dataclass(frozen=True)
class ParsedReport:
    force_slug: str | None
    force_name: str | None
    cycle_slug: str | None
    cycle_name: str | None
    published: str | None
    lead_inspector: str | None
    most_similar_group: list[str] = field(default_factory=list)
    judgments: list[ParsedJudgment] = field(default_factory=list)
    findings: list[ParsedFinding] = field(default_factory=list)
    earlier_items: list[ParsedEarlierItem] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    status_updates: list[ParsedStatusUpdate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_form: str = "text"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict; ``force`` and ``cycle`` are what the loader keys on."""
        return {
            "force": self.force_slug,
            "force_name": self.force_name,
            "cycle": self.cycle_name,
            "cycle_slug": self.cycle_slug,
            "published": self.published,
            "lead_inspector": self.lead_inspector,
            "most_similar_group": list(self.most_similar_group),
            "judgments": [asdict(judgment) for judgment in self.judgments],
            "findings": [asdict(finding) for finding in self.findings],
            "earlier_items": [asdict(item) for item in self.earlier_items],
            "figures": [asdict(figure) for figure in self.figures],
            "status_updates": [asdict(update) for update in self.status_updates],
            "source_form": self.source_form,
            "warnings": list(self.warnings),
        }
