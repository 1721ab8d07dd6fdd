"""The PCC's response: 56 days from publication, the publication day being day 1; states
due, done, done late, late and not tracked; corrections supersede, never overwrite; the
force's managers are reminded at 14 and 3 days and when it is late."""

import datetime

import pytest
from django.core import mail

from inspections import pcc
from inspections.models import FindingKind, Inspection
from notifications.pcc_reminders import pcc_threshold
from tests.factories import FindingFactory, InspectionFactory
from tests.notifications.conftest import DAY, days

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("published", "last_day"),
    [
        (D(2020, 2, 3), D(2020, 3, 29)),  # a leap February: 29 days
        (D(2021, 2, 3), D(2021, 3, 30)),  # an ordinary February
        (D(2024, 1, 5), D(2024, 2, 29)),  # the last day is a leap day
        (D(2023, 1, 5), D(2023, 3, 1)),  # ... and in a common year, 1 March
        (D(2024, 12, 31), D(2025, 2, 24)),  # across the year end
        (D(2025, 1, 31), D(2025, 3, 27)),  # from a month's last day
        (D(2024, 11, 7), D(2025, 1, 1)),  # New Year's Day
    ],
)
def test_the_deadline_is_day_56_counting_publication_as_day_1(published, last_day):
    inspection = Inspection(exact_publication_date=published)
    assert pcc.response_deadline(inspection) == last_day
    assert (last_day - published).days + 1 == 56


def test_a_month_only_publication_date_has_no_deadline():
    inspection = Inspection(published_on=D(2020, 2, 1), exact_publication_date=None)
    assert pcc.response_deadline(inspection) is None


@pytest.mark.parametrize(
    ("published_on", "today", "state"),
    [
        (None, D(2024, 2, 29), pcc.ResponseState.DUE),  # the last day
        (None, D(2024, 3, 1), pcc.ResponseState.LATE),
        (D(2024, 2, 29), D(2024, 3, 9), pcc.ResponseState.DONE),
        (D(2024, 3, 1), D(2024, 3, 9), pcc.ResponseState.DONE_LATE),
    ],
)
def test_states(published_on, today, state):
    assert pcc.response_state(D(2024, 2, 29), published_on, today) == state


def test_without_a_deadline_a_published_response_is_done_and_else_not_tracked():
    assert pcc.response_state(None, D(2024, 1, 1), D(2024, 6, 1)) == pcc.ResponseState.DONE
    assert pcc.response_state(None, None, D(2024, 6, 1)) == pcc.ResponseState.NOT_TRACKED


@pytest.fixture
def recommendation(cambs):
    inspection = InspectionFactory(
        force=cambs, published_on=D(2026, 2, 1), exact_publication_date=D(2026, 2, 2)
    )
    return FindingFactory(
        inspection=inspection, kind=FindingKind.RECOMMENDATION, text="Recommend X."
    )


def record(finding, by, based_on=None, **kwargs):
    values = {"response": "Welcomed.", "outcome": "action_proposed", "action": "A review."}
    return pcc.record_response(finding, by=by, based_on=based_on, **(values | kwargs))


def test_a_correction_supersedes_and_keeps_the_first(recommendation, force_manager):
    first = record(recommendation, force_manager)
    second = record(recommendation, force_manager, based_on=first, published_on=D(2026, 3, 1))
    assert list(recommendation.pcc_responses.current()) == [second]
    assert recommendation.pcc_responses.count() == 2
    assert second.supersedes == first


def test_two_people_recording_at_once_cannot_overwrite_each_other(recommendation, force_manager):
    first = record(recommendation, force_manager)
    record(recommendation, force_manager, based_on=first)
    with pytest.raises(pcc.ResponseConflict):
        record(recommendation, force_manager, based_on=first)
    with pytest.raises(pcc.ResponseConflict):
        record(recommendation, force_manager, based_on=None)


def test_no_action_needs_a_reason(recommendation, force_manager):
    from django.db import IntegrityError

    with pytest.raises(ValueError, match=r"Say why no action will be taken\."):
        record(recommendation, force_manager, outcome="no_action", no_action_reason=" ")
    with pytest.raises(IntegrityError):
        pcc.PccResponse.objects.create(
            finding=recommendation, response="x", outcome="no_action", recorded_by=force_manager
        )


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [
        (15, None),
        (14, "14"),
        (4, "14"),
        (3, "3"),
        (0, "3"),
        (-1, "late"),
        (-28, "late"),
        (-29, None),
    ],
)
def test_pcc_windows(days_left, threshold):
    assert pcc_threshold(days_left) == threshold


@pytest.fixture
def run_pcc(run):
    """The daily run, and the PCC reminders it sent (not the digests)."""
    return lambda day: [s for s in run(day) if s.startswith("PCC")]


def test_managers_are_reminded_at_14_and_3_days_and_when_late(
    recommendation, force_manager, outsider_manager, run_pcc
):
    deadline = D(2026, 3, 29)  # published 2 February 2026
    sent = {}
    for offset in range(-20, 5):
        subjects = run_pcc(deadline + days(offset))
        if subjects:
            sent[offset] = subjects
    inspection = recommendation.inspection
    assert sent == {
        -14: [f"PCC response due in 14 days: {inspection}"],
        -3: [f"PCC response due in 3 days: {inspection}"],
        1: [f"PCC response late: {inspection}"],
    }
    assert {m.to[0] for m in mail.outbox if m.subject.startswith("PCC")} == {force_manager.email}


def test_a_skipped_14_day_reminder_is_caught_up_and_a_response_stops_them(
    recommendation, force_manager, run_pcc
):
    deadline = D(2026, 3, 29)
    assert run_pcc(deadline - days(10)) == [
        f"PCC response due in 10 days: {recommendation.inspection}"
    ]
    record(recommendation, force_manager, published_on=deadline - days(5))
    assert run_pcc(deadline - days(2)) == []
    assert run_pcc(deadline + days(1)) == []


def test_month_only_reports_are_never_reminded(cambs, force_manager, run_pcc):
    inspection = InspectionFactory(force=cambs, published_on=DAY.replace(day=1))
    FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION)
    for offset in range(0, 70, 3):
        assert run_pcc(DAY + days(offset)) == []


def test_the_exact_day_must_be_in_the_month_of_publication():
    from django.core.exceptions import ValidationError

    inspection = Inspection(published_on=D(2020, 2, 1), exact_publication_date=D(2020, 3, 2))
    with pytest.raises(ValidationError, match=r"in the month of publication"):
        inspection.clean()
    Inspection(published_on=D(2020, 2, 1), exact_publication_date=D(2020, 2, 27)).clean()
