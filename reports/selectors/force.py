"""A force's report and an inspection's report (each in a fixed number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, DateField, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from improvements.deadlines import at_risk_condition
from improvements.models import Action, ActionUpdate, Status
from improvements.selectors import action_queryset
from inspections.models import Finding, FindingKind, Force, Inspection, Judgment
from reports.selectors.common import (
    ACTIONABLE_KINDS,
    DEFAULT_MONTHS,
    LIST_LIMIT,
    ActionFigures,
    action_count_expressions,
)

if TYPE_CHECKING:
    from accounts.models import User


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
    """Everything on a force's report, in eight queries (named in the tests). The overdue
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
    # The force's totals are its inspections' added up: each action is in one of them.
    totals = ActionFigures.summed(ActionFigures.from_row(row) for row in action_rows.values())
    judgments_by_inspection: dict[int, list[Judgment]] = {pk: [] for pk in inspection_ids}
    for judgment in judgment_grid(inspection_ids):  # 4
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
    overdue = list(listed.overdue(today).order_by("effective_due_date", "pk")[:limit])  # 5
    at_risk = list(
        listed.filter(at_risk_condition(today)).order_by("effective_due_date", "pk")[:limit]
    )  # 6
    progress = progress_by_month(force_actions, today, months)  # 7, 8
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
    # From the first month's first moment, as a time: a range the indexes on `created_at`
    # can read (a condition on its local date would have every row's date worked out).
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    opened = dict(
        actions.filter(created_at__gte=since)
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
            created_at__gte=since,
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
