"""Turn a report (PDF, web page or text) into inspections, judgments and findings.

`import_report` is what the management command and the admin's upload both call:

1. the file is read in whatever form it came (``sources``), within the size limits;
2. the text is parsed (``parser``); a report that cannot be placed (unknown force or
   cycle, nothing found) is refused and nothing is saved;
3. the reading is compared with what is stored (``plan``): what would be added, changed
   and removed;
4. in one transaction, additions are saved; changes and removals only with
   ``apply_changes`` (the person importing confirmed them), never for protected findings.

A dry run stops after step 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from inspections.importer.framework import Framework
from inspections.importer.models import ParsedReport, ReportParseError
from inspections.importer.parser import parse_report
from inspections.importer.plan import Plan, Planner
from inspections.importer.save import Saver, SaveRefused
from inspections.importer.sources import MAX_PDF_BYTES, MAX_TEXT_BYTES, SourceText, read_source
from inspections.models import Cycle, Force, Inspection
from peel.request_context import channel

if TYPE_CHECKING:
    from accounts.models import User


class ReportImportError(Exception):
    """The report cannot be imported; nothing was saved. The message says why."""

    def __init__(self, message: str, warnings: list[str] | None = None) -> None:
        super().__init__(message)
        self.warnings = list(warnings or [])


@dataclass
class ImportResult:
    report: ParsedReport
    force_slug: str
    inspection: Inspection | None
    created: bool
    dry_run: bool
    plan: Plan
    applied_changes: bool = False
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
        data["diff"] = self.plan.to_dict()
        data["applied_changes"] = self.applied_changes
        return data


def limits() -> tuple[int, int]:
    """(PDF, text or HTML) size limits in bytes, from settings."""
    return (
        getattr(settings, "IMPORT_MAX_PDF_BYTES", MAX_PDF_BYTES),
        getattr(settings, "IMPORT_MAX_TEXT_BYTES", MAX_TEXT_BYTES),
    )


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
                "pillar_inspections": cycle.pillar_inspections,
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


def read_source_bytes(data: bytes) -> SourceText:
    """The report text of an uploaded file's bytes, or a refusal saying why."""
    max_pdf, max_text = limits()
    try:
        return read_source(data, max_pdf=max_pdf, max_text=max_text)
    except ReportParseError as error:
        raise ReportImportError(f"{error} Nothing was saved.") from None


def read_report(source: str | bytes) -> ParsedReport:
    """Parse a report (bytes in any form, or text) against the database's frameworks."""
    if isinstance(source, bytes):
        read = read_source_bytes(source)
    else:
        # Text already read from a file (the admin keeps a PDF's text between preview and
        # confirmation) was checked as a file; this guards against text of absurd size.
        largest = max(limits())
        if len(source) > largest:
            raise ReportImportError(
                f"The text is larger than the {largest // (1024 * 1024)} MB allowed. "
                "Nothing was saved."
            )
        read = SourceText(source, "text", [])
    force_names = dict(Force.objects.values_list("slug", "name"))
    try:
        report = parse_report(read.text, frameworks_from_database(), force_names)
    except ReportParseError as error:
        raise ReportImportError(f"{error} Nothing was saved.", read.warnings) from None
    report.warnings[:0] = read.warnings
    return ParsedReport(**{**report.__dict__, "source_form": read.form})


def _place(report: ParsedReport, force_slug: str | None) -> tuple[Force, Cycle, list[str]]:
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
            + ". Give the force explicitly (--force SLUG). Nothing was saved.",
            warnings,
        )
    force = Force.objects.filter(slug=slug).first()
    if force is None:
        raise ReportImportError(
            f"There is no force \u201c{slug}\u201d. Nothing was saved.", warnings
        )
    cycle = Cycle.objects.filter(slug=report.cycle_slug).first() if report.cycle_slug else None
    if cycle is None:
        raise ReportImportError(
            "Could not tell which PEEL cycle the report belongs to; add the cycle (with the "
            "report's title) to the reference data. Nothing was saved.",
            warnings,
        )
    if not report.judgments and not report.findings and not report.status_updates:
        raise ReportImportError(
            "Found no judgments and no findings in the report. Nothing was saved.", warnings
        )
    return force, cycle, warnings


def _counts(report: ParsedReport) -> dict[str, int]:
    by_kind: dict[str, int] = {}
    for finding in report.findings:
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
    return {
        "judgments": len(report.judgments),
        "areas_for_improvement": by_kind.get("area_for_improvement", 0),
        "causes_of_concern": by_kind.get("cause_of_concern", 0),
        "recommendations": by_kind.get("recommendation", 0),
        "commended_practice": by_kind.get("commended_practice", 0),
        "earlier_items": len(report.earlier_items),
        "figures": len(report.figures),
        "most_similar_group": len(report.most_similar_group),
        "status_updates": len(report.status_updates),
    }


def _finds_less(report: ParsedReport, inspection: Inspection | None) -> str | None:
    """Say first when a reading finds less than is stored."""
    if inspection is None:
        return None
    held_judgments = inspection.judgments.count()
    held_findings = inspection.findings.count()
    if len(report.judgments) < held_judgments or len(report.findings) < held_findings:
        return (
            f"This reading finds less than is stored for {inspection}: "
            f"{len(report.judgments)} judgments (stored: {held_judgments}) and "
            f"{len(report.findings)} findings (stored: {held_findings}). Nothing stored is "
            "changed or removed unless you confirm it."
        )
    return None


def import_report(
    source: str | bytes,
    *,
    force_slug: str | None = None,
    dry_run: bool = False,
    by: User | None = None,
    apply_changes: bool = False,
) -> ImportResult:
    """Read a report and save what it holds; see the module docstring for the steps."""
    report = read_report(source)
    force, cycle, warnings = _place(report, force_slug)
    inspection = Inspection.objects.filter(force=force, cycle=cycle).first()
    plan = Planner(report, force, cycle, inspection).build()
    if less := _finds_less(report, inspection):
        warnings.insert(0, less)
    if inspection is not None and not report.published and inspection.published_on:
        warnings.append(
            f"The text gives no publication date; the stored one "
            f"({inspection.published_on:%B %Y}) is kept."
        )
    if plan.needs_confirmation and not apply_changes:
        warnings.append(
            f"{len(plan.of('change'))} changes and {len(plan.of('remove'))} removals to what "
            "is stored were not applied: confirm them to apply them."
        )
    result = ImportResult(
        report=report,
        force_slug=force.slug,
        inspection=inspection,
        created=inspection is None,
        dry_run=dry_run,
        plan=plan,
        applied_changes=apply_changes and not dry_run,
        counts=_counts(report),
        warnings=warnings,
    )
    if dry_run:
        result.inspection = None
        return result
    try:
        with channel("importer"), transaction.atomic():
            saver = Saver(report, plan, force, cycle, by=by, confirmed=apply_changes)
            result.inspection = saver.save(warnings)
    except SaveRefused as error:
        raise ReportImportError(f"{error} Nothing was saved.", warnings) from None
    return result
