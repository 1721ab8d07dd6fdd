"""The workflow and the services: every change an action can go through, who may make it,
and what it leaves behind (one timeline entry, nothing half-saved, nothing overwritten)."""

import datetime
import hashlib
import os
import threading
import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone

from improvements import services, workflow
from improvements.models import Action, ActionUpdate, Evidence, Status
from improvements.services import EditConflict
from improvements.workflow import NotAllowed, WorkflowError
from inspections.models import FindingKind
from tests.factories import FindingFactory, LinkEvidenceFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

LEAD_TRANSITIONS = {
    # name: (status it starts from, status it ends in)
    "start": (Status.NOT_STARTED, Status.IN_PROGRESS),
    "hold": (Status.IN_PROGRESS, Status.ON_HOLD),
    "resume": (Status.ON_HOLD, Status.IN_PROGRESS),
    "submit": (Status.IN_PROGRESS, Status.SUBMITTED),
}
INSPECTOR_TRANSITIONS = {
    "verify": (Status.SUBMITTED, Status.VERIFIED),
    "return": (Status.SUBMITTED, Status.IN_PROGRESS),
    "cancel": (Status.IN_PROGRESS, Status.CANCELLED),
}
LEAD_REFUSAL = "Only a force lead of the action's force may {label}."
INSPECTOR_REFUSAL = "Only an inspector may {label}."


def set_status(action: Action, status: Status) -> Action:
    """Put an action in a status for a test (the services are the only way in real use)."""
    fields = {"status": status}
    if status in (Status.SUBMITTED, Status.VERIFIED):
        fields["submitted_at"] = timezone.now()
    Action.objects.filter(pk=action.pk).update(**fields)
    action.refresh_from_db()
    return action


def ready_for(action: Action, name: str, source: Status) -> Action:
    if name == "submit":
        LinkEvidenceFactory(action=action)
    return set_status(action, source)


def evidence_files() -> set[str]:
    location = Evidence._meta.get_field("file").storage.location
    return set(os.listdir(location)) if os.path.isdir(location) else set()


# --- who may make each change -------------------------------------------------------


@pytest.mark.parametrize("name", LEAD_TRANSITIONS)
@pytest.mark.parametrize("role", ["owner", "colleague"])
def test_force_leads_of_the_force_make_the_force_changes(name, role, cast, action):
    source, target = LEAD_TRANSITIONS[name]
    action = ready_for(action, name, source)

    updated = services.change_status(
        action, name, by=cast[role], version=action.version, reason="Because."
    )

    updated.refresh_from_db()
    assert updated.status == target
    assert updated.version == action.version + 1
    entry = ActionUpdate.objects.get(action=action)
    assert (entry.from_status, entry.to_status, entry.author) == (source, target, cast[role])


@pytest.mark.parametrize("name", LEAD_TRANSITIONS)
@pytest.mark.parametrize(
    "role", ["force_manager", "outsider", "outsider_manager", "inspector", "national_manager"]
)
def test_nobody_else_makes_the_force_changes(name, role, cast, action):
    source, _ = LEAD_TRANSITIONS[name]
    action = ready_for(action, name, source)
    label = workflow.get_transition(name).label.lower()

    with pytest.raises(NotAllowed, match=f"^{LEAD_REFUSAL.format(label=label)}$"):
        services.change_status(action, name, by=cast[role], version=action.version, reason="R.")

    action.refresh_from_db()
    assert action.status == source
    assert not ActionUpdate.objects.filter(action=action).exists()


@pytest.mark.parametrize("name", INSPECTOR_TRANSITIONS)
def test_inspectors_verify_return_and_cancel(name, inspector, action):
    source, target = INSPECTOR_TRANSITIONS[name]
    action = set_status(action, source)

    services.change_status(action, name, by=inspector, version=action.version, reason="Seen.")

    action.refresh_from_db()
    assert action.status == target
    entry = ActionUpdate.objects.get(action=action)
    assert (entry.from_status, entry.to_status, entry.note) == (source, target, "Seen.")


@pytest.mark.parametrize("name", INSPECTOR_TRANSITIONS)
@pytest.mark.parametrize(
    "role", ["owner", "colleague", "force_manager", "outsider", "national_manager"]
)
def test_nobody_else_verifies_returns_or_cancels(name, role, cast, action):
    source, _ = INSPECTOR_TRANSITIONS[name]
    action = set_status(action, source)
    label = workflow.get_transition(name).label.lower()

    with pytest.raises(NotAllowed, match=f"^{INSPECTOR_REFUSAL.format(label=label)}$"):
        services.change_status(action, name, by=cast[role], version=action.version, reason="R.")

    action.refresh_from_db()
    assert action.status == source
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_verifying_records_who_and_when(inspector, action):
    action = set_status(action, Status.SUBMITTED)

    services.change_status(action, "verify", by=inspector, version=action.version)

    action.refresh_from_db()
    assert action.verified_by == inspector
    assert action.verified_at is not None


