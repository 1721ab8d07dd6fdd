"""Every mail is a row first, written once, sent once: a second run the same day sends
nothing, two senders at once send each row once, a mail that cannot be delivered is
logged and retried without stopping the others, and each mail can be unsubscribed from."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from notifications import delivery
from notifications.daily import run_daily
from notifications.kinds import Kind
from notifications.models import MAX_ATTEMPTS, Notification
from notifications.unsubscribe import read_token
from tests.factories import ActionFactory, UserFactory
from tests.notifications.conftest import DAY, SITE, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_owners(finding, cambs):
    owners = [
        UserFactory(username=name, role="force_lead", force=cambs)
        for name in ("first", "bounce", "third")
    ]
    for n, owner in enumerate(owners):
        ActionFactory(finding=finding, owner=owner, due_date=DAY + days(5), title=f"Audit {n}")
    return owners


def test_a_second_run_the_same_day_sends_nothing(run, three_owners):
    assert len(run(DAY)) == 3
    assert run(DAY) == []
    assert Notification.objects.count() == 3


def test_a_failing_recipient_does_not_stop_the_run_and_is_retried(
    settings, three_owners, run, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.BouncingBackend"}}
    result = run_daily(DAY)
    assert (result.sent, result.failed) == (2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "third@example.org"]
    assert "Could not send notification" in caplog.text
    failed = Notification.objects.get(email="bounce@example.org")
    assert (failed.sent_at, failed.attempts, failed.claimed_at) == (None, 1, None)
    assert "Recipient refused: bounce@example.org" in failed.last_error
    assert failed.state == "Failed, will retry"

    # the next run tries it again (and only it); after MAX_ATTEMPTS it is given up
    for _ in range(MAX_ATTEMPTS - 1):
        assert run_daily(DAY + days(1)).failed == 1
    failed.refresh_from_db()
    assert failed.attempts == MAX_ATTEMPTS
    assert failed.state == "Not delivered"
    assert run_daily(DAY + days(1)).failed == 0


def test_a_row_claimed_by_another_sender_is_left_to_it(three_owners):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delivery, "deliver_pending", lambda ids=None: delivery.DeliveryResult())
        run_daily(DAY)  # writes the rows without sending
    first = Notification.objects.order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(
        claimed_at=timezone.now(), claim_token="another-server"
    )
    assert delivery.deliver_pending().sent == 2
    first.refresh_from_db()
    assert first.sent_at is None


def test_a_claim_left_by_a_sender_that_died_is_taken_over(three_owners):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delivery, "deliver_pending", lambda ids=None: delivery.DeliveryResult())
        run_daily(DAY)
    stale = timezone.now() - delivery.CLAIM_TIMEOUT - datetime.timedelta(seconds=1)
    Notification.objects.update(claimed_at=stale, claim_token="dead-server")
    assert delivery.deliver_pending().sent == 3


def test_each_mail_has_text_html_and_one_click_unsubscribe_headers(three_owners, run):
    run(DAY)
    message = next(m for m in mail.outbox if m.to == ["first@example.org"])
    row = Notification.objects.get(email="first@example.org")
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{SITE}/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.removeprefix(f"<{SITE}/notifications/unsubscribe/").rstrip("/>")
    assert read_token(token) == (row.recipient_id, Kind.DUE_REMINDER)
    assert unsubscribe[1:-1] in message.body
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{SITE}/actions/' in html
    assert "Due in 5 days" in html


def test_a_tampered_token_is_not_read():
    from notifications.unsubscribe import make_token

    token = make_token(1, "overdue")
    other_payload = make_token(2, "overdue").split(":")[0]
    forged = ":".join([other_payload, *token.split(":")[1:]])
    assert read_token(forged) is None
    assert read_token(token[:-2] + "xx") is None
    assert read_token("nonsense") is None


def test_users_who_turned_a_kind_off_or_have_no_address_get_nothing(run, finding, cambs):
    from notifications.unsubscribe import set_preference

    off = UserFactory(username="off", role="force_lead", force=cambs)
    set_preference(off.pk, Kind.DUE_REMINDER, enabled=False, via="link")
    no_address = UserFactory(username="nomail", role="force_lead", force=cambs, email="")
    inactive = UserFactory(username="gone", role="force_lead", force=cambs, is_active=False)
    for owner in (off, no_address, inactive):
        ActionFactory(finding=finding, owner=owner, due_date=DAY + days(5))
    assert run(DAY) == []
    # the overdue reminder is another kind, still on
    assert len(run(DAY + days(6))) == 1


def test_the_daily_run_uses_a_fixed_number_of_queries(
    finding, cambs, django_assert_num_queries, settings
):
    """Writing the day's mails takes the same queries for 2 actions or 20; sending adds
    two per batch of 100 (claim, read back) and one per mail (mark sent)."""
    from notifications.daily import drafts_for
    from notifications.outbox import write

    def actions(count, offset):
        for n in range(count):
            owner = UserFactory(username=f"lead-{offset}-{n}", role="force_lead", force=cambs)
            ActionFactory(finding=finding, owner=owner, due_date=DAY + days(n % 40 - 10))

    for count, offset in ((2, 0), (20, 100)):
        actions(count, offset)
        # Queries: managers, due soon, overdue, inspectors (no managers and no inspectors:
        # no digest or PCC queries), preferences, rows already written, the insert.
        with django_assert_num_queries(7):
            write(drafts_for(DAY + days(offset)), DAY + days(offset))
        unsent = Notification.objects.filter(sent_at__isnull=True).count()
        # candidates, then per batch claim + read, then one update per mail
        with django_assert_num_queries(1 + 2 + unsent):
            delivery.deliver_pending()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two real connections need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_mail_once(reference_data, finding, cambs, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.SlowBackend"}}
    owners = [UserFactory(username=f"lead{n}", role="force_lead", force=cambs) for n in range(30)]
    for owner in owners:
        ActionFactory(finding=finding, owner=owner, due_date=DAY + days(3))
        ActionFactory(finding=finding, owner=owner, due_date=DAY - days(3))
    barrier = threading.Barrier(2)
    errors = []
    sent = []

    def server():
        try:
            barrier.wait()
            sent.append(run_daily(DAY).sent)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(sent) == 60  # between them, each mail once
    assert Notification.objects.count() == 60
    assert Notification.objects.filter(sent_at__isnull=False).count() == 60
    recipients = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(recipients) == 60
    assert len(set(recipients)) == 60


def test_the_daily_run_with_digests_and_pcc_uses_a_fixed_number_of_queries(
    finding, cambs, lancs, force_manager, outsider_manager, inspector, django_assert_num_queries
):
    """Digests for two forces and the inspectors, and PCC reminders: the same queries
    whatever the number of actions, forces' rows or recommendations."""
    from inspections.models import FindingKind
    from notifications.daily import drafts_for
    from notifications.outbox import write
    from tests.factories import FindingFactory, InspectionFactory

    def grow(count, offset):
        for n in range(count):
            owner = UserFactory(username=f"lead-{offset}-{n}", role="force_lead", force=cambs)
            ActionFactory(finding=finding, owner=owner, due_date=DAY + days(offset + n % 40 - 10))
            ActionFactory(
                finding=finding,
                owner=owner,
                due_date=DAY + days(offset + 5),
                status="submitted",
                submitted_at=timezone.now(),
            )
        for force in (cambs, lancs):
            inspection = InspectionFactory(
                force=force, cycle=_cycle(offset), exact_publication_date=DAY + days(offset - 50)
            )
            for _ in range(count):
                FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION)

    for count, offset in ((1, 0), (8, 100)):
        grow(count, offset)
        # managers; due soon; overdue; force digest: forces, overdue, due soon, submitted,
        # status changes, PCC recommendations + responses; PCC reminders: recommendations +
        # responses; inspectors, queue, proposals; preferences, rows written, the insert.
        with django_assert_num_queries(18):
            rows = write(drafts_for(DAY + days(offset)), DAY + days(offset))
        assert {row.kind for row in rows} >= {"force_digest", "pcc_reminder", "inspector_digest"}


def _cycle(offset):
    from inspections.models import Cycle

    return Cycle.objects.get(slug="peel-2021-22" if offset == 0 else "peel-2023-25")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two real connections need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_senders_claiming_small_batches_at_once_send_each_mail_once(
    reference_data, finding, cambs, settings, monkeypatch
):
    """The claim itself under contention: both senders list the same 60 rows and claim
    them five at a time, interleaved; each row goes once."""
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.SlowBackend"}}
    monkeypatch.setattr(delivery, "BATCH_SIZE", 5)
    for n in range(60):
        owner = UserFactory(username=f"lead{n}", role="force_lead", force=cambs)
        ActionFactory(finding=finding, owner=owner, due_date=DAY + days(3))
    from notifications import outbox
    from notifications.daily import drafts_for

    outbox.write(drafts_for(DAY), DAY)
    barrier = threading.Barrier(2)
    sent, errors = [], []

    def sender():
        try:
            barrier.wait()
            sent.append(delivery.deliver_pending().sent)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(sent) == 60
    assert len(mail.outbox) == 60
    assert len({m.to[0] for m in mail.outbox}) == 60
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
