"""Fixes found by trying the force's pages: a refused status change marks the field it
is about, not only the summary; the count cards on My actions are whole links."""

import pytest
from django.urls import reverse

from improvements.models import Status

pytestmark = pytest.mark.django_db


def test_on_hold_without_a_note_marks_the_note_field(client, owner, action):
    client.force_login(owner)
    response = client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {"update-version": action.version, "update-transition": "hold"},
    )
    assert response.status_code == 400
    page = response.text
    # The summary links to the note, and the note's group and textarea are marked.
    assert 'href="#update-note"' in page
    assert 'id="update-note-error"' in page
    group = page[: page.index('id="update-note"')].rsplit('<div class="govuk-form-group', 1)[1]
    assert group.startswith(" govuk-form-group--error")
    assert "govuk-textarea--error" in page
    assert "Give a reason to put on hold." in page
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_returning_without_a_reason_marks_the_reason_field(client, inspector, action):
    from tests.workspace.test_verification import submit

    action = submit(action)
    client.force_login(inspector)
    response = client.post(
        reverse("workspace:action_return", args=[action.pk]),
        {"return-version": action.version, "return-reason": ""},
    )
    assert response.status_code == 400
    assert 'id="return-reason-error"' in response.text


def test_the_count_cards_are_whole_links_with_a_focus_style(client, owner, action):
    client.force_login(owner)
    page = client.get(reverse("workspace:my_actions")).text
    assert page.count("app-counts__link") == 5
