"""The national report: every force's figures for a cycle, and a force beside its most
similar group (in a fixed number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round

from improvements.models import Action, Status
from inspections.models import (
    Cycle,
    Finding,
    Force,
    Grade,
    Inspection,
    Judgment,
    MostSimilarGroup,
    Question,
)
from reports.selectors.common import ActionFigures, action_count_expressions

if TYPE_CHECKING:
    from accounts.models import User


# --- National report -------------------------------------------------------------------

NATIONAL_SORTS = {
    "force": ("name",),
    "open": ("findings_open", "name"),
    "overdue": ("actions_overdue", "name"),
    "verified": ("percent_verified", "name"),
}
DEFAULT_NATIONAL_SORT = "force"


@dataclass
class GradeCell:
    grade: str
    inspected: bool
    last_inspected: str

    @property
    def label(self) -> str:
        return Grade(self.grade).label


@dataclass
class ForceRow:
    force: Force
    inspected: bool
    findings_open: int
    actions_total: int
    actions_counted: int
    actions_verified: int
    actions_overdue: int
    percent_verified: int | None
    grades: list[GradeCell | None] = field(default_factory=list)


@dataclass
class Comparison:
    """A force beside its most similar group, like the report's comparison figure."""

    force: Force
    group_year: str
    year_matches_cycle: bool
    rows: list[ForceRow]
    group_percent_verified: int | None
    group_overdue: int
    group_forces: int


@dataclass
class NationalReport:
    cycles: list[Cycle]
    cycle: Cycle | None
    questions: list[Question]
    forces: list[ForceRow]
    sort: str
    comparison: Comparison | None
    today: datetime.date

    @property
    def forces_by_name(self) -> list[ForceRow]:
        return sorted(self.forces, key=lambda row: row.force.name)


def _count_subquery(queryset: QuerySet, force_path: str, **filters) -> Coalesce:
    """Count of `queryset` rows per force, as a correlated subquery (0 when none)."""
    counted = (
        queryset.filter(**{force_path: OuterRef("pk")}, **filters)
        .order_by()
        .values(force_path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def national_forces(user: User, cycle: Cycle, today: datetime.date, sort: str) -> QuerySet[Force]:
    """Every force with its cycle figures, counted and sorted in the database."""
    findings = Finding.objects.visible_to(user).filter(inspection__cycle=cycle)
    actions = Action.objects.visible_to(user).filter(finding__inspection__cycle=cycle)
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    ordering = [
        F(name).desc(nulls_last=True)
        if descending and name != "name"
        else F(name).asc(nulls_last=True)
        for name in NATIONAL_SORTS[key]
    ]
    if descending and key == "force":
        ordering = [F("name").desc()]
    return (
        Force.objects.annotate(
            inspected=Exists(
                Inspection.objects.visible_to(user).filter(cycle=cycle, force=OuterRef("pk"))
            ),
            findings_open=_count_subquery(
                findings.open().actionable(), "inspection__force"
            ),
            actions_total=_count_subquery(actions, "finding__inspection__force"),
            actions_cancelled=_count_subquery(
                actions, "finding__inspection__force", status=Status.CANCELLED
            ),
            actions_verified=_count_subquery(
                actions, "finding__inspection__force", status=Status.VERIFIED
            ),
            actions_overdue=_count_subquery(
                actions.overdue(today), "finding__inspection__force"
            ),
            actions_counted=F("actions_total") - F("actions_cancelled"),
            percent_verified=Case(
                When(actions_counted__gt=0, then=Round(
                    Cast("actions_verified", FloatField()) * 100.0
                    / Cast("actions_counted", FloatField())
                )),
                default=None,
                output_field=FloatField(),
            ),
        )
        .order_by(*ordering)
    )  # fmt: skip


def national_report(
    user: User,
    today: datetime.date,
    *,
    cycle_slug: str | None = None,
    sort: str = DEFAULT_NATIONAL_SORT,
    force_slug: str | None = None,
) -> NationalReport:
    """The national picture for a cycle, in six queries (named in the tests)."""
    if sort.lstrip("-") not in NATIONAL_SORTS:
        sort = DEFAULT_NATIONAL_SORT
    cycles = list(
        Cycle.objects.filter(
            Exists(Inspection.objects.visible_to(user).filter(cycle=OuterRef("pk")))
        ).order_by("-year")
    )  # 1
    cycle = next((c for c in cycles if c.slug == cycle_slug), cycles[0] if cycles else None)
    if cycle is None:
        return NationalReport(cycles, None, [], [], sort, None, today)

    questions = list(cycle.questions.select_related("pillar").order_by("order"))  # 2
    grades: dict[tuple[int, int], GradeCell] = {
        (force_id, question_id): GradeCell(grade, inspected, last)
        for force_id, question_id, grade, inspected, last in Judgment.objects.filter(
            inspection__in=Inspection.objects.visible_to(user).filter(cycle=cycle),
            question__isnull=False,
        ).values_list("inspection__force_id", "question_id", "grade", "inspected", "last_inspected")
    }  # 3
    rows = [
        ForceRow(
            force=force,
            inspected=force.inspected,
            findings_open=force.findings_open,
            actions_total=force.actions_total,
            actions_counted=force.actions_counted,
            actions_verified=force.actions_verified,
            actions_overdue=force.actions_overdue,
            percent_verified=(
                None if force.percent_verified is None else int(force.percent_verified)
            ),
            grades=[grades.get((force.pk, q.pk)) for q in questions],
        )
        for force in national_forces(user, cycle, today, sort)  # 4
    ]
    chosen = next((r for r in rows if r.force.slug == force_slug), None)
    if chosen is None:
        chosen = min(rows, key=lambda r: r.force.name) if rows else None
    comparison = most_similar_comparison(user, cycle, chosen, rows, today) if chosen else None
    return NationalReport(cycles, cycle, questions, rows, sort, comparison, today)


def most_similar_comparison(
    user: User, cycle: Cycle, chosen: ForceRow, rows: list[ForceRow], today: datetime.date
) -> Comparison | None:
    """The force and its most similar group for the cycle's year (or, failing that, the
    latest year held), with the group's combined figures counted in the database."""
    group = (
        MostSimilarGroup.objects.filter(force=chosen.force)
        .annotate(other_year=Case(When(year=cycle.year, then=0), default=1))
        .order_by("other_year", "-year")
        .prefetch_related(Prefetch("members", queryset=Force.objects.order_by("name")))
        .first()
    )  # 5, 6 (the members)
    if group is None:
        return None
    by_force = {row.force.pk: row for row in rows}
    members = [by_force[m.pk] for m in group.members.all() if m.pk in by_force]
    forces = [chosen.force.pk] + [m.force.pk for m in members]
    combined = ActionFigures.from_row(
        Action.objects.visible_to(user)
        .filter(finding__inspection__cycle=cycle, finding__inspection__force__in=forces)
        .aggregate(**action_count_expressions(today))
    )  # 7
    return Comparison(
        force=chosen.force,
        group_year=group.year,
        year_matches_cycle=group.year == cycle.year,
        rows=[chosen, *members],
        group_percent_verified=combined.percent_verified,
        group_overdue=combined.overdue,
        group_forces=len(forces),
    )
