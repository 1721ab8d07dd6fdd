"""The police and crime commissioner's statutory response to a report, per recommendation.

Police Act 1996 s55(5A)-(5B): the PCC must publish comments on a report within 56 days of
its publication, the publication day being day 1 (so the last day is publication + 55
days), and must say, for each recommendation, what action is taken or proposed, or why
none. The rule is written down once here (`response_deadline`, `response_state`) and read
by the reminders (notifications) and the reports.

The 56 days run from the exact day of publication (`Inspection.exact_publication_date`).
An inspection whose publication is known only to the month (the importer reads "published
February 2020") has no tracked deadline until an inspector records the exact day: counting
from the first of the month could call a response late that is not.

Responses are never edited or deleted: a correction is a new row that supersedes the one
before (`supersedes`), recorded with who and when; the current response of a
recommendation is the one nothing supersedes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from inspections.models import Finding, FindingKind, Inspection

if TYPE_CHECKING:
    from accounts.models import User

#: The statutory period, counted with the publication day as day 1.
RESPONSE_DAYS = 56


def response_deadline(inspection: Inspection) -> datetime.date | None:
    """The last day for the PCC's published comments, or None when the exact day of
    publication is not recorded (month-only dates are not tracked)."""
    published = inspection.exact_publication_date
    if published is None:
        return None
    return published + datetime.timedelta(days=RESPONSE_DAYS - 1)


class ResponseState(models.TextChoices):
    DUE = "due", "Due"
    DONE = "done", "Done"
    DONE_LATE = "done_late", "Done late"
    LATE = "late", "Late"
    NOT_TRACKED = "not_tracked", "Not tracked"


def response_state(
    deadline: datetime.date | None, published_on: datetime.date | None, today: datetime.date
) -> ResponseState:
    """Done when the response is published by the deadline (done late after it); due until
    the deadline passes, late after; not tracked without a deadline (unless published)."""
    if published_on is not None:
        if deadline is not None and published_on > deadline:
            return ResponseState.DONE_LATE
        return ResponseState.DONE
    if deadline is None:
        return ResponseState.NOT_TRACKED
    return ResponseState.LATE if today > deadline else ResponseState.DUE


class PccResponseQuerySet(models.QuerySet):
    def current(self) -> PccResponseQuerySet:
        """The latest response of each recommendation: the one nothing supersedes."""
        return self.filter(superseded_by__isnull=True)


class PccResponse(models.Model):
    class Outcome(models.TextChoices):
        ACTION_TAKEN = "action_taken", "Action has been taken"
        ACTION_PROPOSED = "action_proposed", "Action is proposed"
        NO_ACTION = "no_action", "No action will be taken"

    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        related_name="pcc_responses",
        limit_choices_to={"kind": FindingKind.RECOMMENDATION},
    )
    response = models.TextField("the PCC\u2019s comments on the recommendation")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    action = models.TextField("the action taken or proposed", blank=True)
    no_action_reason = models.TextField("why no action will be taken", blank=True)
    published_on = models.DateField(
        "date published", null=True, blank=True, help_text="Blank until it is published."
    )
    link = models.URLField("link to the published response", max_length=500, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PccResponseQuerySet.as_manager()

    class Meta:
        ordering = ["finding", "-recorded_at", "-pk"]
        verbose_name = "PCC response"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["action_taken", "action_proposed", "no_action"]),
                name="pcc_response_outcome_valid",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="no_action") & ~Q(no_action_reason=""))
                | (~Q(outcome="no_action") & ~Q(action="")),
                name="pcc_response_says_action_or_why_none",
            ),
            # Only one first response per recommendation; later ones supersede it (the
            # one-to-one `supersedes` stops two corrections of the same response).
            models.UniqueConstraint(
                fields=["finding"],
                condition=Q(supersedes__isnull=True),
                name="pcc_response_one_first_per_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"PCC response to {self.finding}"


class ResponseConflict(Exception):
    """Someone recorded a response since the form was shown."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else recorded a response to this recommendation while you were "
            "writing yours. Nothing was saved: read theirs below, then record yours again."
        )


