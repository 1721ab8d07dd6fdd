"""The finding page: its text, question and grade, the findings before and after it, and
its actions; only for those who may see the inspection."""

import pytest
from django.urls import reverse

from improvements.models import Action
from inspections.models import Cycle, Finding, Inspection
from tests.factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    JudgmentFactory,
)

pytestmark = pytest.mark.django_db


def url(finding):
    return reverse("workspace:finding_detail", args=[finding.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("colleague", 200),
        ("force_manager", 200),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 200),
        ("national_manager", 200),
    ],
)
def test_each_role_may_see_its_own_forces_findings_only(client, cast, finding, action, who, status):
    client.force_login(cast[who])
    response = client.get(url(finding))
    assert response.status_code == status
    if status == 200:
        assert finding.text in response.text
        assert action.title in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client, finding):
    response = client.get(url(finding))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_finding_that_does_not_exist_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get(reverse("workspace:finding_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 404), ("force_manager", 404), ("national_manager", 404), ("inspector", 200)],
)
def test_a_draft_inspections_findings_are_for_inspectors_only(client, cast, cambs, who, status):
    draft = InspectionFactory(force=cambs, status=Inspection.Status.DRAFT, published_on=None)
    finding = FindingFactory(inspection=draft)
    client.force_login(cast[who])
    assert client.get(url(finding)).status_code == status


def test_it_shows_the_question_its_grade_and_the_pillars_grade(client, owner, inspection):
    question = inspection.cycle.questions.filter(pillar__isnull=False).first()
    finding = FindingFactory(inspection=inspection, question=question)
    JudgmentFactory(inspection=inspection, question=question, grade="requires_improvement")
    JudgmentFactory(inspection=inspection, question=None, pillar=question.pillar, grade="good")
    client.force_login(owner)
    text = client.get(url(finding)).text
    assert question.name in text
    assert question.pillar.name in text
    assert ">Requires improvement</strong>" in text
    assert ">Good</strong>" in text
    assert inspection.cycle.name in text


def test_a_question_not_inspected_this_time_says_whose_judgment_stands(
    client, owner, inspection, finding
):
    JudgmentFactory(
        inspection=inspection,
        question=finding.question,
        grade="good",
        inspected=False,
        last_inspected="2017",
    )
    client.force_login(owner)
    assert "the judgment from 2017 stands" in client.get(url(finding)).text


def test_it_links_the_earlier_finding_it_continues_and_the_later_one(client, owner, cambs):
    earlier_cycle, later_cycle = Cycle.objects.order_by("year")[:2]
    earlier = FindingFactory(
        inspection=InspectionFactory(force=cambs, cycle=earlier_cycle), text="Earlier words."
    )
    middle = FindingFactory(
        inspection=InspectionFactory(force=cambs, cycle=later_cycle), continues=earlier
    )
    client.force_login(owner)
    text = client.get(url(middle)).text
    assert f'href="{url(earlier)}"' in text
    assert "Earlier words." in text
    text = client.get(url(earlier)).text
    assert f'href="{url(middle)}"' in text
    assert "continues it" in text


def test_a_continuing_finding_in_a_draft_inspection_is_not_shown_to_the_force(
    client, owner, inspector, cambs, finding
):
    other_cycle = Cycle.objects.exclude(pk=finding.inspection.cycle_id).first()
    draft = InspectionFactory(
        force=cambs, cycle=other_cycle, status=Inspection.Status.DRAFT, published_on=None
    )
    later = FindingFactory(inspection=draft, continues=finding, text="Not yet published words.")
    client.force_login(owner)
    assert "Not yet published words." not in client.get(url(finding)).text
    client.force_login(inspector)
    assert f'href="{url(later)}"' in client.get(url(finding)).text


def test_it_lists_its_actions_with_status_rag_owner_and_link(client, owner, finding, action):
    ActionFactory(finding=FindingFactory(inspection=finding.inspection), title="Someone else's")
    client.force_login(owner)
    text = client.get(url(finding)).text
    assert "Actions (1)" in text
    assert f'href="/actions/{action.pk}/"' in text
    assert str(owner) in text
    assert action.get_status_display() in text
    assert "Someone else&#x27;s" not in text


def test_a_cause_of_concern_lists_its_recommendations(client, owner, inspection):
    cause = FindingFactory(inspection=inspection, kind=Finding.Kind.CAUSE_OF_CONCERN)
    recommendation = FindingFactory(
        inspection=inspection, kind=Finding.Kind.RECOMMENDATION, cause_of_concern=cause
    )
    client.force_login(owner)
    assert f'href="{url(recommendation)}"' in client.get(url(cause)).text
    assert f'href="{url(cause)}"' in client.get(url(recommendation)).text


def test_commended_practice_needs_no_action(client, owner, inspection):
    practice = FindingFactory(inspection=inspection, kind=Finding.Kind.COMMENDED_PRACTICE)
    client.force_login(owner)
    assert "Commended practice needs no action." in client.get(url(practice)).text
    assert not Action.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_page_makes_the_same_queries_for_3_or_30_actions(
    client, owner, finding, django_assert_num_queries, rows
):
    ActionFactory.create_batch(rows, finding=finding, owner=owner)
    client.force_login(owner)
    # session, user; the finding; later findings; its status history; findings it
    # supersedes; judgments; actions (with RAG, owner)
    with django_assert_num_queries(8):
        response = client.get(url(finding))
    assert len(response.context["actions"]) == rows
