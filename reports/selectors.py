"""Reading the reports: scoped through each model's `visible_to`, every count in the database.

Each function here runs a fixed, small number of queries whatever the data size; the
tests in tests/reports pin them. Python only arranges rows the database has already
counted (a few dozen at most): it never loops over actions or findings to count them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round, TruncMonth

from improvements.deadlines import at_risk_condition, due_soon_condition, overdue_condition
from improvements.models import Action, ActionUpdate, Status
from improvements.selectors import action_queryset
from inspections.models import (
    Cycle,
    Finding,
    FindingKind,
    Force,
    Grade,
    Inspection,
    Judgment,
    MostSimilarGroup,
    Question,
)

if TYPE_CHECKING:
    from accounts.models import User

#: How many at-risk or overdue actions a report page lists (the export has them all).
LIST_LIMIT = 100
#: Months of history the progress-over-time chart may show.
MONTH_CHOICES = (12, 24, 36, 60)
DEFAULT_MONTHS = 24

ACTIONABLE_KINDS = [k for k in FindingKind if k != FindingKind.COMMENDED_PRACTICE]


# --- Shared counting expressions -------------------------------------------------------


def action_count_expressions(today: datetime.date) -> dict:
    """Counts over a queryset of actions, all computed by the database.

    Overdue and due-soon reuse the conditions that define them for the lists
    (`improvements.deadlines`), so a report never disagrees with them.
    """
    counts = {f"status_{status}": Count("pk", filter=Q(status=status)) for status in Status.values}
    counts.update(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_condition(today)),
        due_soon=Count("pk", filter=due_soon_condition(today)),
        at_risk=Count("pk", filter=at_risk_condition(today)),
    )
    return counts


@dataclass
class ActionFigures:
    """What a report says about a set of actions."""

    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    at_risk: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: dict | None) -> ActionFigures:
        row = row or {}
        return cls(
            total=row.get("total") or 0,
            overdue=row.get("overdue") or 0,
            due_soon=row.get("due_soon") or 0,
            at_risk=row.get("at_risk") or 0,
            by_status={s: row.get(f"status_{s}") or 0 for s in Status.values},
        )

    @property
    def verified(self) -> int:
        return self.by_status.get(Status.VERIFIED, 0)

    @property
    def counted(self) -> int:
        """Actions that count towards the verified share: all but the cancelled."""
        return self.total - self.by_status.get(Status.CANCELLED, 0)

    @property
    def percent_verified(self) -> int | None:
        """Verified actions as a whole percentage of actions not cancelled (None if none)."""
        return percent(self.verified, self.counted)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.by_status.get(s.value, 0)) for s in Status]


def percent(part: int, whole: int) -> int | None:
    """`part` as a whole percentage of `whole`, halves rounded up (as the database rounds)."""
    return None if not whole else (200 * part + whole) // (2 * whole)


# --- Which forces a user may report on -------------------------------------------------


def visible_forces(user: User) -> QuerySet[Force]:
    """Forces with at least one inspection the user may see (their own force, for force
    staff; every inspected force for inspectors and national managers)."""
    return Force.objects.filter(
        Exists(Inspection.objects.visible_to(user).filter(force=OuterRef("pk")))
    )


def may_see_national_report(user: User) -> bool:
    return user.is_authenticated and user.sees_all_forces


# --- Force report ----------------------------------------------------------------------


@dataclass
class InspectionSummary:
    inspection: Inspection
    findings_by_kind: dict[str, int]
    findings_open: int
    actions: ActionFigures
    judgments: list[Judgment] = field(default_factory=list)

    @property
    def findings_total(self) -> int:
        return sum(self.findings_by_kind.values())

    @property
    def kind_rows(self) -> list[tuple[str, str, int]]:
        return [(k.value, k.label, self.findings_by_kind.get(k.value, 0)) for k in FindingKind]


@dataclass
class MonthRow:
    month: datetime.date
    opened: int
    submitted: int
    verified: int


@dataclass
class ForceReport:
    force: Force
    today: datetime.date
    months: int
    inspections: list[InspectionSummary]
    totals: ActionFigures
    overdue: list[Action]
    at_risk: list[Action]
    progress: list[MonthRow]


def force_report(
    user: User,
    force: Force,
    today: datetime.date,
    months: int = DEFAULT_MONTHS,
    *,
    limit: int | None = LIST_LIMIT,
) -> ForceReport:
    """Everything on a force's report, in nine queries (named in the tests). The overdue
    and at-risk lists stop at `limit` rows (None: all of them, for the export)."""
    inspections = list(
        Inspection.objects.visible_to(user)
        .filter(force=force)
        .select_related("cycle")
        .order_by("-cycle__year", "-published_on")
    )  # 1
    inspection_ids = [i.pk for i in inspections]

    finding_rows = {
        row["inspection"]: row
        for row in Finding.objects.visible_to(user)
        .filter(inspection__in=inspection_ids)
        .values("inspection")
        .annotate(
            open=Count("pk", filter=Q(status=Finding.Status.OPEN, kind__in=ACTIONABLE_KINDS)),
            **{f"kind_{k}": Count("pk", filter=Q(kind=k)) for k in FindingKind.values},
        )
        .order_by()
    }  # 2
    force_actions = Action.objects.visible_to(user).filter(finding__inspection__in=inspection_ids)
    action_rows = {
        row["finding__inspection"]: row
        for row in force_actions.values("finding__inspection")
        .annotate(**action_count_expressions(today))
        .order_by()
    }  # 3
    totals = ActionFigures.from_row(force_actions.aggregate(**action_count_expressions(today)))
    # 4
    judgments_by_inspection: dict[int, list[Judgment]] = {pk: [] for pk in inspection_ids}
    for judgment in judgment_grid(inspection_ids):  # 5
        judgments_by_inspection[judgment.inspection_id].append(judgment)

    summaries = []
    for inspection in inspections:
        row = finding_rows.get(inspection.pk, {})
        summaries.append(
            InspectionSummary(
                inspection=inspection,
                findings_by_kind={k: row.get(f"kind_{k}", 0) for k in FindingKind.values},
                findings_open=row.get("open", 0),
                actions=ActionFigures.from_row(action_rows.get(inspection.pk)),
                judgments=judgments_by_inspection[inspection.pk],
            )
        )

    listed = action_queryset(user, today).filter(finding__inspection__in=inspection_ids)
    overdue = list(listed.overdue(today).order_by("effective_due_date", "pk")[:limit])  # 6
    at_risk = list(
        listed.filter(at_risk_condition(today)).order_by("effective_due_date", "pk")[:limit]
    )  # 7
    progress = progress_by_month(force_actions, today, months)  # 8, 9
    return ForceReport(
        force=force,
        today=today,
        months=months,
        inspections=summaries,
        totals=totals,
        overdue=overdue,
        at_risk=at_risk,
        progress=progress,
    )


def judgment_grid(inspection_ids: list[int]) -> QuerySet[Judgment]:
    """Judgments in the framework's order: each pillar's grade before its questions'."""
    return (
        Judgment.objects.filter(inspection__in=inspection_ids)
        .select_related("pillar", "question__pillar")
        .order_by(
            "inspection",
            Coalesce("pillar__order", "question__pillar__order", Value(0)),
            F("question__order").asc(nulls_first=True),
        )
    )


