"""The owner is told when an action is assigned to them or given to someone else, returned
(with the reason), verified, or a new due date is agreed or declined. The mail is written
in the change's own transaction and sent after it commits."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from improvements import services
from improvements.models import Status
from notifications.kinds import Kind
from notifications.models import Notification
from tests.factories import ActionFactory, LinkEvidenceFactory

pytestmark = pytest.mark.django_db


def submitted(action, owner):
    LinkEvidenceFactory(action=action)
    action = services.change_status(action, "start", by=owner, version=action.version)
    return services.change_status(action, "submit", by=owner, version=action.version)


def test_creating_an_action_for_an_owner_tells_them_after_commit(
    finding, owner, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action = services.create_action(
            finding=finding,
            by=inspector,
            title="Audit",
            due_date=datetime.date(2027, 1, 1),
            owner=owner,
        )
    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.sent_at) == (owner, Kind.ASSIGNED, None)
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == ["Action assigned to you: Audit"]
    assert mail.outbox[0].to == [owner.email]
    assert f"https://peel.example.org/actions/{action.pk}/" in mail.outbox[0].body
    row.refresh_from_db()
    assert row.sent_at is not None


def test_changing_the_owner_tells_the_new_owner_and_the_one_before(
    action, owner, colleague, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_details(
            action,
            by=inspector,
            version=action.version,
            title=action.title,
            description=action.description,
            owner=colleague,
            priority=action.priority,
        )
    sent = {(m.to[0], m.subject) for m in mail.outbox}
    assert sent == {
        (colleague.email, f"Action assigned to you: {action.title}"),
        (owner.email, f"Action no longer yours: {action.title}"),
    }
    assert f"It is now owned by {colleague}." in next(
        m.body for m in mail.outbox if m.to == [owner.email]
    )


def test_a_lead_reassigning_an_action_tells_the_new_owner_not_themselves(
    action, owner, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.reassign_action(action, by=owner, owner=colleague, version=action.version)
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert sent == [(colleague.email, f"Action assigned to you: {action.title}")]


def test_a_change_of_something_else_tells_nobody(
    action, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_details(
            action,
            by=inspector,
            version=action.version,
            title="New title",
            description=action.description,
            owner=action.owner,
            priority=action.priority,
        )
    assert mail.outbox == []


def test_a_return_tells_the_owner_why(action, owner, inspector, django_capture_on_commit_callbacks):
    action = submitted(action, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            action,
            "return",
            by=inspector,
            version=action.version,
            reason="The audit covers one unit only.",
        )
    (message,) = mail.outbox
    assert message.subject == f"Action returned: {action.title}"
    assert "Reason: The audit covers one unit only." in message.body
    html = message.alternatives[0].content
    assert "Reason: The audit covers one unit only." in html


def test_verifying_tells_the_owner(action, owner, inspector, django_capture_on_commit_callbacks):
    action = submitted(action, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(action, "verify", by=inspector, version=action.version)
    assert [m.subject for m in mail.outbox] == [f"Action verified: {action.title}"]


def test_the_owners_own_status_changes_send_nothing(
    action, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(action, owner)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_agreeing_and_declining_a_due_date_tell_the_owner(
    action, owner, inspector, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = services.propose_due_date(
            action,
            by=owner,
            version=action.version,
            proposed_due_date=today + datetime.timedelta(days=90),
            reason="Trainer ill.",
        )
        action = services.agree_due_date(action, by=inspector, version=action.version)
        action = services.propose_due_date(
            action,
            by=owner,
            version=action.version,
            proposed_due_date=today + datetime.timedelta(days=120),
            reason="Again.",
        )
        services.decline_due_date(
            action, by=inspector, version=action.version, reason="Not good enough."
        )
    assert [m.subject for m in mail.outbox] == [
        f"New due date agreed: {action.title}",
        f"New due date declined: {action.title}",
    ]
    assert "Reason: Not good enough." in mail.outbox[1].body
    agreed = today + datetime.timedelta(days=90)
    # the mail shows the due date as it now is (the agreed one)
    assert f"Due: {agreed.day} {agreed:%B %Y}" in mail.outbox[0].body


def test_a_change_that_rolls_back_leaves_no_mail(
    finding, owner, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.create_action(
                    finding=finding,
                    by=inspector,
                    title="Audit",
                    due_date=datetime.date(2027, 1, 1),
                    owner=owner,
                )
                raise RuntimeError("the request failed later")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_mail_that_fails_after_commit_is_sent_by_the_next_run(
    finding, owner, inspector, settings, django_capture_on_commit_callbacks, run
):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.FailingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.create_action(
            finding=finding,
            by=inspector,
            title="Audit",
            due_date=datetime.date(2027, 1, 1),
            owner=owner,
        )
    row = Notification.objects.get()
    assert (row.sent_at, row.attempts) == (None, 1)
    assert "SMTP server unavailable" in row.last_error

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run(datetime.date(2026, 12, 1)) == ["Action assigned to you: Audit"]
    row.refresh_from_db()
    assert (row.sent_at is not None, row.attempts, row.claim_token != "") == (True, 2, True)


def test_an_owner_who_turned_the_kind_off_gets_nothing(
    finding, owner, inspector, django_capture_on_commit_callbacks
):
    from notifications.unsubscribe import set_preference

    set_preference(owner.pk, Kind.ASSIGNED, enabled=False, via="page")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_action(
            finding=finding,
            by=inspector,
            title="Audit",
            due_date=datetime.date(2027, 1, 1),
            owner=owner,
        )
    assert not Notification.objects.exists()


def test_an_action_created_without_an_owner_tells_nobody(
    finding, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_action(
            finding=finding, by=inspector, title="Audit", due_date=datetime.date(2027, 1, 1)
        )
    assert not Notification.objects.exists()
    assert ActionFactory._meta.model.objects.get().status == Status.NOT_STARTED
