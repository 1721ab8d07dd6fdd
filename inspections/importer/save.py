"""Write a planned import: additions always, changes and removals only when confirmed.

Called inside the loader's transaction. Values longer than their column (a mangled
figure, a period that swallowed a paragraph) are left out with a warning, never cut
short and never allowed to fail the import.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from inspections.importer.matching import EarlierFindings
from inspections.importer.models import ParsedFigure, ParsedReport
from inspections.importer.plan import Plan, published_on
from inspections.importer.status import StatusChangeRefused, change_status
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
    MostSimilarGroup,
)

if TYPE_CHECKING:
    from accounts.models import User


class SaveRefused(Exception):
    """Saving cannot go on (the transaction is rolled back); the message says why."""


def _max(model: type, name: str) -> int:
    return model._meta.get_field(name).max_length


class Saver:
    def __init__(
        self,
        report: ParsedReport,
        plan: Plan,
        force: Force,
        cycle: Cycle,
        *,
        by: User | None,
        confirmed: bool,
    ) -> None:
        self.report = report
        self.plan = plan
        self.force = force
        self.cycle = cycle
        self.by = by
        self.confirmed = confirmed
        self.pillars = {p.name: p for p in cycle.pillars.all()}
        self.questions = {q.name: q for q in cycle.questions.all()}
        self.saved: list[Finding] = []

    def save(self, warnings: list[str]) -> Inspection:
        self.warnings = warnings
        inspection = self._inspection()
        self._judgments(inspection)
        self._findings(inspection)
        self._figures(inspection)
        self._reviews(inspection)
        self._statuses()
        self._most_similar_group()
        return inspection

    # -- the inspection ----------------------------------------------------------------

    def _lead_inspector(self) -> str:
        name = self.report.lead_inspector or ""
        if len(name) > _max(Inspection, "lead_inspector"):
            self.warnings.append("The lead HM Inspector's name read is too long; left empty.")
            return ""
        return name

    def _inspection(self) -> Inspection:
        date = published_on(self.report.published)
        lead = self._lead_inspector()
        inspection = self.plan.inspection
        if inspection is None:
            inspection = Inspection.objects.create(
                force=self.force,
                cycle=self.cycle,
                published_on=date,
                lead_inspector=lead,
                updated_by=self.by,
                status=Inspection.Status.PUBLISHED if date else Inspection.Status.DRAFT,
            )
            if date is None:
                self.warnings.append(
                    "No publication date found: the inspection is saved as a draft."
                )
            return inspection
        fields = ["updated_by"]
        if date and (inspection.published_on is None or self.confirmed):
            inspection.published_on = date
            fields.append("published_on")
        if lead and (not inspection.lead_inspector or self.confirmed):
            inspection.lead_inspector = lead
            fields.append("lead_inspector")
        inspection.updated_by = self.by
        inspection.save(update_fields=[*fields, "updated_at"])
        return inspection

    # -- judgments ---------------------------------------------------------------------

    def _judgments(self, inspection: Inspection) -> None:
        allowed = {g.label for g in self.cycle.grades}
        changing = {parsed.area: held for held, parsed in self.plan.judgment_changes}
        held_areas = {
            (j.pillar.name if j.pillar_id else j.question.name)
            for j in inspection.judgments.select_related("pillar", "question")
        }
        for parsed in self.report.judgments:
            if parsed.grade not in allowed:
                self.warnings.append(
                    f"Judgment for \u201c{parsed.area}\u201d: \u201c{parsed.grade}\u201d is not "
                    f"on the {self.cycle} grade scale; skipped."
                )
                continue
            pillar = self.pillars.get(parsed.area) if parsed.is_pillar else None
            question = None if parsed.is_pillar else self.questions.get(parsed.area)
            if pillar is None and question is None:
                self.warnings.append(
                    f"Judgment for \u201c{parsed.area}\u201d: no such area in {self.cycle}."
                )
                continue
            values = {
                "grade": Grade.from_label(parsed.grade),
                "inspected": parsed.inspected,
                "last_inspected": "" if parsed.inspected else (parsed.last_inspected or "unknown"),
                "earlier_inspection": self._earlier_inspection(inspection, parsed),
            }
            if len(values["last_inspected"]) > _max(Judgment, "last_inspected"):
                values["last_inspected"] = "unknown"
            if parsed.area in changing:
                if self.confirmed:
                    Judgment.objects.filter(pk=changing[parsed.area].pk).update(**values)
            elif parsed.area not in held_areas:
                Judgment.objects.create(
                    inspection=inspection, pillar=pillar, question=question, **values
                )
        if self.confirmed:
            Judgment.objects.filter(pk__in=[j.pk for j in self.plan.judgment_removals]).delete()

    def _earlier_inspection(self, inspection: Inspection, parsed) -> Inspection | None:
        if parsed.inspected or not parsed.last_inspected:
            return None
        return (
            Inspection.objects.filter(
                force=self.force, cycle__year__startswith=parsed.last_inspected
            )
            .exclude(pk=inspection.pk)
            .first()
        )

    # -- findings ----------------------------------------------------------------------

    def _findings(self, inspection: Inspection) -> None:
        earlier = EarlierFindings(
            list(
                Finding.objects.filter(inspection__force=self.force).exclude(inspection=inspection)
            )
        )
        new: set[int] = set()
        for index, parsed in enumerate(self.report.findings):
            finding = self.plan.finding_matches[index] if self.plan.finding_matches else None
            if finding is None:
                finding = Finding(
                    inspection=inspection, kind=parsed.kind, imported_text=parsed.text
                )
                finding.text = parsed.text
                new.add(index)
            elif not self.confirmed:
                self.saved.append(finding)
                continue
            elif finding.text == finding.imported_text or not finding.imported_text:
                if finding.imported_text:
                    finding.text = parsed.text
                finding.imported_text = parsed.text
            question = self.questions.get(parsed.area) if parsed.area else None
            pillar = self.pillars.get(parsed.area) if parsed.area and question is None else None
            if parsed.area and question is None and pillar is None:
                self.warnings.append(
                    f"Finding at line {parsed.line}: \u201c{parsed.area}\u201d is not an area of "
                    f"{self.cycle}; saved without one."
                )
            deadline_text = parsed.deadline_text or ""
            if len(deadline_text) > _max(Finding, "deadline_text"):
                deadline_text = ""
            finding.question, finding.pillar = question, pillar
            finding.order = parsed.order
            finding.deadline_text = deadline_text
            finding.deadline = (
                datetime.date.fromisoformat(parsed.deadline) if parsed.deadline else None
            )
            finding.continues_earlier = parsed.continues_earlier
            year = parsed.earlier_year or ""
            finding.earlier_year = year if len(year) <= _max(Finding, "earlier_year") else ""
            finding.continues = (
                earlier.match(parsed.kind, parsed.text) if parsed.continues_earlier else None
            )
            finding.save()
            self.saved.append(finding)
        # Recommendations point at their cause of concern, now that both are saved.
        for index, parsed in enumerate(self.report.findings):
            if parsed.parent is not None and (index in new or self.confirmed):
                finding = self.saved[index]
                finding.cause_of_concern = self.saved[parsed.parent]
                finding.save(update_fields=["cause_of_concern"])
        if self.confirmed:
            for finding in self.plan.finding_removals:
                finding.delete()

    # -- figures and earlier items -----------------------------------------------------

    def _figure_fits(self, figure: ParsedFigure, label: str) -> bool:
        values = {
            "section": figure.section or "",
            "label": label,
            "period": figure.period or "",
            "force_value": figure.force_value,
            "comparator": figure.comparator or "",
            "comparator_value": figure.comparator_value or "",
        }
        too_long = [name for name, v in values.items() if len(v) > _max(ContextFigure, name)]
        if too_long:
            self.warnings.append(
                f"The figure \u201c{label[:60]}\u201d has a {too_long[0].replace('_', ' ')} "
                "too long to be a figure; it was left out."
            )
        return not too_long

    def _figures(self, inspection: Inspection) -> None:
        for order, figure in enumerate(self.report.figures):
            label = figure.label if not figure.group else f"{figure.group}: {figure.label}"
            if not self._figure_fits(figure, label):
                continue
            held = self.plan.figure_matches[order] if self.plan.figure_matches else None
            values = {
                "force_value": figure.force_value,
                "comparator": figure.comparator or "",
                "comparator_value": figure.comparator_value or "",
                "order": order,
            }
            if held is None:
                ContextFigure.objects.create(
                    inspection=inspection,
                    section=figure.section or "",
                    label=label,
                    period=figure.period or "",
                    **values,
                )
            elif self.confirmed:
                ContextFigure.objects.filter(pk=held.pk).update(**values)
        if self.confirmed:
            ContextFigure.objects.filter(pk__in=[f.pk for f in self.plan.figure_removals]).delete()

    def _reviews(self, inspection: Inspection) -> None:
        earlier = EarlierFindings(
            list(
                Finding.objects.filter(inspection__force=self.force).exclude(inspection=inspection)
            )
        )
        for order, item in enumerate(self.report.earlier_items):
            held = self.plan.review_matches[order] if self.plan.review_matches else None
            year = item.year or ""
            values = {
                "kind": item.kind,
                "year": year if len(year) <= _max(EarlierItemReview, "year") else "",
                "question": self.questions.get(item.area) if item.area else None,
                "outcome": item.outcome,
                "earlier_finding": earlier.match(item.kind, item.text),
                "order": order,
            }
            if held is None:
                EarlierItemReview.objects.create(inspection=inspection, text=item.text, **values)
            elif self.confirmed:
                EarlierItemReview.objects.filter(pk=held.pk).update(**values)
        if self.confirmed:
            EarlierItemReview.objects.filter(
                pk__in=[r.pk for r in self.plan.review_removals]
            ).delete()

    # -- statuses and the most similar group -------------------------------------------

    def _statuses(self) -> None:
        for target, status, reason in self.plan.status_changes:
            if isinstance(target, int):
                finding = self.saved[target]
                if self.plan.finding_matches[target] is not None and not self.confirmed:
                    continue
            else:
                if not self.confirmed:
                    continue
                finding = Finding.objects.get(pk=target.pk)
            if finding.status == FindingStatus.OPEN:
                try:
                    change_status(finding, status, by=self.by, reason=reason)
                except StatusChangeRefused as error:
                    raise SaveRefused(
                        f"The report changes the status of \u201c{finding.short_text}\u201d, "
                        f"but that change was refused: {error}"
                    ) from None

    def _most_similar_group(self) -> None:
        if not self.report.most_similar_group:
            return
        members = list(Force.objects.filter(slug__in=self.report.most_similar_group))
        missing = set(self.report.most_similar_group) - {m.slug for m in members}
        if missing:
            self.warnings.append(
                f"Most similar group: unknown forces {', '.join(sorted(missing))}."
            )
        group, created = MostSimilarGroup.objects.get_or_create(
            force=self.force, year=self.cycle.year
        )
        held = set(group.members.values_list("slug", flat=True))
        if created or not held or self.confirmed:
            group.members.set(members)
        elif held != {m.slug for m in members}:
            self.warnings.append(
                "The most similar group read differs from the one stored; kept the stored one."
            )
