"""Turn a parsed PEEL report into inspections, judgments and findings, in one transaction.

`import_report` is what the management command and the admin's upload both call. It refuses
a report it cannot place (unknown force or cycle, nothing found) and saves nothing then.
Re-importing the same report updates in place: findings are matched by kind and wording, so
actions already attached to them stay attached.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from django.db import transaction

from inspections.importer.framework import Framework
from inspections.importer.models import ParsedReport, ReportParseError
from inspections.importer.parser import parse_report
from inspections.importer.text import normalise
from inspections.models import (
    ContextFigure,
    Cycle,
    EarlierItemReview,
    Finding,
    FindingKind,
    FindingStatus,
    Force,
    Grade,
    Inspection,
    Judgment,
    MostSimilarGroup,
)
from inspections.services import FindingError, change_finding_status
from peel.request_context import channel

if TYPE_CHECKING:
    from accounts.models import User


class ReportImportError(Exception):
    """The report cannot be imported; nothing was saved. The message says why."""


@dataclass
class ImportResult:
    report: ParsedReport
    force_slug: str
    inspection: Inspection | None
    created: bool
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = self.report.to_dict()
        # The force it was (or would be) saved under, which --force may have chosen.
        data["force_in_report"] = data["force"]
        data["force"] = self.force_slug
        data["warnings"] = list(self.warnings)
        data["saved"] = not self.dry_run
        data["counts"] = dict(self.counts)
        return data


def frameworks_from_database() -> list[Framework]:
    """The cycles' frameworks as the parser reads them, from the database (cycles are data)."""
    cycles = Cycle.objects.prefetch_related("pillars__questions", "questions")
    specs = []
    for cycle in cycles:
        specs.append(
            {
                "slug": cycle.slug,
                "name": cycle.name,
                "year": cycle.year,
                "grade_scale": cycle.grade_scale,
                "report_titles": cycle.report_titles,
                "pillars": [
                    {
                        "name": pillar.name,
                        "aliases": pillar.aliases,
                        "questions": [
                            {"name": q.name, "aliases": q.aliases} for q in pillar.questions.all()
                        ],
                    }
                    for pillar in cycle.pillars.all()
                ],
                "questions": [
                    {"name": q.name, "aliases": q.aliases}
                    for q in cycle.questions.all()
                    if q.pillar_id is None
                ],
            }
        )
    return Framework.list_from_json({"cycles": specs})


def read_report(text: str, *, force_slug: str | None = None) -> ParsedReport:
    """Parse `text` against the frameworks and forces in the database."""
    force_names = dict(Force.objects.values_list("slug", "name"))
    try:
        return parse_report(text, frameworks_from_database(), force_names)
    except ReportParseError as error:
        raise ReportImportError(f"{error} Nothing was saved.") from None


def _published_on(published: str | None) -> datetime.date | None:
    if not published:
        return None
    year, month = published.split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def import_report(
    text: str,
    *,
    force_slug: str | None = None,
    dry_run: bool = False,
    by: User | None = None,
) -> ImportResult:
    report = read_report(text)
    warnings = list(report.warnings)

    slug = force_slug or report.force_slug
    if force_slug and report.force_slug and force_slug != report.force_slug:
        warnings.append(
            f"The report names {report.force_name}, but it was imported for "
            f"\u201c{force_slug}\u201d as asked."
        )
    if not slug:
        raise ReportImportError(
            "Could not tell which force the report is about"
            + (f" (it names \u201c{report.force_name}\u201d)" if report.force_name else "")
            + ". Give the force explicitly (--force SLUG). Nothing was saved."
        )
    force = Force.objects.filter(slug=slug).first()
    if force is None:
        raise ReportImportError(f"There is no force \u201c{slug}\u201d. Nothing was saved.")
    cycle = Cycle.objects.filter(slug=report.cycle_slug).first() if report.cycle_slug else None
    if cycle is None:
        raise ReportImportError(
            "Could not tell which PEEL cycle the report belongs to; add the cycle (with the "
            "report's title) to the reference data. Nothing was saved."
        )
    if not report.judgments and not report.findings:
        raise ReportImportError(
            "Found no judgments and no findings in the report. Nothing was saved."
        )

    with transaction.atomic():
        # A new inspection is published when the report has a date; on re-import the
        # status stays as an inspector left it.
        inspection, created = Inspection.objects.update_or_create(
            force=force,
            cycle=cycle,
            defaults={
                "published_on": _published_on(report.published),
                "lead_inspector": report.lead_inspector or "",
                "updated_by": by,
            },
            create_defaults={
                "published_on": _published_on(report.published),
                "lead_inspector": report.lead_inspector or "",
                "updated_by": by,
                "status": (
                    Inspection.Status.PUBLISHED if report.published else Inspection.Status.DRAFT
                ),
            },
        )
        if created and not report.published:
            warnings.append("No publication date found: the inspection is saved as a draft.")
        counts = {
            "judgments": _save_judgments(inspection, report, warnings),
            **_save_findings(inspection, report, warnings),
            "earlier_items": _save_earlier_items(inspection, report, by),
            "figures": _save_figures(inspection, report),
            "most_similar_group": _save_most_similar_group(force, cycle, report, warnings),
        }
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(
        report=report,
        force_slug=force.slug,
        inspection=None if dry_run else inspection,
        created=created,
        dry_run=dry_run,
        counts=counts,
        warnings=warnings,
    )


