"""Each timeline entry says what happened, as data: every service writes its kind, and the
migration classified the entries written before there were kinds."""

import datetime
import importlib

import pytest
from django.utils import timezone

from improvements import services
from improvements.models import Action, ActionUpdate, Priority, Status
from tests.factories import LinkEvidenceFactory

pytestmark = pytest.mark.django_db

Kind = ActionUpdate.Kind


def latest(action: Action) -> ActionUpdate:
    return ActionUpdate.objects.filter(action=action).latest()


def submitted(action: Action, owner) -> Action:
    LinkEvidenceFactory(action=action)
    action = services.change_status(action, "start", by=owner, version=action.version)
    return services.change_status(action, "submit", by=owner, version=action.version)


def test_creating_an_action_writes_created(finding, inspector, owner, today):
    action = services.create_action(
        finding=finding, by=inspector, title="Audit", due_date=today, owner=owner
    )
    assert latest(action).kind == Kind.CREATED


def test_a_note_writes_note(owner, action):
    services.post_update(action, by=owner, version=action.version, note="Met the board.")
    assert latest(action).kind == Kind.NOTE


def test_a_progress_figure_writes_progress(owner, action):
    services.post_update(action, by=owner, version=action.version, note="Half way", progress=50)
    assert latest(action).kind == Kind.PROGRESS


@pytest.mark.parametrize("transition", ["start", "hold"])
def test_a_status_change_writes_status_change(transition, owner, action):
    if transition == "hold":
        action = services.change_status(action, "start", by=owner, version=action.version)
    services.change_status(action, transition, by=owner, version=action.version, reason="Why")
    entry = latest(action)
    assert entry.kind == Kind.STATUS_CHANGE
    assert entry.to_status


@pytest.mark.parametrize("transition", ["submit", "verify", "cancel"])
def test_submitting_verifying_and_cancelling_write_status_change(
    transition, owner, inspector, action
):
    action = submitted(action, owner) if transition != "submit" else action
    if transition == "submit":
        LinkEvidenceFactory(action=action)
        action = services.change_status(action, "start", by=owner, version=action.version)
    by = owner if transition == "submit" else inspector
    services.change_status(action, transition, by=by, version=action.version, reason="Done.")
    assert latest(action).kind == Kind.STATUS_CHANGE


def test_returning_writes_returned_with_the_reason(owner, inspector, action):
    action = submitted(action, owner)
    services.change_status(
        action, "return", by=inspector, version=action.version, reason="No audit attached."
    )
    entry = latest(action)
    assert entry.kind == Kind.RETURNED
    assert entry.get_kind_display() == "Returned to the force"
    assert entry.note == "No audit attached."
    assert (entry.from_status, entry.to_status) == (Status.SUBMITTED, Status.IN_PROGRESS)


def test_the_due_date_services_write_proposed_agreed_and_declined(owner, inspector, action):
    later = timezone.localdate() + datetime.timedelta(days=200)
    action = services.propose_due_date(
        action, by=owner, version=action.version, proposed_due_date=later, reason="Late kit."
    )
    assert latest(action).kind == Kind.DUE_DATE_PROPOSED
    action = services.agree_due_date(action, by=inspector, version=action.version)
    assert latest(action).kind == Kind.DUE_DATE_AGREED
    action = services.propose_due_date(
        action,
        by=owner,
        version=action.version,
        proposed_due_date=later + datetime.timedelta(days=1),
        reason="Later still.",
    )
    services.decline_due_date(action, by=inspector, version=action.version, reason="No.")
    assert latest(action).kind == Kind.DUE_DATE_DECLINED


def test_changing_details_writes_details_changed(inspector, action):
    services.change_details(
        action,
        by=inspector,
        version=action.version,
        title="A new title",
        description=action.description,
        owner=action.owner,
        priority=Priority.HIGH,
    )
    assert latest(action).kind == Kind.DETAILS_CHANGED


def test_adding_evidence_writes_evidence_added(owner, action):
    evidence = services.add_evidence(
        action, by=owner, description="Board minutes", url="https://example.org/minutes"
    )
    entry = latest(action)
    assert entry.kind == Kind.EVIDENCE_ADDED
    assert entry.author == owner
    assert entry.created_at == evidence.added_at


def test_the_timeline_shows_evidence_once(client, owner, action):
    services.add_evidence(
        action, by=owner, description="Board minutes", url="https://example.org/minutes"
    )
    client.force_login(owner)
    page = client.get(f"/actions/{action.pk}/").text.split('id="timeline"')[1]
    assert page.count("moj-timeline__item") == 1  # the evidence, with its link
    assert page.count("Board minutes") == 1


# --- the migration --------------------------------------------------------------------------

migration = importlib.import_module("improvements.migrations.0005_rules_update_kind")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"note": "Action created."}, Kind.CREATED),
        ({"note": "Met the board."}, Kind.NOTE),
        ({"note": "", "progress": 40}, Kind.PROGRESS),
        ({"note": "Why", "from_status": "not_started", "to_status": "in_progress"},
         Kind.STATUS_CHANGE),
        ({"note": "No audit", "from_status": "submitted", "to_status": "in_progress"},
         Kind.RETURNED),
        ({"note": "Proposed a new due date of 1 May 2027: late"}, Kind.DUE_DATE_PROPOSED),
        ({"note": "Agreed the new due date of 1 May 2027."}, Kind.DUE_DATE_AGREED),
        ({"note": "Declined the proposed due date of 1 May 2027: no"}, Kind.DUE_DATE_DECLINED),
        ({"note": "Details changed. Title: changed."}, Kind.DETAILS_CHANGED),
    ],
)  # fmt: skip
def test_the_migration_classifies_earlier_entries_by_their_wording(fields, expected):
    values = {"note": "", "from_status": "", "to_status": "", "progress": None, **fields}
    assert migration.kind_of(ActionUpdate(**values)) == expected