def month_start(day: datetime.date, months_back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def progress_by_month(
    actions: QuerySet[Action], today: datetime.date, months: int
) -> list[MonthRow]:
    """Actions opened (created), submitted and verified per month over the last `months`
    months, counted in the database from the actions and their status history."""
    first = month_start(today, months - 1)
    opened = dict(
        actions.filter(created_at__date__gte=first)
        .annotate(month=TruncMonth("created_at", output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
        .order_by()
    )
    moved: dict[tuple[datetime.date, str], int] = {
        (month, status): n
        for month, status, n in ActionUpdate.objects.filter(
            action__in=actions.values("pk"),
            to_status__in=[Status.SUBMITTED, Status.VERIFIED],
            created_at__date__gte=first,
        )
        .annotate(month=TruncMonth("created_at", output_field=DateField()))
        .values("month", "to_status")
        .annotate(n=Count("pk"))
        .values_list("month", "to_status", "n")
        .order_by()
    }
    rows = []
    for back in range(months - 1, -1, -1):
        month = month_start(today, back)
        rows.append(
            MonthRow(
                month=month,
                opened=opened.get(month, 0),
                submitted=moved.get((month, Status.SUBMITTED), 0),
                verified=moved.get((month, Status.VERIFIED), 0),
            )
        )
    return rows


# --- Inspection report -----------------------------------------------------------------


@dataclass
class InspectionReport:
    inspection: Inspection
    judgments: list[Judgment]
    findings: list[Finding]
    today: datetime.date


def inspection_report(user: User, inspection: Inspection, today: datetime.date) -> InspectionReport:
    """One inspection's findings in the report's order, each with its actions (3 queries)."""
    actions = action_queryset(user, today).order_by("effective_due_date", "pk")
    findings = list(
        Finding.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("question__pillar", "pillar")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("order", "pk")
    )  # 1 + 1 (the actions)
    judgments = list(judgment_grid([inspection.pk]))  # 1
    return InspectionReport(
        inspection=inspection, judgments=judgments, findings=findings, today=today
    )


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