def _areas(cycle: Cycle) -> tuple[dict[str, Any], dict[str, Any]]:
    return (
        {p.name: p for p in cycle.pillars.all()},
        {q.name: q for q in cycle.questions.all()},
    )


def _save_judgments(inspection: Inspection, report: ParsedReport, warnings: list[str]) -> int:
    pillars, questions = _areas(inspection.cycle)
    inspection.judgments.all().delete()
    allowed = {g.label for g in inspection.cycle.grades}
    saved = 0
    for parsed in report.judgments:
        pillar = pillars.get(parsed.area) if parsed.is_pillar else None
        question = None if parsed.is_pillar else questions.get(parsed.area)
        if pillar is None and question is None:
            warnings.append(
                f"Judgment for \u201c{parsed.area}\u201d: no such area in {inspection.cycle}."
            )
            continue
        if parsed.grade not in allowed:
            warnings.append(
                f"Judgment for \u201c{parsed.area}\u201d: \u201c{parsed.grade}\u201d is not on "
                f"the {inspection.cycle} grade scale; skipped."
            )
            continue
        earlier = None
        if not parsed.inspected and parsed.last_inspected:
            earlier = (
                Inspection.objects.filter(
                    force=inspection.force, cycle__year__startswith=parsed.last_inspected
                )
                .exclude(pk=inspection.pk)
                .first()
            )
        Judgment.objects.create(
            inspection=inspection,
            pillar=pillar,
            question=question,
            grade=Grade.from_label(parsed.grade),
            inspected=parsed.inspected,
            last_inspected="" if parsed.inspected else (parsed.last_inspected or "unknown"),
            earlier_inspection=earlier,
        )
        saved += 1
    return saved


#: How much of one wording must appear in the other to be taken as the same finding.
SAME_FINDING_RATIO = 0.8


def _containment(a: str, b: str) -> float:
    """How much of the shorter wording appears, in order, in the longer one (0 to 1)."""
    if not a or not b:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / min(len(a), len(b))


class EarlierFindings:
    """The force's findings from its other inspections, to link what a report carries over.

    Reports quote earlier items loosely (inside a narrative sentence, a word changed), so
    wording is compared by how much of one appears in the other; the best match wins.
    """

    def __init__(self, inspection: Inspection) -> None:
        earlier = Finding.objects.filter(inspection__force=inspection.force).exclude(
            inspection=inspection
        )
        self.candidates = [(f, normalise(f.text)) for f in earlier]

    def match(self, kind: str, text: str) -> Finding | None:
        wanted = normalise(text)
        best, best_ratio = None, SAME_FINDING_RATIO
        for finding, wording in self.candidates:
            if finding.kind != kind:
                continue
            ratio = _containment(wording, wanted)
            if ratio >= best_ratio:
                best, best_ratio = finding, ratio
        return best


