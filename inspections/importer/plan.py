"""What an import would add, change and remove, worked out before anything is written.

The plan compares a reading with what is stored for the same force and cycle. Adding is
always allowed; changing or removing what exists happens only when the person importing
confirms it (``--apply-changes``, the admin's checkbox), and some things are never
removed at all: a finding with actions, a status history, or an inspector's edits.
For cycles that inspected each pillar separately (2014 to 2017), a reading of one
pillar's pages is compared only with that pillar.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from inspections.importer.matching import EarlierFindings, containment
from inspections.importer.models import ParsedFigure, ParsedFinding, ParsedReport
from inspections.importer.text import normalise
from inspections.models import (
    ContextFigure,
    Cycle,
    EarlierItemReview,
    Finding,
    FindingStatus,
    Force,
    Grade,
    Inspection,
    Judgment,
)

Action = Literal["add", "change", "remove", "keep"]

#: A re-read wording this close to a stored one is the same finding, reworded.
REWORDED_RATIO = 0.9


@dataclass(frozen=True)
class Entry:
    """One line of the plan, as the preview and ``--json`` show it."""

    what: str
    action: Action
    label: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Plan:
    inspection: Inspection | None
    entries: list[Entry] = field(default_factory=list)
    judgment_changes: list[tuple[Judgment, Any]] = field(default_factory=list)
    judgment_removals: list[Judgment] = field(default_factory=list)
    finding_matches: list[Finding | None] = field(default_factory=list)
    finding_changes: set[int] = field(default_factory=set)
    finding_removals: list[Finding] = field(default_factory=list)
    figure_matches: list[ContextFigure | None] = field(default_factory=list)
    figure_removals: list[ContextFigure] = field(default_factory=list)
    review_matches: list[EarlierItemReview | None] = field(default_factory=list)
    review_removals: list[EarlierItemReview] = field(default_factory=list)
    #: (finding held, or index of a finding this import adds; status; reason)
    status_changes: list[tuple[Finding | int, str, str]] = field(default_factory=list)
    published_change: bool = False

    def add(self, what: str, action: Action, label: str, detail: str = "") -> None:
        self.entries.append(Entry(what, action, label, detail))

    def of(self, action: Action) -> list[Entry]:
        return [entry for entry in self.entries if entry.action == action]

    @property
    def added(self) -> list[Entry]:
        return self.of("add")

    @property
    def changed(self) -> list[Entry]:
        return self.of("change")

    @property
    def removed(self) -> list[Entry]:
        return self.of("remove")

    @property
    def kept(self) -> list[Entry]:
        return self.of("keep")

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.of("change") or self.of("remove"))

    def to_dict(self) -> dict[str, Any]:
        return {
            action: [entry.to_dict() for entry in self.of(action)]
            for action in ("add", "change", "remove", "keep")
        } | {"needs_confirmation": self.needs_confirmation}


def published_on(published: str | None) -> datetime.date | None:
    if not published:
        return None
    year, month = published.split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def protection(finding: Finding) -> str | None:
    """Why a stored finding may never be removed by an import, or None."""
    if finding.actions.exists():
        return "the force has actions on it"
    history = getattr(finding, "status_changes", None)  # FindingStatusChange rows
    if finding.status != FindingStatus.OPEN or finding.status_changed_at is not None:
        return "its status has a history"
    if history is not None and history.exists():
        return "its status has a history"
    if not finding.imported_text or finding.text != finding.imported_text:
        return "an inspector entered or edited it"
    if finding.reviews.exists() or finding.continued_by.exists():
        return "a later inspection refers to it"
    return None


def _short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else f"{text[: size - 1]}\u2026"


def _grade_label(value: str) -> str:
    return Grade(value).label if value in Grade.values else value


class Planner:
    """Builds the plan for one reading against one (possibly new) inspection."""

    def __init__(
        self, report: ParsedReport, force: Force, cycle: Cycle, inspection: Inspection | None
    ) -> None:
        self.report = report
        self.force = force
        self.cycle = cycle
        self.inspection = inspection
        self.plan = Plan(inspection)
        self.pillars = {p.name: p for p in cycle.pillars.all()}
        self.questions = {q.name: q for q in cycle.questions.select_related("pillar")}
        self.scope = self._scope()

    def _scope(self) -> set[str] | None:
        """The pillars a pillar-by-pillar reading covers (None: the whole inspection)."""
        if not self.cycle.pillar_inspections:
            return None
        covered: set[str] = set()
        areas = [j.area for j in self.report.judgments] + [
            f.area for f in self.report.findings if f.area
        ]
        for area in areas:
            if area in self.pillars:
                covered.add(area)
            elif (question := self.questions.get(area)) and question.pillar:
                covered.add(question.pillar.name)
        return covered

    def _in_scope(self, pillar_name: str | None) -> bool:
        return self.scope is None or pillar_name in self.scope

    def build(self) -> Plan:
        self._inspection()
        if self.inspection is not None:
            self._judgments()
            self._findings()
            self._figures()
            self._reviews()
        else:
            self.plan.finding_matches = [None] * len(self.report.findings)
            self.plan.figure_matches = [None] * len(self.report.figures)
            self.plan.review_matches = [None] * len(self.report.earlier_items)
            for judgment in self.report.judgments:
                self.plan.add("judgment", "add", judgment.area, judgment.grade)
            for finding in self.report.findings:
                self.plan.add("finding", "add", _kind_label(finding.kind), _short(finding.text))
            if self.report.figures:
                self.plan.add("figures", "add", f"{len(self.report.figures)} figures")
            for item in self.report.earlier_items:
                self.plan.add("earlier item", "add", item.outcome, _short(item.text))
        self._status_changes()
        return self.plan

    # -- the inspection ----------------------------------------------------------------

    def _inspection(self) -> None:
        new_date = published_on(self.report.published)
        if self.inspection is None:
            self.plan.add("inspection", "add", f"{self.force} – {self.cycle}")
            return
        stored = self.inspection.published_on
        if new_date and stored and new_date != stored:
            self.plan.published_change = True
            self.plan.add(
                "inspection",
                "change",
                "publication date",
                f"{stored:%B %Y} \u2192 {new_date:%B %Y}",
            )

    # -- judgments ---------------------------------------------------------------------

    def _judgments(self) -> None:
        assert self.inspection is not None  # noqa: S101 - build() checks
        stored = {
            (j.pillar.name if j.pillar_id else j.question.name): j
            for j in self.inspection.judgments.select_related("pillar", "question__pillar")
        }
        for parsed in self.report.judgments:
            held = stored.pop(parsed.area, None)
            if held is None:
                self.plan.add("judgment", "add", parsed.area, parsed.grade)
                continue
            last = "" if parsed.inspected else (parsed.last_inspected or "unknown")
            same = (
                _grade_label(held.grade) == parsed.grade
                and held.inspected == parsed.inspected
                and held.last_inspected == last
            )
            if not same:
                self.plan.judgment_changes.append((held, parsed))
                self.plan.add(
                    "judgment",
                    "change",
                    parsed.area,
                    f"{held.get_grade_display()} \u2192 {parsed.grade}",
                )
        for name, held in stored.items():
            pillar = (
                held.pillar.name
                if held.pillar_id
                else (held.question.pillar.name if held.question.pillar_id else None)
            )
            if self._in_scope(pillar):
                self.plan.judgment_removals.append(held)
                self.plan.add("judgment", "remove", name, held.get_grade_display())

    # -- findings ----------------------------------------------------------------------

    def _findings(self) -> None:
        assert self.inspection is not None  # noqa: S101 - build() checks
        stored = list(self.inspection.findings.select_related("question__pillar", "pillar"))
        by_wording = {(f.kind, normalise(f.text)): f for f in stored}
        if self.inspection is not None:
            by_wording |= {
                (f.kind, normalise(f.imported_text)): f for f in stored if f.imported_text
            }
        taken: set[int] = set()
        matches: list[Finding | None] = []
        for parsed in self.report.findings:
            held = by_wording.get((parsed.kind, normalise(parsed.text)))
            if held is not None and held.pk not in taken:
                taken.add(held.pk)
                matches.append(held)
                continue
            matches.append(None)
        for index, parsed in enumerate(self.report.findings):
            if matches[index] is not None:
                continue
            held = self._reworded(parsed, [f for f in stored if f.pk not in taken])
            if held is not None:
                taken.add(held.pk)
                matches[index] = held
                self.plan.finding_changes.add(index)
                self.plan.add(
                    "finding",
                    "change",
                    _kind_label(parsed.kind),
                    f"reworded: {_short(parsed.text)}",
                )
            else:
                self.plan.add("finding", "add", _kind_label(parsed.kind), _short(parsed.text))
        self.plan.finding_matches = matches
        for finding in stored:
            if finding.pk in taken or not self._in_scope(_pillar_of(finding)):
                continue
            reason = protection(finding)
            if reason is None:
                self.plan.finding_removals.append(finding)
                self.plan.add("finding", "remove", finding.get_kind_display(), finding.short_text)
            else:
                self.plan.add(
                    "finding",
                    "keep",
                    finding.get_kind_display(),
                    f"no longer in the reading, kept because {reason}: {finding.short_text}",
                )
        self._protect_parents()

    def _reworded(self, parsed: ParsedFinding, candidates: list[Finding]) -> Finding | None:
        wanted = normalise(parsed.text)
        best, best_ratio = None, REWORDED_RATIO
        for finding in candidates:
            if finding.kind != parsed.kind:
                continue
            wording = normalise(finding.text)
            if min(len(wording), len(wanted)) < 0.8 * max(len(wording), len(wanted)):
                continue
            ratio = containment(wording, wanted)
            if ratio >= best_ratio:
                best, best_ratio = finding, ratio
        return best

    def _protect_parents(self) -> None:
        """A cause of concern is kept while a recommendation under it is kept (removing it
        would remove them too)."""
        removing = {f.pk for f in self.plan.finding_removals}
        kept_children = Finding.objects.filter(cause_of_concern__in=removing).exclude(
            pk__in=removing
        )
        keep = set(kept_children.values_list("cause_of_concern", flat=True))
        if keep:
            self.plan.finding_removals = [f for f in self.plan.finding_removals if f.pk not in keep]
            self.plan.entries = [
                e
                for e in self.plan.entries
                if not (e.what == "finding" and e.action == "remove")
                or any(f.short_text == e.detail for f in self.plan.finding_removals)
            ]

    # -- status changes (earlier items reported addressed, letters closing findings) ----

    def _status_changes(self) -> None:
        others = Finding.objects.filter(inspection__force=self.force).select_related(
            "question", "pillar", "inspection__cycle"
        )
        if self.inspection is not None:
            earlier_pool = [f for f in others if f.inspection_id != self.inspection.pk]
        else:
            earlier_pool = list(others)
        earlier = EarlierFindings(earlier_pool)
        where = f"{self.cycle} inspection of {self.force}"
        for item in self.report.earlier_items:
            match = earlier.match(item.kind, item.text)
            if match is not None and item.outcome != "remains" and match.status == "open":
                reason = f"Reported {item.outcome} in the {where}."
                self.plan.status_changes.append((match, FindingStatus.ADDRESSED, reason))
                self.plan.add("status", "change", f"{match} → addressed", reason)
        for update in self.report.status_updates:
            self._letter(update, list(others))

    def _letter(self, update, held: list[Finding]) -> None:
        about = normalise(update.about)
        candidates: list[Finding | int] = [
            f
            for f in held
            if f.kind == update.kind
            and f.status == FindingStatus.OPEN
            and (
                (f.question_id and normalise(f.question.name) == normalise(update.area or "-"))
                or (f.pillar_id and normalise(f.pillar.name) == normalise(update.area or "-"))
                or (len(about) > 12 and about in normalise(f.text))
            )
        ]
        matched_held = {f.pk for f in candidates if isinstance(f, Finding)}
        for index, parsed in enumerate(self.report.findings):
            if parsed.kind != update.kind:
                continue
            if (parsed.area and update.area and parsed.area == update.area) or (
                len(about) > 12 and about in normalise(parsed.text)
            ):
                match = self.plan.finding_matches[index] if self.plan.finding_matches else None
                if match is None or match.pk not in matched_held:
                    candidates.append(index)
        label = f"{_kind_label(update.kind).lower()} about “{update.about}”"
        if len(candidates) != 1:
            found = "none is" if not candidates else f"{len(candidates)} are"
            self.plan.add(
                "status",
                "keep",
                label,
                f"the letter closes it, but {found} open for {self.force}; nothing was changed",
            )
            return
        target = candidates[0]
        self.plan.status_changes.append((target, update.to_status, update.reason))
        shown = target if isinstance(target, Finding) else "the one this import adds"
        self.plan.add("status", "change", f"{label} → {update.to_status}", f"{shown}")

    # -- figures and earlier items -----------------------------------------------------

    def _figures(self) -> None:
        assert self.inspection is not None  # noqa: S101 - build() checks
        stored = {
            _figure_key(f.section, f.label, f.period): f
            for f in self.inspection.context_figures.all()
        }
        matches: list[ContextFigure | None] = []
        for parsed in self.report.figures:
            held = stored.pop(_figure_key(*_parsed_figure_key(parsed)), None)
            matches.append(held)
            if held is None:
                self.plan.add("figure", "add", parsed.label, parsed.force_value)
            elif (held.force_value, held.comparator_value) != (
                parsed.force_value,
                parsed.comparator_value or "",
            ):
                self.plan.add(
                    "figure",
                    "change",
                    parsed.label,
                    f"{held.force_value} \u2192 {parsed.force_value}",
                )
        self.plan.figure_matches = matches
        if self.scope is None:
            for held in stored.values():
                self.plan.figure_removals.append(held)
                self.plan.add("figure", "remove", held.label, held.force_value)

    def _reviews(self) -> None:
        assert self.inspection is not None  # noqa: S101 - build() checks
        stored = {normalise(r.text): r for r in self.inspection.earlier_item_reviews.all()}
        matches: list[EarlierItemReview | None] = []
        for item in self.report.earlier_items:
            held = stored.pop(normalise(item.text), None)
            matches.append(held)
            if held is None:
                self.plan.add("earlier item", "add", item.outcome, _short(item.text))
            elif held.outcome != item.outcome:
                self.plan.add("earlier item", "change", item.outcome, _short(item.text))
        self.plan.review_matches = matches
        if self.scope is None:
            for held in stored.values():
                self.plan.review_removals.append(held)
                self.plan.add("earlier item", "remove", held.outcome, _short(held.text))


def _kind_label(kind: str) -> str:
    return Finding.Kind(kind).label if kind in Finding.Kind.values else kind


def _pillar_of(finding: Finding) -> str | None:
    if finding.pillar_id:
        return finding.pillar.name
    if finding.question_id and finding.question.pillar_id:
        return finding.question.pillar.name
    return None


def _figure_key(section: str | None, label: str, period: str | None) -> tuple[str, str, str]:
    return (normalise(section or ""), normalise(label), normalise(period or ""))


def _parsed_figure_key(figure: ParsedFigure) -> tuple[str | None, str, str | None]:
    label = figure.label if not figure.group else f"{figure.group}: {figure.label}"
    return figure.section, label, figure.period
