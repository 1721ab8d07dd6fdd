"""Fixes found by trying the reports: every force the national report links has a report
page (saying plainly when it has no inspection yet); the inspection report's captions and
commended practice."""

import re

import pytest
from django.urls import reverse

from inspections.models import FindingKind, Force
from tests.factories import FindingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["inspector", "national_manager"])
def test_every_force_the_national_report_links_has_a_report(client, cast, known_now, who):
    client.force_login(cast[who])
    national = client.get(reverse("reports:national"), {"cycle": "peel-2018-19"})
    links = set(re.findall(r'href="(/reports/forces/[a-z-]+/)"', national.text))
    assert len(links) == Force.objects.count() == 43
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_a_force_without_an_inspection_says_so_plainly(client, national_manager, known_now):
    client.force_login(national_manager)
    response = client.get(reverse("reports:force", args=["dorset"]))
    assert response.status_code == 200
    assert "There is no inspection of Dorset Police in the tracker yet" in response.text
    assert "Overdue actions" not in response.text


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 404),
        ("colleague", 404),
        ("force_manager", 404),
        ("outsider", 200),
        ("outsider_manager", 200),
        ("inspector", 200),
        ("national_manager", 200),
    ],
)
def test_an_uninspected_forces_report_is_scoped_like_any_other(
    client, cast, known_now, lancs, who, expected
):
    # Lancashire has an inspection in the known data; Dorset none: force staff see only
    # their own force's report, inspected or not.
    client.force_login(cast[who])
    slug = "lancashire" if who.startswith("outsider") else "dorset"
    assert client.get(reverse("reports:force", args=[slug])).status_code == expected


def test_anonymous_visitors_sign_in_before_any_force_report(client, known_now):
    response = client.get(reverse("reports:force", args=["dorset"]))
    assert response.status_code == 302


def test_inspection_report_captions_use_a_real_class_and_praise_has_no_status(
    client, inspector, inspection
):
    FindingFactory(inspection=inspection, kind=FindingKind.COMMENDED_PRACTICE, text="A hub.")
    FindingFactory(inspection=inspection, text="The force should do better.")
    client.force_login(inspector)
    page = client.get(reverse("reports:inspection", args=[inspection.pk])).text
    assert "govuk-caption-s" not in page
    captions = re.findall(r'<span class="govuk-caption-m">([^<]*)</span>', page)
    commended = next(c for c in captions if c.startswith("Commended practice"))
    assert "Open" not in commended
    improvement = next(c for c in captions if c.startswith("Area for improvement"))
    assert improvement.endswith("· Open")
