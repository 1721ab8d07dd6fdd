"""The database refuses data that breaks the model's rules, whatever code wrote it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from improvements.models import ActionUpdate, Evidence, Status
from inspections.models import Finding, FindingKind, Judgment
from tests.factories import ActionFactory, FindingFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_force_staff_must_belong_to_a_force(reference_data):
    assert refused(lambda: UserFactory(username="lost", role=Role.FORCE_LEAD, force=None))


def test_national_roles_belong_to_no_force(cambs):
    assert refused(lambda: UserFactory(username="x", role=Role.INSPECTOR, force=cambs))


def test_a_judgment_grades_a_pillar_or_a_question_not_both(inspection):
    cycle = inspection.cycle
    assert refused(
        lambda: Judgment.objects.create(
            inspection=inspection,
            pillar=cycle.pillars.first(),
            question=cycle.questions.first(),
            grade="good",
        )
    )
    assert refused(lambda: Judgment.objects.create(inspection=inspection, grade="good"))


def test_one_judgment_per_question_per_inspection(inspection):
    question = inspection.cycle.questions.first()
    Judgment.objects.create(inspection=inspection, question=question, grade="good")
    assert refused(
        lambda: Judgment.objects.create(inspection=inspection, question=question, grade="good")
    )


def test_a_question_not_inspected_says_when_it_last_was(inspection):
    question = inspection.cycle.questions.first()
    assert refused(
        lambda: Judgment.objects.create(
            inspection=inspection, question=question, grade="good", inspected=False
        )
    )
    assert refused(
        lambda: Judgment.objects.create(
            inspection=inspection, question=question, grade="good", last_inspected="2017"
        )
    )


def test_only_recommendations_sit_under_a_cause_of_concern(inspection):
    cause = FindingFactory(inspection=inspection, kind=FindingKind.CAUSE_OF_CONCERN)
    FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION, cause_of_concern=cause)
    assert refused(
        lambda: FindingFactory(
            inspection=inspection,
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            cause_of_concern=cause,
        )
    )


def test_closing_a_finding_records_when_and_why(finding):
    finding.status = Finding.Status.ADDRESSED
    assert refused(lambda: finding.save())


def test_progress_is_a_percentage(finding):
    assert refused(lambda: ActionFactory(finding=finding, progress=101))


def test_a_revised_due_date_needs_a_reason(finding):
    assert refused(
        lambda: ActionFactory(finding=finding, revised_due_date=datetime.date(2030, 1, 1))
    )


def test_a_verified_action_says_who_verified_it_and_when(finding):
    assert refused(lambda: ActionFactory(finding=finding, status=Status.VERIFIED))


def test_an_unknown_status_is_refused(finding):
    assert refused(lambda: ActionFactory(finding=finding, status="done"))


def test_a_timeline_entry_says_something(action, owner):
    assert refused(lambda: ActionUpdate.objects.create(action=action, author=owner))


def test_a_status_change_has_both_ends(action, owner):
    assert refused(
        lambda: ActionUpdate.objects.create(action=action, author=owner, to_status="in_progress")
    )


def test_evidence_is_a_file_or_a_link_not_both_nor_neither(action, owner):
    assert refused(lambda: Evidence.objects.create(action=action, added_by=owner, description="x"))
    assert refused(
        lambda: Evidence.objects.create(
            action=action,
            added_by=owner,
            description="x",
            url="https://example.org",
            file="a.pdf",
            size=1,
            sha256="0" * 64,
            content_type="application/pdf",
        )
    )


def test_a_file_is_stored_with_its_size_type_and_hash(action, owner):
    assert refused(
        lambda: Evidence.objects.create(
            action=action, added_by=owner, description="x", file="a.pdf"
        )
    )
