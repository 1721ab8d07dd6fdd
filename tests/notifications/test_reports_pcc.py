"""The force and national reports show how many PCC responses are due, done and late."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections import pcc
from inspections.models import FindingKind
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def responses(cambs, lancs, force_manager):
    today = timezone.localdate()
    late = InspectionFactory(
        force=cambs, exact_publication_date=today - datetime.timedelta(days=60)
    )
    done, _missing = (
        FindingFactory(inspection=late, kind=FindingKind.RECOMMENDATION) for _ in range(2)
    )
    pcc.record_response(
        done,
        by=force_manager,
        based_on=None,
        response="Welcomed.",
        outcome="no_action",
        no_action_reason="Already done.",
        published_on=today - datetime.timedelta(days=20),
    )
    FindingFactory(inspection=InspectionFactory(force=lancs), kind=FindingKind.RECOMMENDATION)
    return late


def cells(html, header):
    row = re.search(
        r"<tr class=\"govuk-table__row\">\s*<th scope=\"row\"[^>]*>(?:<a[^>]*>)?"
        + re.escape(header)
        + r".*?</tr>",
        html,
        re.S,
    )
    return re.findall(r"govuk-table__cell--numeric\">(\d+)<", row.group(0))


def test_the_force_report_shows_due_done_and_late(responses, force_manager):
    client = Client()
    client.force_login(force_manager)
    html = client.get(reverse("reports:force", args=["cambridgeshire"])).text
    section = html[html.index('id="pcc-responses"') :]
    # due, done, done late, late, not tracked
    assert cells(section, str(responses.cycle)) == ["0", "1", "0", "1", "0"]
    assert "Lancashire" not in section


def test_the_national_report_shows_each_force(responses, national_manager):
    client = Client()
    client.force_login(national_manager)
    html = client.get(reverse("reports:national")).text
    section = html[html.index('id="pcc-responses"') :]
    assert cells(section, "Cambridgeshire Constabulary") == ["0", "1", "0", "1", "0"]
    assert cells(section, "Lancashire Constabulary") == ["0", "0", "0", "0", "1"]
