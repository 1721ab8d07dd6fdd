"""Each report's tables as plain rows, for the CSV and XLSX exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from types import SimpleNamespace

from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Concat, TruncDate

from improvements.deadlines import Rag, days_overdue
from improvements.models import Action, ActionUpdate, Priority, Status, UpdateKind
from inspections.models import FindingKind, FindingStatus
from reports.exports import Table
from reports.selectors import ForceReport, InspectionReport, NationalReport

RAG_LABELS = dict(Rag.choices)

ACTION_HEADERS = [
    "Reference",
    "Force",
    "Inspection",
    "Finding type",
    "Question or pillar",
    "Finding",
    "Action",
    "Owner",
    "Status",
    "Priority",
    "Progress (%)",
    "Original due date",
    "Revised due date",
    "Due date",
    "RAG",
    "Days overdue",
    "Evidence items",
    "Last updated",
    "Latest update",
    "Finding status",
]
#: Widths for the streamed action export: the fields' sizes, capped (exports.MAX_WIDTH).
ACTION_WIDTHS = [10, 24, 22, 22, 30, 60, 50, 22, 16, 9, 12, 12, 12, 10, 9, 9, 17, 17, 60, 14]

#: What each row reads: plain values, no model instances (one query, streamed).
ACTION_FIELDS = (
    "pk",
    "finding__inspection__force__name",
    "finding__inspection__cycle__name",
    "finding__kind",
    "finding__question__name",
    "finding__pillar__name",
    "finding__text",
    "title",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "status",
    "priority",
    "progress",
    "due_date",
    "revised_due_date",
    "effective_due_date",
    "rag",
    "evidence_count",
    "updated_at",
    "latest_update",
    "finding__status",
)
KIND_LABELS = dict(FindingKind.choices)
FINDING_STATUS_LABELS = dict(FindingStatus.choices)
STATUS_LABELS = dict(Status.choices)
PRIORITY_LABELS = dict(Priority.choices)


def update_line():
    """A timeline entry as the export's one line, written by the database:
    "2026-11-03: Status changed to submitted. Evidence attached". Its date is the local
    one; the labels are the models' own. (Built in SQL, so that 12,000 rows need no JSON
    decoding and no formatting in Python.)"""
    status = Case(
        *[
            When(to_status=value, then=Value(f" Status changed to {label.lower()}."))
            for value, label in Status.choices
        ],
        When(~Q(to_status=""), then=Concat(Value(" Status changed to "), "to_status", Value("."))),
        *[
            When(kind=value, then=Value(f" {label}."))
            for value, label in UpdateKind.choices
            if value != UpdateKind.NOTE
        ],
        default=Value(""),
        output_field=CharField(),
    )
    note = Case(
        When(note="", then=Value("")),
        default=Concat(Value(" "), "note"),
        output_field=CharField(),
    )
    day = Cast(TruncDate("created_at"), CharField())
    return Concat(day, Value(":"), status, note, output_field=CharField())


def _latest_update() -> Subquery:
    """The action's newest timeline entry as its line of text (one subquery, no N+1)."""
    newest = (
        ActionUpdate.objects.filter(action=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(text=update_line())[:1]
    )
    return Subquery(newest, output_field=CharField())


def _owner(action: Action) -> str:
    return str(action.owner) if action.owner_id else "No owner"


def _owner_name(first: str, last: str, username: str | None) -> str:
    if username is None:
        return "No owner"
    return f"{first} {last}".strip() or username


def _action_rows(actions: QuerySet[Action], today: datetime.date) -> Iterator[list]:
    rows = actions.annotate(latest_update=_latest_update()).values_list(*ACTION_FIELDS)
    for (
        pk, force, cycle, kind, question, pillar, text, title, first, last, username,
        status, priority, progress, due, revised, effective, rag, evidence, updated,
        latest, finding_status,
    ) in rows.iterator(chunk_size=2000):  # fmt: skip
        yield [
            pk,
            force,
            cycle,
            KIND_LABELS.get(kind, kind),
            question or pillar or "",
            text,
            title,
            _owner_name(first, last, username),
            STATUS_LABELS.get(status, status),
            PRIORITY_LABELS.get(priority, priority),
            progress,
            due,
            revised,
            effective,
            RAG_LABELS.get(rag, ""),
            days_overdue(SimpleNamespace(status=status, effective_due_date=effective), today),
            evidence,
            updated,
            latest.rstrip() if latest else "",
            FINDING_STATUS_LABELS.get(finding_status, finding_status),
        ]


def action_list_table(actions: QuerySet[Action], today: datetime.date) -> Table:
    """The filtered action list, one row per action: one streamed query of plain values."""
    return Table("Actions", ACTION_HEADERS, _action_rows(actions, today), widths=ACTION_WIDTHS)


def _short_list(title: str, actions: list[Action], today: datetime.date) -> Table:
    return Table(
        title,
        ["Reference", "Inspection", "Action", "Owner", "Status", "Progress (%)", "Due date",
         "Days overdue"],
        [
            [a.pk, a.finding.inspection.cycle.name, a.title, _owner(a), a.get_status_display(),
             a.progress, a.effective_due_date, days_overdue(a, today)]
            for a in actions
        ],
    )  # fmt: skip


def force_report_tables(report: ForceReport) -> list[Table]:
    kinds = list(FindingKind)
    statuses = list(Status)
    inspections = Table(
        "Inspections",
        ["Inspection", "Published", "Findings", *[k.label for k in kinds], "Findings open",
         "Actions", *[s.label for s in statuses], "Verified (%)", "Overdue",
         "Due in 30 days", "At risk"],
        [
            [s.inspection.cycle.name, s.inspection.published_on, s.findings_total,
             *[s.findings_by_kind[k.value] for k in kinds], s.findings_open, s.actions.total,
             *[s.actions.by_status[st.value] for st in statuses], s.actions.percent_verified,
             s.actions.overdue, s.actions.due_soon, s.actions.at_risk]
            for s in report.inspections
        ],
    )  # fmt: skip
    judgments = Table(
        "Judgments",
        ["Inspection", "Pillar", "Question", "Grade", "Last inspected"],
        [
            [s.inspection.cycle.name, _pillar_name(j), j.question.name if j.question else "",
             j.get_grade_display(), j.last_inspected or s.inspection.cycle.year]
            for s in report.inspections
            for j in s.judgments
        ],
    )  # fmt: skip
    progress = Table(
        "Progress by month",
        ["Month", "Actions opened", "Submitted for verification", "Verified"],
        [[row.month.strftime("%Y-%m"), row.opened, row.submitted, row.verified]
         for row in report.progress],
    )  # fmt: skip
    return [
        inspections,
        judgments,
        _short_list("Overdue actions", report.overdue, report.today),
        _short_list("Actions at risk", report.at_risk, report.today),
        progress,
    ]


def _pillar_name(judgment) -> str:
    if judgment.pillar_id:
        return judgment.pillar.name
    if judgment.question_id and judgment.question.pillar_id:
        return judgment.question.pillar.name
    return ""


def inspection_report_tables(report: InspectionReport) -> list[Table]:
    inspection = report.inspection
    judgments = Table(
        "Judgments",
        ["Pillar", "Question", "Grade", "Last inspected"],
        [
            [_pillar_name(j), j.question.name if j.question else "", j.get_grade_display(),
             j.last_inspected or inspection.cycle.year]
            for j in report.judgments
        ],
    )  # fmt: skip
    rows = []
    for finding in report.findings:
        head = [finding.order, finding.get_kind_display(), str(finding.area or ""), finding.text,
                finding.get_status_display()]  # fmt: skip
        actions = list(finding.actions.all())
        if not actions:
            rows.append([*head, "", "", "", "", "", ""])
        for a in actions:
            rows.append(
                [*head, a.title, _owner(a), a.get_status_display(), a.progress,
                 a.effective_due_date, RAG_LABELS.get(a.rag, "")]
            )  # fmt: skip
    findings = Table(
        "Findings and actions",
        ["Order in report", "Finding type", "Question or pillar", "Finding", "Finding status",
         "Action", "Owner", "Action status", "Progress (%)", "Due date", "RAG"],
        rows,
    )  # fmt: skip
    return [findings, judgments]


def national_report_tables(report: NationalReport) -> list[Table]:
    if report.cycle is None:
        return []
    grades = Table(
        f"Grades {report.cycle.year}",
        ["Force", *[q.name for q in report.questions]],
        [
            [row.force.name, *[cell.label if cell else "" for cell in row.grades]]
            for row in report.forces_by_name
        ],
    )
    forces = Table(
        "Forces",
        ["Force", "Inspected this cycle", "Findings open", "Actions", "Actions overdue",
         "Verified (%)"],
        [
            [row.force.name, "Yes" if row.inspected else "No", row.findings_open,
             row.actions_total, row.actions_overdue, row.percent_verified]
            for row in report.forces
        ],
    )  # fmt: skip
    tables = [forces, grades]
    comparison = report.comparison
    if comparison is not None:
        tables.append(
            Table(
                "Most similar group",
                [
                    "Force",
                    "Findings open",
                    "Actions overdue",
                    "Verified (%)",
                    *[q.name for q in report.questions],
                ],
                [
                    [
                        row.force.name,
                        row.findings_open,
                        row.actions_overdue,
                        row.percent_verified,
                        *[c.label if c else "" for c in row.grades],
                    ]
                    for row in comparison.rows
                ]
                + [
                    [
                        f"Group of {comparison.group_forces} ({comparison.group_year})",
                        "",
                        comparison.group_overdue,
                        comparison.group_percent_verified,
                    ]
                ],
            )
        )
    return tables
