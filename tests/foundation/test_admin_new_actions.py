"""A new action added in the admin meets the same rules as one added from the finding
page (`services.check_new_action`): the refusal shows in the form, nothing is saved."""

import datetime

import pytest
from django.urls import reverse

from improvements.models import Action
from inspections.services import change_finding_status

pytestmark = pytest.mark.django_db

ACTION_FORM = {
    "title": "Set up a scrutiny panel",
    "priority": "high",
    "evidence-TOTAL_FORMS": 0,
    "evidence-INITIAL_FORMS": 0,
    "updates-TOTAL_FORMS": 0,
    "updates-INITIAL_FORMS": 0,
}


def add(client, finding, owner, due):
    return client.post(
        reverse("admin:improvements_action_add"),
        {**ACTION_FORM, "finding": finding.pk, "owner": owner.pk, "due_date": due.isoformat()},
    )


def test_a_due_date_in_the_past_is_refused_for_a_new_action(
    client, inspector, finding, owner, today
):
    client.force_login(inspector)
    response = add(client, finding, owner, today - datetime.timedelta(days=1))
    assert response.status_code == 200
    assert b"The due date must be today or in the future." in response.content
    assert not Action.objects.exists()


def test_a_closed_finding_takes_no_new_action_in_the_admin(
    client, inspector, finding, owner, today
):
    change_finding_status(finding, "closed", by=inspector, reason="Addressed on revisit.")
    client.force_login(inspector)
    response = add(client, finding, owner, today + datetime.timedelta(days=30))
    assert response.status_code == 200
    assert b"actions can only be added to an open finding" in response.content
    assert not Action.objects.exists()


def test_an_inline_action_with_a_past_date_is_refused(client, inspector, finding, owner, today):
    client.force_login(inspector)
    response = client.post(
        reverse("admin:inspections_finding_change", args=[finding.pk]),
        {
            "inspection": finding.inspection_id,
            "kind": finding.kind,
            "question": finding.question_id or "",
            "order": finding.order,
            "text": finding.text,
            "status_changes-TOTAL_FORMS": 0,
            "status_changes-INITIAL_FORMS": 0,
            "actions-TOTAL_FORMS": 1,
            "actions-INITIAL_FORMS": 0,
            "actions-0-title": "Inline action",
            "actions-0-owner": owner.pk,
            "actions-0-priority": "low",
            "actions-0-due_date": (today - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert b"The due date must be today or in the future." in response.content
    assert not Action.objects.exists()