def test_submitting_records_when_and_marks_the_action_complete(owner, action):
    action = ready_for(action, "submit", Status.IN_PROGRESS)

    services.change_status(action, "submit", by=owner, version=action.version)

    action.refresh_from_db()
    assert action.submitted_at is not None
    assert action.progress == 100


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        (
            "verify",
            Status.IN_PROGRESS,
            "Cannot verify: the action is in progress; "
            "this change is only possible from submitted for verification.",
        ),
        (
            "cancel",
            Status.CANCELLED,
            "Cannot cancel: the action is cancelled; this change is only possible from "
            "not started, in progress, on hold, submitted for verification.",
        ),
    ],
)
def test_an_inspector_change_from_the_wrong_status_is_refused(
    name, status, message, inspector, action
):
    action = set_status(action, status)

    with pytest.raises(WorkflowError) as refused:
        services.change_status(action, name, by=inspector, version=action.version, reason="R.")

    assert not isinstance(refused.value, NotAllowed)
    assert str(refused.value) == message
    action.refresh_from_db()
    assert action.status == status


def test_a_force_lead_is_told_who_may_verify_not_that_the_status_is_wrong(owner, action):
    with pytest.raises(NotAllowed, match=r"^Only an inspector may verify.$"):
        services.change_status(action, "verify", by=owner, version=action.version)


def test_an_unknown_change_is_refused(owner, action):
    with pytest.raises(WorkflowError, match=r"There is no status change called .teleport."):
        services.change_status(action, "teleport", by=owner, version=action.version)


def test_available_lists_the_changes_a_user_could_make_now(cast, action):
    names = {
        role: {t.name for t in workflow.available(action, user)} for role, user in cast.items()
    }

    assert names["owner"] == names["colleague"] == {"start", "hold"}
    assert names["inspector"] == {"cancel"}
    assert names["force_manager"] == names["national_manager"] == names["outsider"] == set()


# --- reasons and evidence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "role", "message"),
    [
        ("hold", Status.IN_PROGRESS, "owner", "Give a reason to put on hold."),
        ("return", Status.SUBMITTED, "inspector", "Give a reason to return to the force."),
        ("cancel", Status.NOT_STARTED, "inspector", "Give a reason to cancel."),
    ],
)
def test_hold_return_and_cancel_need_a_reason(name, source, role, message, cast, action):
    action = set_status(action, source)

    with pytest.raises(WorkflowError, match=f"^{message}$"):
        services.change_status(action, name, by=cast[role], version=action.version, reason="  ")

    action.refresh_from_db()
    assert action.status == source
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_submitting_needs_evidence(owner, action):
    action = set_status(action, Status.IN_PROGRESS)

    with pytest.raises(WorkflowError, match=r"^Add at least one piece of evidence before"):
        services.change_status(action, "submit", by=owner, version=action.version)

    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


# --- updates and progress ---------------------------------------------------------------


@pytest.mark.parametrize("progress", [0, 55, 100])
def test_progress_from_0_to_100_is_recorded(progress, owner, action):
    services.post_update(action, by=owner, version=action.version, progress=progress)

    action.refresh_from_db()
    assert action.progress == progress
    assert ActionUpdate.objects.get(action=action).progress == progress


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_outside_0_to_100_is_refused(progress, owner, action):
    with pytest.raises(WorkflowError, match=r"^Progress must be a whole number from 0 to 100.$"):
        services.post_update(action, by=owner, version=action.version, progress=progress)

    action.refresh_from_db()
    assert action.progress == 0
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_an_update_must_say_something(owner, action):
    with pytest.raises(WorkflowError, match=r"^Write a note, change the progress or choose"):
        services.post_update(action, by=owner, version=action.version, note="   ")


def test_a_note_adds_one_timeline_entry_and_changes_no_field(owner, action):
    services.post_update(action, by=owner, version=action.version, note="Training booked.")

    action.refresh_from_db()
    assert action.version == 1
    entry = ActionUpdate.objects.get(action=action)
    assert (entry.note, entry.author, entry.to_status) == ("Training booked.", owner, "")


@pytest.mark.parametrize("role", ["force_manager", "national_manager", "inspector", "outsider"])
def test_only_force_leads_of_the_force_post_updates(role, cast, action):
    with pytest.raises(
        NotAllowed, match=r"^Only a force lead of the action's force may change it.$"
    ):
        services.post_update(action, by=cast[role], version=action.version, note="Hello.")

    assert not ActionUpdate.objects.filter(action=action).exists()


