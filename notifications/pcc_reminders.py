"""Reminders to a force's managers of the PCC's statutory response (inspections.pcc):
14 days and 3 days before the deadline, and when it is late.

Chosen by window like the owners' reminders: "14 days" while 4 to 14 days are left, "3
days" while 0 to 3 are left, "late" once after the deadline (within `LATE_NOTICE_DAYS`, so
that long-past reports are not announced when the service starts). One mail per
inspection, listing the recommendations still without a published response; none when
all are done.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse

from improvements.deadlines import long_date
from inspections.models import Finding, Inspection
from inspections.pcc import (
    RESPONSE_DAYS,
    RecommendationResponse,
    ResponseState,
    recommendations_with_responses,
)
from notifications.kinds import Kind
from notifications.outbox import Draft
from notifications.unsubscribe import absolute

#: The thresholds (days left), largest first.
PCC_REMINDER_DAYS = (14, 3)
#: A late response is announced (and listed in the digest) for this many days after.
LATE_NOTICE_DAYS = 28


def pcc_threshold(days_left: int) -> str | None:
    if days_left < 0:
        return "late" if -days_left <= LATE_NOTICE_DAYS else None
    if days_left > PCC_REMINDER_DAYS[0]:
        return None
    return str(min(t for t in PCC_REMINDER_DAYS if days_left <= t))


def outstanding_responses(
    today: datetime.date, force_ids: set[int] | None = None
) -> dict[Inspection, list[RecommendationResponse]]:
    """Published inspections whose deadline is near or recently past, with their
    recommendations still due or late. Two queries."""
    earliest = today - datetime.timedelta(days=RESPONSE_DAYS - 1 + LATE_NOTICE_DAYS)
    findings = Finding.objects.filter(
        inspection__status=Inspection.Status.PUBLISHED,
        inspection__exact_publication_date__gte=earliest,
    )
    if force_ids is not None:
        findings = findings.filter(inspection__force_id__in=force_ids)
    grouped: dict[Inspection, list[RecommendationResponse]] = defaultdict(list)
    for row in recommendations_with_responses(findings, today):
        if row.state in (ResponseState.DUE, ResponseState.LATE):
            grouped[row.finding.inspection].append(row)
    return grouped


def pcc_drafts(today: datetime.date, managers_by_force: dict[int, list]) -> list[Draft]:
    drafts = []
    for inspection, rows in outstanding_responses(today, set(managers_by_force)).items():
        deadline = rows[0].deadline
        days_left = (deadline - today).days
        threshold = pcc_threshold(days_left)
        if threshold is None:
            continue
        if threshold == "late":
            subject = f"PCC response late: {inspection}"
            lead = (
                f"The PCC\u2019s response to this report was due by {long_date(deadline)} "
                f"and {len(rows)} recommendation{'s have' if len(rows) != 1 else ' has'} "
                "no published response."
            )
        else:
            when = "today" if days_left == 0 else f"in {days_left} days"
            subject = f"PCC response due {when}: {inspection}"
            lead = (
                f"The PCC must publish comments on this report by {long_date(deadline)} "
                f"(56 days from publication on {long_date(inspection.exact_publication_date)}"
                "), saying for each recommendation what action is taken or proposed, or "
                "why none."
            )
        link = absolute(reverse("notifications:pcc_inspection", args=[inspection.pk]))
        section = {
            "title": "Recommendations without a published response",
            "rows": [{"text": row.finding.short_text, "link": _finding_link(row)} for row in rows],
            "more": 0,
        }
        for manager in managers_by_force.get(inspection.force_id, []):
            drafts.append(
                Draft(
                    recipient=manager,
                    kind=Kind.PCC_REMINDER,
                    subject_key=f"inspection:{inspection.pk}",
                    period=f"pcc-{threshold}:{deadline.isoformat()}",
                    subject=subject,
                    template="digest",
                    context={"lines": [lead], "sections": [section]},
                    link=link,
                )
            )
    return drafts


def _finding_link(row: RecommendationResponse) -> str:
    return absolute(reverse("notifications:pcc_respond", args=[row.finding.pk]))