def _save_findings(
    inspection: Inspection, report: ParsedReport, warnings: list[str]
) -> dict[str, int]:
    pillars, questions = _areas(inspection.cycle)
    existing = {(f.kind, normalise(f.text)): f for f in inspection.findings.all()}
    earlier = EarlierFindings(inspection)
    saved: list[Finding] = []
    for parsed in report.findings:
        question = questions.get(parsed.area) if parsed.area else None
        pillar = pillars.get(parsed.area) if parsed.area and question is None else None
        if parsed.area and question is None and pillar is None:
            warnings.append(
                f"Finding at line {parsed.line}: \u201c{parsed.area}\u201d is not an area of "
                f"{inspection.cycle}; saved without one."
            )
        key = (parsed.kind, normalise(parsed.text))
        finding = existing.pop(key, None) or Finding(inspection=inspection, kind=parsed.kind)
        finding.text = parsed.text
        finding.question = question
        finding.pillar = pillar
        finding.order = parsed.order
        finding.deadline_text = parsed.deadline_text or ""
        finding.deadline = datetime.date.fromisoformat(parsed.deadline) if parsed.deadline else None
        finding.continues_earlier = parsed.continues_earlier
        finding.earlier_year = parsed.earlier_year or ""
        finding.continues = (
            earlier.match(parsed.kind, parsed.text) if parsed.continues_earlier else None
        )
        finding.cause_of_concern = None
        finding.save()
        saved.append(finding)
    # Recommendations point at their cause of concern, now that both are saved.
    for parsed, finding in zip(report.findings, saved, strict=True):
        if parsed.parent is not None:
            finding.cause_of_concern = saved[parsed.parent]
            finding.save(update_fields=["cause_of_concern"])
    # Findings the report no longer has: removed, unless a force already acts on them.
    for finding in existing.values():
        if finding.actions.exists():
            warnings.append(
                f"\u201c{finding.short_text}\u201d is no longer in the report but has actions; "
                "kept it."
            )
        else:
            finding.delete()
    by_kind: dict[str, int] = {}
    for finding in saved:
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
    return {
        "areas_for_improvement": by_kind.get(FindingKind.AREA_FOR_IMPROVEMENT, 0),
        "causes_of_concern": by_kind.get(FindingKind.CAUSE_OF_CONCERN, 0),
        "recommendations": by_kind.get(FindingKind.RECOMMENDATION, 0),
        "commended_practice": by_kind.get(FindingKind.COMMENDED_PRACTICE, 0),
    }


def _save_earlier_items(inspection: Inspection, report: ParsedReport, by: User | None) -> int:
    """Record what the report says of earlier items; an earlier finding held here that the
    report finds addressed or met is closed, as the inspector who imports it decides."""
    _, questions = _areas(inspection.cycle)
    inspection.earlier_item_reviews.all().delete()
    earlier = EarlierFindings(inspection)
    for order, item in enumerate(report.earlier_items):
        match = earlier.match(item.kind, item.text)
        EarlierItemReview.objects.create(
            inspection=inspection,
            kind=item.kind,
            year=item.year or "",
            question=questions.get(item.area) if item.area else None,
            text=item.text,
            outcome=item.outcome,
            earlier_finding=match,
            order=order,
        )
        if match is not None and item.outcome != "remains" and match.status == FindingStatus.OPEN:
            try:
                with channel("importer"):
                    change_finding_status(
                        match,
                        FindingStatus.ADDRESSED,
                        by=by,
                        reason=f"Reported {item.outcome} in {inspection}.",
                    )
            except FindingError as error:
                raise ReportImportError(
                    f"The report finds an earlier finding {item.outcome}, but it could not be "
                    f"closed: {error} Nothing was saved."
                ) from None
    return len(report.earlier_items)


def _save_figures(inspection: Inspection, report: ParsedReport) -> int:
    inspection.context_figures.all().delete()
    ContextFigure.objects.bulk_create(
        ContextFigure(
            inspection=inspection,
            section=figure.section or "",
            label=figure.label if not figure.group else f"{figure.group}: {figure.label}",
            period=figure.period or "",
            force_value=figure.force_value,
            comparator=figure.comparator or "",
            comparator_value=figure.comparator_value or "",
            order=order,
        )
        for order, figure in enumerate(report.figures)
    )
    return len(report.figures)


def _save_most_similar_group(
    force: Force, cycle: Cycle, report: ParsedReport, warnings: list[str]
) -> int:
    if not report.most_similar_group:
        return 0
    members = list(Force.objects.filter(slug__in=report.most_similar_group))
    missing = set(report.most_similar_group) - {m.slug for m in members}
    if missing:
        warnings.append(f"Most similar group: unknown forces {', '.join(sorted(missing))}.")
    group, _ = MostSimilarGroup.objects.get_or_create(force=force, year=cycle.year)
    group.members.set(members)
    return len(members)