def test_a_closed_action_takes_no_more_updates(owner, inspector, action):
    action = set_status(action, Status.SUBMITTED)
    services.change_status(action, "verify", by=inspector, version=action.version)

    with pytest.raises(
        WorkflowError, match=r"^The action is verified: it can no longer be changed.$"
    ):
        services.post_update(action, by=owner, version=None, note="One more thing.")


def test_a_change_and_its_timeline_entry_are_saved_together_or_not_at_all(owner, action):
    with (
        mock.patch.object(ActionUpdate.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.change_status(action, "start", by=owner, version=action.version)

    action.refresh_from_db()
    assert (action.status, action.version) == (Status.NOT_STARTED, 1)


def test_create_action_writes_its_first_timeline_entry(owner, finding, today):
    action = services.create_action(finding=finding, by=owner, title="Train staff", due_date=today)

    assert [u.note for u in action.updates.all()] == ["Action created."]


def test_commended_practice_needs_no_action(owner, inspection, today):
    practice = FindingFactory(inspection=inspection, kind=FindingKind.COMMENDED_PRACTICE)

    with pytest.raises(WorkflowError, match=r"^Commended practice needs no action.$"):
        services.create_action(finding=practice, by=owner, title="Nothing", due_date=today)


def test_the_owner_must_lead_in_the_findings_force(owner, outsider, finding, today):
    with pytest.raises(WorkflowError, match=r"^The owner must be a force lead in the finding"):
        services.create_action(finding=finding, by=owner, title="T", due_date=today, owner=outsider)


# --- two people editing the same action --------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda action, by: services.post_update(action, by=by, version=1, progress=50),
        lambda action, by: services.change_status(action, "start", by=by, version=1),
        lambda action, by: services.propose_due_date(
            action,
            by=by,
            version=1,
            proposed_due_date=action.due_date + datetime.timedelta(days=9),
            reason="Later.",
        ),
    ],
    ids=["progress", "status", "due date"],
)
def test_a_stale_version_raises_edit_conflict_and_changes_nothing(change, owner, colleague, action):
    services.post_update(action, by=colleague, version=1, progress=20)  # version 1 -> 2
    before = Action.objects.values().get(pk=action.pk)
    entries = ActionUpdate.objects.count()

    with pytest.raises(EditConflict, match=r"^Someone else changed this action"):
        change(action, owner)

    assert Action.objects.values().get(pk=action.pk) == before
    assert ActionUpdate.objects.count() == entries


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real connections and row locks"
)
def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_refused(owner, colleague, action):
    """Two people press Save on version 1 at once: the second waits for the first's row
    lock, then sees version 2 and is refused; nothing of theirs overwrites the first."""
    first_saved, release_first = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def save(name, user, progress, hold_open):
        try:
            with transaction.atomic():
                services.post_update(
                    Action.objects.get(pk=action.pk), by=user, version=1, progress=progress
                )
                if hold_open:
                    first_saved.set()
                    release_first.wait(30)
            outcome[name] = "saved"
        except EditConflict:
            outcome[name] = "refused"
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=("first", owner, 40, True))
    second = threading.Thread(target=save, args=("second", colleague, 60, False))
    first.start()
    assert first_saved.wait(30)
    second.start()
    # The second save is waiting on the first's row lock (not merely not started yet).
    assert waits_for_a_lock(within_seconds=30)
    release_first.set()
    first.join(30)
    second.join(30)

    assert outcome == {"first": "saved", "second": "refused"}
    action.refresh_from_db()
    assert (action.progress, action.version) == (40, 2)
    assert list(action.updates.values_list("author__username", "progress")) == [("owner", 40)]


def waits_for_a_lock(within_seconds: float) -> bool:
    deadline = time.monotonic() + within_seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_a_note_on_top_of_someone_elses_change_is_kept(owner, colleague, action):
    """A note overwrites nothing, so it is never refused for being stale."""
    services.post_update(action, by=colleague, version=1, progress=20)

    services.post_update(action, by=owner, version=1, note="Meeting held.")

    assert ActionUpdate.objects.filter(action=action, note="Meeting held.").exists()


# --- evidence ------------------------------------------------------------------------


def test_a_file_is_stored_under_a_generated_name_with_its_sha256(owner, action):
    content = PDF_BYTES + b"board minutes"

    evidence = services.add_evidence(
        action,
        by=owner,
        description="Minutes",
        upload=SimpleUploadedFile("Minutes (final).pdf", content),
    )

    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content)
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "Minutes (final).pdf"
    assert "Minutes" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    with evidence.file.open("rb") as stored:
        assert stored.read() == content


