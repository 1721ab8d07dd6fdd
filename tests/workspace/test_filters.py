"""ActionFilter, the one FilterSet behind the action list and its exports: each filter, the
scoping of its choices, search and sort."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from improvements.models import Priority, Status
from improvements.selectors import action_list
from inspections.models import Finding
from tests.factories import ActionFactory, FindingFactory, UserFactory

pytestmark = pytest.mark.django_db


def filtered(user, **data):
    """The titles the shared FilterSet returns to `user` for these GET parameters."""
    request = RequestFactory().get("/actions/", data)
    request.user = user
    filterset = action_list(request, request.GET, timezone.localdate())
    return filterset, {a.title for a in filterset.qs}


def titles(user, **data):
    filterset, found = filtered(user, **data)
    assert not filterset.is_bound or filterset.is_valid(), filterset.errors
    return found


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def actions(owner, colleague, finding, inspection):
    """A small, varied set of Cambridgeshire actions, by title."""
    second_question = inspection.cycle.questions.exclude(pk=finding.question_id).last()
    other = FindingFactory(
        inspection=inspection,
        question=second_question,
        kind=Finding.Kind.RECOMMENDATION,
        text="The force should publish its stop and search data.",
    )
    return {
        a.title: a
        for a in [
            ActionFactory(
                finding=finding,
                owner=owner,
                title="Train call handlers",
                description="Refresher course on THRIVE",
                due_date=days(-5),
                status=Status.IN_PROGRESS,
                priority=Priority.HIGH,
            ),
            ActionFactory(
                finding=finding,
                owner=colleague,
                title="Review the audit",
                due_date=days(10),
                progress=10,
            ),
            ActionFactory(
                finding=other,
                owner=owner,
                title="Publish the data",
                due_date=days(-20),
                revised_due_date=days(100),
                revised_due_reason="New system",
                status=Status.ON_HOLD,
                priority=Priority.LOW,
            ),
        ]
    }


def test_no_filter_gives_everything_the_user_may_see(owner, actions, lancs_action):
    assert titles(owner) == set(actions)


def test_search_looks_in_the_title_description_and_finding_text(owner, actions):
    assert titles(owner, q="call handlers") == {"Train call handlers"}
    assert titles(owner, q="thrive") == {"Train call handlers"}
    assert titles(owner, q="stop and search") == {"Publish the data"}
    assert titles(owner, q="   ") == set(actions)


def test_status_takes_several_values(owner, actions):
    assert titles(owner, status=["on_hold"]) == {"Publish the data"}
    assert titles(owner, status=["on_hold", "not_started"]) == {
        "Publish the data",
        "Review the audit",
    }


def test_an_unknown_status_is_an_error_not_an_empty_list(owner, actions):
    filterset, _found = filtered(owner, status=["finished"])
    assert "status" in filterset.errors


def test_rag_filters_by_the_colour_the_page_shows(owner, actions):
    assert titles(owner, rag=["red"]) == {"Train call handlers", "Publish the data"}
    assert titles(owner, rag=["amber"]) == {"Review the audit"}


def test_priority(owner, actions):
    assert titles(owner, priority=["high"]) == {"Train call handlers"}


def test_finding_kind(owner, actions):
    assert titles(owner, kind=["recommendation"]) == {"Publish the data"}
    assert titles(owner, kind=["area_for_improvement"]) == {
        "Train call handlers",
        "Review the audit",
    }


def test_question_and_pillar(owner, actions):
    question = actions["Publish the data"].finding.question
    assert titles(owner, question=question.pk) == {"Publish the data"}
    pillar = actions["Train call handlers"].finding.question.pillar
    expected = {t for t, a in actions.items() if a.finding.question.pillar_id == pillar.pk}
    assert titles(owner, pillar=pillar.pk) == expected


def test_owner(owner, colleague, actions):
    assert titles(owner, owner=colleague.pk) == {"Review the audit"}


def test_overdue_uses_the_revised_date(owner, actions):
    assert titles(owner, overdue="true") == {"Train call handlers"}
    assert titles(owner, overdue="false") == set(actions)


def test_due_before_and_after_use_the_revised_date(owner, actions):
    assert titles(owner, due_after=days(0).isoformat()) == {"Review the audit", "Publish the data"}
    assert titles(owner, due_before=days(0).isoformat()) == {"Train call handlers"}
    after, before = days(0).strftime("%d/%m/%Y"), days(50).strftime("%d/%m/%Y")
    assert titles(owner, due_after=after, due_before=before) == {"Review the audit"}


def test_inspection(owner, actions, inspection):
    assert titles(owner, inspection=inspection.pk) == set(actions)


def test_force_for_national_users(national_manager, actions, lancs_action):
    assert titles(national_manager, force="lancashire") == {lancs_action.title}
    assert titles(national_manager, force="cambridgeshire") == set(actions)


# --- Choices are scoped like the data ----------------------------------------------------


def test_force_staff_can_choose_only_their_own_forces_inspections_owners_and_force(
    owner, colleague, outsider, actions, lancs_action
):
    UserFactory(username="retired", role="force_lead", force=owner.force, is_active=False)
    filterset, _found = filtered(owner)
    form = filterset.form
    assert set(form.fields["owner"].queryset) == {owner, colleague}
    assert {i.force_id for i in form.fields["inspection"].queryset} == {owner.force_id}
    assert list(form.fields["force"].queryset) == [owner.force]


def test_choosing_another_forces_inspection_or_owner_is_refused(
    owner, outsider, actions, lancs_action
):
    filterset, found = filtered(owner, inspection=lancs_action.finding.inspection_id)
    assert "inspection" in filterset.errors
    filterset, found = filtered(owner, owner=outsider.pk)
    assert "owner" in filterset.errors
    assert lancs_action.title not in found


def test_national_users_choose_from_every_force(national_manager, owner, outsider, actions):
    filterset, _found = filtered(national_manager)
    assert {owner, outsider} <= set(filterset.form.fields["owner"].queryset)
    assert filterset.form.fields["force"].queryset.count() == 43


# --- Sort -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("due", "Train call handlers", "Publish the data"),  # revised date counts
        ("-due", "Publish the data", "Train call handlers"),
        ("title", "Publish the data", "Train call handlers"),
        ("-title", "Train call handlers", "Publish the data"),
        (
            "status",
            "Train call handlers",
            "Publish the data",
        ),  # in_progress < on_hold < not_started? no: alphabetical codes
    ],
)
def test_sort(owner, actions, sort, first, last):
    request = RequestFactory().get("/actions/", {"sort": sort})
    request.user = owner
    ordered = [a.title for a in action_list(request, request.GET, timezone.localdate()).qs]
    assert ordered[0] == first
    assert ordered[-1] == last


def test_without_a_sort_the_list_is_by_due_date(owner, actions):
    request = RequestFactory().get("/actions/")
    request.user = owner
    ordered = [a.title for a in action_list(request, request.GET, timezone.localdate()).qs]
    assert ordered == ["Train call handlers", "Review the audit", "Publish the data"]


def test_pillar_includes_findings_made_under_the_pillar_itself(owner, inspection):
    pillar = inspection.cycle.pillars.get(name="Efficiency")
    under_pillar = FindingFactory(inspection=inspection, question=None, pillar=pillar)
    under_question = FindingFactory(
        inspection=inspection, question=pillar.questions.first(), pillar=None
    )
    elsewhere = FindingFactory(
        inspection=inspection, question=inspection.cycle.questions.first(), pillar=None
    )
    ActionFactory(finding=under_pillar, title="Pillar-wide")
    ActionFactory(finding=under_question, title="Under a question")
    ActionFactory(finding=elsewhere, title="Another pillar")
    assert titles(owner, pillar=pillar.pk) == {"Pillar-wide", "Under a question"}


def test_overdue_and_rag_use_the_day_the_list_is_drawn_for(owner, finding):
    due = timezone.localdate() + datetime.timedelta(days=5)
    ActionFactory(finding=finding, title="Due in five days", due_date=due)
    request = RequestFactory().get("/actions/", {"overdue": "true"})
    request.user = owner
    assert not action_list(request, request.GET, timezone.localdate()).qs.exists()
    later = due + datetime.timedelta(days=1)
    assert {a.title for a in action_list(request, request.GET, later).qs} == {"Due in five days"}
    request = RequestFactory().get("/actions/", {"rag": "red"})
    request.user = owner
    assert {a.title for a in action_list(request, request.GET, later).qs} == {"Due in five days"}