def record_response(
    finding: Finding,
    *,
    by: User,
    based_on: PccResponse | None,
    response: str,
    outcome: str,
    action: str = "",
    no_action_reason: str = "",
    published_on: datetime.date | None = None,
    link: str = "",
) -> PccResponse:
    """Record (or correct) the PCC's response to a recommendation. `based_on` is the
    current response the form was shown with (None for the first): if another has been
    recorded since, nothing is saved (`ResponseConflict`). The caller checks permission."""
    if finding.kind != FindingKind.RECOMMENDATION:
        raise ValueError("Only recommendations take a PCC response.")
    outcome_value = PccResponse.Outcome(outcome)
    if not response.strip():
        raise ValueError("Enter the PCC\u2019s comments on the recommendation.")
    if outcome_value == PccResponse.Outcome.NO_ACTION and not no_action_reason.strip():
        raise ValueError("Say why no action will be taken.")
    if outcome_value != PccResponse.Outcome.NO_ACTION and not action.strip():
        raise ValueError("Describe the action taken or proposed.")
    row = PccResponse(
        finding=finding,
        response=response.strip(),
        outcome=outcome_value,
        action=action.strip() if outcome_value != PccResponse.Outcome.NO_ACTION else "",
        no_action_reason=(
            no_action_reason.strip() if outcome_value == PccResponse.Outcome.NO_ACTION else ""
        ),
        published_on=published_on,
        link=link.strip(),
        supersedes=based_on,
        recorded_by=by,
    )
    try:
        with transaction.atomic():
            # The recommendation's row lock serialises those recording at once.
            list(Finding.objects.select_for_update().filter(pk=finding.pk).values_list("pk"))
            current = finding.pcc_responses.current().first()
            if (current.pk if current else None) != (based_on.pk if based_on else None):
                raise ResponseConflict()
            row.save()
    except IntegrityError:
        # Two first responses (or two corrections of one) at the same moment.
        raise ResponseConflict() from None
    return row


@dataclass(frozen=True)
class RecommendationResponse:
    """One recommendation with its current response and where it stands."""

    finding: Finding
    response: PccResponse | None
    deadline: datetime.date | None
    state: ResponseState


def recommendations_with_responses(
    findings: models.QuerySet[Finding], today: datetime.date
) -> list[RecommendationResponse]:
    """The recommendations among `findings` (already scoped by the caller), each with its
    current response and state. Two queries: the findings (with their inspection and
    force), and the current responses."""
    rows = (
        findings.filter(kind=FindingKind.RECOMMENDATION)
        .select_related("inspection__force", "inspection__cycle")
        .prefetch_related(
            Prefetch(
                "pcc_responses",
                queryset=PccResponse.objects.current().select_related("recorded_by"),
                to_attr="current_responses",
            )
        )
        .order_by("inspection__force__name", "inspection_id", "order", "pk")
    )
    result = []
    for finding in rows:
        response = finding.current_responses[0] if finding.current_responses else None
        deadline = response_deadline(finding.inspection)
        state = response_state(deadline, response.published_on if response else None, today)
        result.append(RecommendationResponse(finding, response, deadline, state))
    return result


def count_states(rows: list[RecommendationResponse]) -> dict[str, int]:
    """How many recommendations' responses are due, done (by the deadline), done late,
    late (not published and past the deadline) and not tracked."""
    states = [row.state for row in rows]
    return {
        "due": states.count(ResponseState.DUE),
        "done": states.count(ResponseState.DONE),
        "done_late": states.count(ResponseState.DONE_LATE),
        "late": states.count(ResponseState.LATE),
        "not_tracked": states.count(ResponseState.NOT_TRACKED),
        "total": len(states),
    }


def can_record(user: User, inspection: Inspection) -> bool:
    """The PCC's office records its responses: here, the force managers of the
    recommendation's force (the role that stands for the chief officer team and the PCC's
    office). Everyone who may see the recommendation may read them."""
    return (
        user.is_authenticated
        and user.role == "force_manager"
        and user.force_id is not None
        and user.force_id == inspection.force_id
    )


CANNOT_RECORD = (
    "Only a force manager of the recommendation\u2019s force records the PCC\u2019s response."
)


@dataclass(frozen=True)
class ResponseSummary:
    """Due / done / late for a group of recommendations: one inspection, or one force."""

    group: object
    deadline: datetime.date | None
    counts: dict[str, int]


def summarise(rows: list[RecommendationResponse], *, by: str) -> list[ResponseSummary]:
    """Group `rows` by "inspection" or "force", in the rows' order (force, inspection)."""
    grouped: dict[object, list[RecommendationResponse]] = {}
    for row in rows:
        inspection = row.finding.inspection
        grouped.setdefault(inspection if by == "inspection" else inspection.force, []).append(row)
    return [
        ResponseSummary(
            group=group,
            deadline=items[0].deadline if by == "inspection" else None,
            counts=count_states(items),
        )
        for group, items in grouped.items()
    ]