def test_a_link_is_stored(owner, action):
    evidence = services.add_evidence(
        action, by=owner, description="Policy", url="https://intranet.example.org/policy"
    )

    assert (evidence.url, evidence.file.name) == ("https://intranet.example.org/policy", "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "\u201ctool.exe\u201d is not a file type we accept."),
        ("notes", b"hello", "\u201cnotes\u201d is not a file type we accept."),
        (
            "report.pdf",
            PNG_BYTES,
            "The content of \u201creport.pdf\u201d does not match its name: it is not a PDF file.",
        ),
        (
            "report.pdf",
            b"Just some text, not a PDF.",
            "The content of \u201creport.pdf\u201d does not match its name: it is not a PDF file.",
        ),
        ("empty.pdf", b"", "\u201cempty.pdf\u201d is empty."),
        (
            "figures.csv",
            b"force,count\x00\x00\x01",
            "\u201cfigures.csv\u201d does not contain text, as its name says.",
        ),
    ],
    ids=[
        "wrong type by name",
        "no extension",
        "pdf that is a png",
        "pdf that is text",
        "empty",
        "text with nul bytes",
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_and_leaves_nothing(
    name, content, message, owner, action
):
    files_before = evidence_files()

    with pytest.raises(WorkflowError) as refused:
        services.add_evidence(
            action, by=owner, description="Proof", upload=SimpleUploadedFile(name, content)
        )

    assert str(refused.value).startswith(message)
    assert not Evidence.objects.exists()
    assert evidence_files() == files_before


def test_a_file_over_the_size_limit_is_refused(owner, action, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    files_before = evidence_files()

    with pytest.raises(WorkflowError, match=r"^The file must be smaller than 1.0\xa0KB.$"):
        services.add_evidence(
            action,
            by=owner,
            description="Big",
            upload=SimpleUploadedFile("big.pdf", PDF_BYTES + b"x" * 1024),
        )

    assert evidence_files() == files_before


def test_by_default_a_file_of_20_mb_is_taken_and_one_byte_more_is_refused(owner, action):
    twenty_mb = 20 * 1024 * 1024
    padding = b"\n" * (twenty_mb - len(PDF_BYTES))

    services.add_evidence(
        action,
        by=owner,
        description="At the limit",
        upload=SimpleUploadedFile("minutes.pdf", PDF_BYTES + padding),
    )
    with pytest.raises(WorkflowError, match=r"^The file must be smaller than 20.0\xa0MB.$"):
        services.add_evidence(
            action,
            by=owner,
            description="Over the limit",
            upload=SimpleUploadedFile("minutes.pdf", PDF_BYTES + padding + b"\n"),
        )

    assert [e.size for e in Evidence.objects.all()] == [twenty_mb]


def test_a_file_and_a_link_together_are_refused(owner, action):
    with pytest.raises(WorkflowError, match=r"^Add either a file or a link, not both.$"):
        services.add_evidence(
            action,
            by=owner,
            description="Both",
            upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
            url="https://example.org",
        )
    assert not Evidence.objects.exists()


def test_evidence_needs_a_file_or_a_link(owner, action):
    with pytest.raises(WorkflowError, match=r"^Choose a file or enter a link.$"):
        services.add_evidence(action, by=owner, description="Neither")


def test_evidence_needs_a_description(owner, action):
    with pytest.raises(WorkflowError, match=r"^Describe what the evidence shows.$"):
        services.add_evidence(action, by=owner, description=" ", url="https://example.org")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi", "example.org"]
)
def test_only_http_and_https_links_are_accepted(url, owner, action):
    with pytest.raises(WorkflowError, match=r"^Enter a link starting with https:// or http://"):
        services.add_evidence(action, by=owner, description="Link", url=url)


def test_a_manager_cannot_add_evidence_and_no_file_is_left(force_manager, action):
    files_before = evidence_files()

    with pytest.raises(NotAllowed):
        services.add_evidence(
            action,
            by=force_manager,
            description="Minutes",
            upload=SimpleUploadedFile("m.pdf", PDF_BYTES),
        )

    assert not Evidence.objects.exists()
    assert evidence_files() == files_before


def test_a_file_whose_row_fails_to_save_is_removed_from_disk(owner, action):
    files_before = evidence_files()

    with (
        mock.patch.object(Evidence, "save", side_effect=RuntimeError("database gone")),
        pytest.raises(RuntimeError),
    ):
        services.add_evidence(
            action,
            by=owner,
            description="Minutes",
            upload=SimpleUploadedFile("m.pdf", PDF_BYTES),
        )

    assert evidence_files() == files_before
