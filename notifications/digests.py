"""Weekly digests: each force manager's view of their force, and the inspectors' queue.

Sent once per ISO week (the period key), on the first daily run of the week (Monday, or
the next day the job runs). A digest with nothing in it is not sent. Every list is read
for all forces at once and grouped here, so the number of queries does not grow with the
number of forces or actions. The force digest holds the force's published inspections'
actions only: what its managers may see (`visible_to`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from improvements import deadlines
from improvements.deadlines import long_date
from improvements.models import Action, ActionUpdate, Status, UpdateKind
from inspections.models import Force, Inspection
from notifications.kinds import Kind
from notifications.outbox import Draft
from notifications.pcc_reminders import outstanding_responses
from notifications.unsubscribe import absolute

#: "Due soon" in the digest: the date rules' due-soon window (30 days).
DIGEST_DUE_DAYS = deadlines.DUE_SOON_DAYS
#: Rows listed in a section before "and N more".
SECTION_LIMIT = 50


def week_key(today: datetime.date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def _section(title: str, rows: list[dict], link: str = "") -> dict:
    return {
        "title": f"{title} ({len(rows)})",
        "rows": rows[:SECTION_LIMIT],
        "more": max(0, len(rows) - SECTION_LIMIT),
        "link": link,
    }


#: What "changed since last week" lists: new actions, status changes (returns included)
#: and decisions on due dates.
CHANGE_KINDS = (
    UpdateKind.CREATED,
    UpdateKind.STATUS_CHANGE,
    UpdateKind.RETURNED,
    UpdateKind.DUE_DATE_AGREED,
    UpdateKind.DUE_DATE_DECLINED,
)


def _change(entry: ActionUpdate) -> str:
    if entry.to_status:
        return (
            f"{entry.get_kind_display().lower()}, {entry.get_from_status_display().lower()} "
            f"to {entry.get_to_status_display().lower()}"
        )
    return entry.get_kind_display().lower()


def _action_link(action: Action) -> str:
    return absolute(reverse("workspace:action_detail", args=[action.pk]))


def _owner(action: Action) -> str:
    return str(action.owner) if action.owner else "no owner"


def _by_force(actions: Iterable[Action]) -> dict[int, list[Action]]:
    grouped: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        grouped[action.finding.inspection.force_id].append(action)
    return grouped


def managers_by_force() -> dict[int, list[User]]:
    """Active force managers with an address, by force. One query."""
    grouped: dict[int, list[User]] = defaultdict(list)
    managers = User.objects.filter(role=Role.FORCE_MANAGER, is_active=True).exclude(email="")
    for manager in managers.order_by("pk"):
        grouped[manager.force_id].append(manager)
    return grouped


def force_digest_drafts(today: datetime.date, managers: dict[int, list[User]]) -> list[Draft]:
    """Seven queries, whatever the number of forces: the forces, overdue, due soon,
    submitted, the week's status changes, and the PCC responses due (two)."""
    if not managers:
        return []
    force_ids = set(managers)
    forces = Force.objects.in_bulk(force_ids)
    scope = Action.objects.filter(
        finding__inspection__status=Inspection.Status.PUBLISHED,
        finding__inspection__force_id__in=force_ids,
    ).select_related("owner", "finding__inspection__force")
    by_due = scope.order_by("effective_due_date", "pk")
    overdue = _by_force(by_due.overdue(today))
    due_soon = _by_force(by_due.due_soon(today, days=DIGEST_DUE_DAYS))
    submitted = _by_force(scope.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk"))
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=7), datetime.time.min)
    )
    changes: dict[int, list[ActionUpdate]] = defaultdict(list)
    entries = (
        ActionUpdate.objects.filter(
            kind__in=CHANGE_KINDS,
            action__in=scope.values("pk"),
            created_at__gte=since,
            created_at__lt=since + datetime.timedelta(days=7),
        )
        .select_related("action__finding__inspection", "author")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        changes[entry.action.finding.inspection.force_id].append(entry)
    pcc = defaultdict(list)
    for inspection, rows in outstanding_responses(today, force_ids).items():
        pcc[inspection.force_id] += [(inspection, row) for row in rows]

    drafts = []
    for force_id, force_managers in managers.items():
        sections = [
            _section(
                "Overdue",
                [
                    {
                        "text": f"{a.title}: {_owner(a)}, "
                        f"{deadlines.days_overdue(a, today)} days overdue",
                        "link": _action_link(a),
                    }
                    for a in overdue.get(force_id, [])
                ],
            ),
            _section(
                f"Due in the next {DIGEST_DUE_DAYS} days",
                [
                    {
                        "text": f"{a.title}: {_owner(a)}, due {long_date(a.effective_due_date)}",
                        "link": _action_link(a),
                    }
                    for a in due_soon.get(force_id, [])
                ],
            ),
            _section(
                "Submitted, awaiting verification",
                [
                    {
                        "text": f"{a.title}: submitted {long_date(a.submitted_at)}",
                        "link": _action_link(a),
                    }
                    for a in submitted.get(force_id, [])
                ],
            ),
            _section(
                "Changed since last week",
                [
                    {
                        "text": f"{e.action.title}: {_change(e)}, by {e.author}, "
                        f"{long_date(e.created_at)}",
                        "link": _action_link(e.action),
                    }
                    for e in changes.get(force_id, [])
                ],
            ),
            _section(
                "PCC responses due",
                [
                    {
                        "text": f"{row.finding.short_text} ({inspection.cycle}): "
                        f"{row.state.label.lower()}, deadline {long_date(row.deadline)}",
                        "link": absolute(
                            reverse("notifications:pcc_respond", args=[row.finding.pk])
                        ),
                    }
                    for inspection, row in pcc.get(force_id, [])
                ],
            ),
        ]
        if not any(section["rows"] for section in sections):
            continue
        force = forces[force_id]
        link = absolute(reverse("reports:force", args=[force.slug]))
        for manager in force_managers:
            drafts.append(
                Draft(
                    recipient=manager,
                    kind=Kind.FORCE_DIGEST,
                    subject_key=f"force:{force_id}",
                    period=week_key(today),
                    subject=f"Your weekly summary: {force.name}, week of {long_date(today)}",
                    template="digest",
                    context={
                        "lines": [f"Where {force.name}\u2019s actions stand today."],
                        "sections": sections,
                    },
                    link=link,
                )
            )
    return drafts


def inspector_digest_drafts(today: datetime.date) -> list[Draft]:
    """Five queries: the inspectors, and each queue's first rows and count."""
    inspectors = list(
        User.objects.filter(role=Role.INSPECTOR, is_active=True).exclude(email="").order_by("pk")
    )
    if not inspectors:
        return []
    related = ("owner", "finding__inspection__force")
    queue = Action.objects.filter(status=Status.SUBMITTED).select_related(*related)
    proposals = Action.objects.filter(proposed_due_date__isnull=False).select_related(*related)
    queue_rows = list(queue.order_by("submitted_at", "pk")[:SECTION_LIMIT])
    proposal_rows = list(proposals.order_by("proposed_at", "pk")[:SECTION_LIMIT])
    queue_count = queue.count() if len(queue_rows) == SECTION_LIMIT else len(queue_rows)
    proposal_count = (
        proposals.count() if len(proposal_rows) == SECTION_LIMIT else len(proposal_rows)
    )
    if not queue_rows and not proposal_rows:
        return []
    queue_link = absolute(reverse("workspace:verification_queue"))
    sections = [
        {
            "title": f"Submitted, waiting to be verified ({queue_count})",
            "rows": [
                {
                    "text": f"{a.title} ({a.finding.inspection.force.name}): submitted "
                    f"{long_date(a.submitted_at)}",
                    "link": _action_link(a),
                }
                for a in queue_rows
            ],
            "more": queue_count - len(queue_rows),
            "link": queue_link + "#to-verify",
        },
        {
            "title": f"New due dates waiting for a decision ({proposal_count})",
            "rows": [
                {
                    "text": f"{a.title} ({a.finding.inspection.force.name}): proposed "
                    f"{long_date(a.proposed_due_date)}, from {long_date(a.effective_due_date)}",
                    "link": _action_link(a),
                }
                for a in proposal_rows
            ],
            "more": proposal_count - len(proposal_rows),
            "link": queue_link + "#due-dates",
        },
    ]
    return [
        Draft(
            recipient=inspector,
            kind=Kind.INSPECTOR_DIGEST,
            subject_key="queue",
            period=week_key(today),
            subject=f"Waiting for an inspector: week of {long_date(today)}",
            template="digest",
            context={"lines": ["What forces have put to inspectors."], "sections": sections},
            link=queue_link,
        )
        for inspector in inspectors
    ]
