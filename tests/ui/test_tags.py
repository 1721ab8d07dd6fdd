"""One colour per grade, status and RAG value, on every page that shows it (ui.templatetags)."""

import datetime
import re

import pytest
from django.urls import reverse

from improvements.deadlines import LEGEND, Rag
from improvements.models import Status
from inspections.models import Cycle, Grade, Judgment
from tests.factories import ActionFactory, FindingFactory, InspectionFactory
from ui.templatetags.ui import (
    GRADE_TAG_CLASSES,
    RAG_TAG_CLASSES,
    STATUS_TAG_CLASSES,
    UNKNOWN_TAG_CLASS,
)

pytestmark = pytest.mark.django_db

TAG = r'class="govuk-tag[^"]*?(govuk-tag--[a-z-]+)"[^>]*>\s*{text}\s*<'


def tag_classes(html: str, text: str) -> set[str]:
    """The colour of every GOV.UK tag on the page that says `text`."""
    return set(re.findall(TAG.format(text=re.escape(text)), html))


def national_grid_classes(html: str, label: str) -> set[str]:
    """The colour of every abbreviated grade in the national grid titled `label`."""
    return set(re.findall(rf'<abbr title="{re.escape(label)}" class="govuk-tag ([a-z-]+)"', html))


@pytest.mark.parametrize(
    ("cycle_slug", "grade"),
    [
        ("peel-2018-19", Grade.INADEQUATE),
        ("peel-2018-19", Grade.REQUIRES_IMPROVEMENT),
        ("peel-2018-19", Grade.GOOD),
        ("peel-2018-19", Grade.OUTSTANDING),
        ("peel-2021-22", Grade.ADEQUATE),
    ],
)
def test_a_grade_has_the_same_colour_on_the_finding_page_and_the_reports(
    client, owner, national_manager, cambs, cycle_slug, grade
):
    cycle = Cycle.objects.get(slug=cycle_slug)
    inspection = InspectionFactory(force=cambs, cycle=cycle)
    finding = FindingFactory(inspection=inspection)
    Judgment.objects.create(inspection=inspection, question=finding.question, grade=grade)

    client.force_login(owner)
    finding_page = client.get(reverse("workspace:finding_detail", args=[finding.pk])).text
    client.force_login(national_manager)
    force_report = client.get(reverse("reports:force", args=[cambs.slug])).text
    inspection_report = client.get(reverse("reports:inspection", args=[inspection.pk])).text
    national = client.get(reverse("reports:national"), {"cycle": cycle_slug}).text

    colour = GRADE_TAG_CLASSES[grade]
    assert tag_classes(finding_page, grade.label) == {colour}
    assert tag_classes(force_report, grade.label) == {colour}
    assert tag_classes(inspection_report, grade.label) == {colour}
    assert national_grid_classes(national, grade.label) == {colour}


def test_a_rag_value_has_the_same_colour_on_the_lists_the_finding_page_and_the_report(
    client, owner, force_manager, finding, today
):
    ActionFactory(finding=finding, owner=owner, due_date=today - datetime.timedelta(days=3))

    client.force_login(owner)
    pages = [
        client.get(reverse("workspace:my_actions")).text,
        client.get(reverse("workspace:action_list")).text,
        client.get(reverse("workspace:finding_detail", args=[finding.pk])).text,
    ]
    client.force_login(force_manager)
    pages.append(client.get(reverse("reports:inspection", args=[finding.inspection_id])).text)

    for html in pages:
        assert tag_classes(html, "Red") == {RAG_TAG_CLASSES[Rag.RED]}


def test_the_rag_legend_shows_each_colour_as_the_tags_do(client, owner, action):
    client.force_login(owner)
    html = client.get(reverse("workspace:action_list")).text

    for rag, _meaning in LEGEND:
        assert tag_classes(html, rag.label) == {RAG_TAG_CLASSES[rag]}


def test_a_status_tag_has_its_one_colour_on_the_action_page(client, owner, action):
    client.force_login(owner)
    html = client.get(reverse("workspace:action_detail", args=[action.pk])).text

    assert tag_classes(html, "Not started") == {STATUS_TAG_CLASSES[Status.NOT_STARTED]}


def test_no_two_grades_look_alike():
    colours = [GRADE_TAG_CLASSES[grade] for grade in Grade]

    assert len(set(colours)) == len(Grade)
    assert UNKNOWN_TAG_CLASS not in [GRADE_TAG_CLASSES[g] for g in Grade if g != Grade.UNGRADED]


def test_no_two_rag_values_look_alike_and_red_is_not_next_to_an_orange_amber():
    colours = [RAG_TAG_CLASSES[rag] for rag in Rag]

    assert len(set(colours)) == len(Rag)
    # GOV.UK's orange and red tags are hard to tell apart; amber must not be the orange.
    assert RAG_TAG_CLASSES[Rag.AMBER] != "govuk-tag--orange"


def test_the_grades_that_need_improving_share_the_rag_red_and_amber():
    assert GRADE_TAG_CLASSES[Grade.INADEQUATE] == RAG_TAG_CLASSES[Rag.RED]
    assert GRADE_TAG_CLASSES[Grade.REQUIRES_IMPROVEMENT] == RAG_TAG_CLASSES[Rag.AMBER]


def test_verified_and_cancelled_statuses_match_their_rag_colours():
    assert STATUS_TAG_CLASSES[Status.VERIFIED] == RAG_TAG_CLASSES[Rag.BLUE]
    assert STATUS_TAG_CLASSES[Status.CANCELLED] == RAG_TAG_CLASSES[Rag.GREY]
    assert set(STATUS_TAG_CLASSES) == set(Status)
