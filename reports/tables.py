"""Each report's tables as plain rows, for the CSV and XLSX exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet

from improvements.deadlines import Rag, days_overdue
from improvements.models import Action, Status
from inspections.models import FindingKind
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
]


def _owner(action: Action) -> str:
    return str(action.owner) if action.owner_id else "No owner"


def _action_rows(actions: QuerySet[Action], today: datetime.date) -> Iterator[list]:
    for action in actions.iterator(chunk_size=2000):
        finding = action.finding
        yield [
            action.pk,
            finding.inspection.force.name,
            finding.inspection.cycle.name,
            finding.get_kind_display(),
            str(finding.area or ""),
            finding.text,
            action.title,
            _owner(action),
            action.get_status_display(),
            action.get_priority_display(),
            action.progress,
            action.due_date,
            action.revised_due_date,
            action.effective_due_date,
            RAG_LABELS.get(getattr(action, "rag", ""), ""),
            days_overdue(action, today),
            getattr(action, "evidence_count", None),
            action.updated_at,
        ]


def action_list_table(actions: QuerySet[Action], today: datetime.date) -> Table:
    """The filtered action list, one row per action (a streamed query, not a loop of them)."""
    return Table("Actions", ACTION_HEADERS, _action_rows(actions, today))


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
