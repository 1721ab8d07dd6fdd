"""Pages kept for their session until anything changes (peel/page_cache.py).

A kept page is handed back only to the session that asked, for the same address, on the
same day, while no write has reached the database; any write, however it is made (a page,
`QuerySet.update()`, plain SQL, another server), makes the next request build it afresh.
"""

import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from improvements.models import Action
from peel import db_cache, page_cache

pytestmark = pytest.mark.django_db

ACTIONS = reverse("workspace:action_list")


def page(client, url=ACTIONS):
    response = client.get(url)
    assert response.status_code == 200
    return response


def with_csrf_cookie(client: Client) -> Client:
    """What a browser has after its first page: a CSRF cookie (pages are kept only for a
    request that sends one, as their forms carry a token of its secret)."""
    response = client.get(reverse("workspace:finding_register"))
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert "X-Page-Cache" not in response
    return client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return with_csrf_cookie(client)


def test_the_same_session_reading_the_same_page_again_is_handed_the_kept_page(
    action, force_manager, django_assert_num_queries
):
    client = signed_in(force_manager)
    first = page(client)
    assert first["X-Page-Cache"] == "miss"
    # 1 session, 2 user: the page's own queries are not made again.
    with django_assert_num_queries(2):
        again = page(client)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert action.title in again.content.decode()
    # The middleware's headers are on a kept page too.
    assert again["Cache-Control"] == "private, no-store"
    assert again["Content-Type"] == first["Content-Type"]


def test_a_change_made_through_the_pages_is_on_the_next_page(client, action, owner):
    client.force_login(owner)
    with_csrf_cookie(client)
    url = reverse("workspace:action_detail", args=[action.pk])
    page(client, url)
    assert page(client, url)["X-Page-Cache"] == "hit"
    response = client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {"update-version": action.version, "update-note": "Training booked for March"},
    )
    assert response.status_code == 302
    after = page(client, url)
    assert after.get("X-Page-Cache") != "hit"
    assert "Training booked for March" in after.content.decode()


@pytest.mark.parametrize("how", ["queryset update", "plain SQL"])
def test_a_write_django_sends_no_signal_for_is_seen_too(action, force_manager, how):
    client = signed_in(force_manager)
    page(client)
    if how == "queryset update":
        Action.objects.filter(pk=action.pk).update(title="Retitled in bulk")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                'UPDATE "improvements_action" SET "title" = %s WHERE "id" = %s',
                ["Retitled in bulk", action.pk],
            )
    after = page(client)
    assert after["X-Page-Cache"] == "miss"
    assert "Retitled in bulk" in after.content.decode()


def test_another_session_of_the_same_user_builds_its_own(action, force_manager):
    page(signed_in(force_manager))
    assert page(signed_in(force_manager))["X-Page-Cache"] == "miss"


def test_a_page_is_never_handed_to_another_user(action, cast):
    """Everyone who may read the list gets their own; the outsider sees no Cambridgeshire
    action even after the force manager's page was kept."""
    assert action.title in page(signed_in(cast["force_manager"])).content.decode()
    for name in ("owner", "colleague", "outsider", "outsider_manager", "inspector",
                 "national_manager"):  # fmt: skip
        response = page(signed_in(cast[name]))
        assert response["X-Page-Cache"] == "miss"
        assert (action.title in response.content.decode()) is not name.startswith("outsider")
    anonymous = Client().get(ACTIONS)
    assert anonymous.status_code == 302
    assert "X-Page-Cache" not in anonymous


def test_each_address_and_query_is_kept_apart(action, force_manager):
    client = signed_in(force_manager)
    page(client)
    overdue = page(client, ACTIONS + "?overdue=true")
    assert overdue["X-Page-Cache"] == "miss"
    assert page(client, ACTIONS + "?overdue=true")["X-Page-Cache"] == "hit"


def test_a_new_day_builds_the_page_again(action, force_manager, monkeypatch, today):
    """Overdue and RAG depend on the date."""
    client = signed_in(force_manager)
    page(client)
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda *args: tomorrow)
    assert page(client)["X-Page-Cache"] == "miss"


def test_a_page_with_a_message_is_neither_kept_nor_handed_back(client, action, owner):
    client.force_login(owner)
    with_csrf_cookie(client)
    url = reverse("workspace:action_detail", args=[action.pk])
    page(client, url)
    client.post(
        reverse("workspace:action_update", args=[action.pk]),
        {"update-version": action.version, "update-note": "Done"},
    )
    with_message = page(client, url)
    assert "X-Page-Cache" not in with_message
    assert "Your update has been added to the timeline." in with_message.content.decode()
    # The message has been read: the next one is built and kept again.
    assert page(client, url)["X-Page-Cache"] == "miss"
    assert page(client, url)["X-Page-Cache"] == "hit"


def test_signing_in_again_never_reads_the_old_sessions_pages(client, action, force_manager):
    client.force_login(force_manager)
    with_csrf_cookie(client)
    page(client)
    client.logout()
    client.force_login(force_manager)
    with_csrf_cookie(client)
    assert page(client)["X-Page-Cache"] == "miss"


def test_saving_a_session_leaves_the_kept_pages(action, force_manager):
    """Sessions, the caches and the lockout's records are not what pages show."""
    client = signed_in(force_manager)
    page(client)
    session = client.session
    session["seen"] = True
    session.save()
    assert page(client)["X-Page-Cache"] == "hit"


@override_settings(PAGE_CACHE_SECONDS=0)
def test_no_page_is_kept_when_the_cache_is_turned_off(action, force_manager):
    client = signed_in(force_manager)
    page(client)
    assert "X-Page-Cache" not in page(client)


@pytest.mark.parametrize(
    ("name", "page_of"),
    [
        ("workspace:action_detail", lambda action: [action.pk]),
        ("workspace:finding_detail", lambda action: [action.finding.pk]),
        ("reports:inspection", lambda action: [action.finding.inspection.pk]),
        ("reports:force", lambda action: [action.finding.inspection.force.slug]),
    ],
)
def test_what_one_force_may_see_is_never_handed_to_another(action, cast, name, page_of):
    """Each Cambridgeshire page is kept for its force manager; Lancashire's lead and
    manager still get "not found", never kept and never the kept page."""
    url = reverse(name, args=page_of(action))
    manager = signed_in(cast["force_manager"])
    page(manager, url)
    assert page(manager, url)["X-Page-Cache"] == "hit"
    for outsider in ("outsider", "outsider_manager"):
        client = signed_in(cast[outsider])
        for _ in range(2):
            refused = client.get(url)
            assert refused.status_code == 404
            assert "X-Page-Cache" not in refused


def test_a_refused_page_is_never_kept(force_manager, owner):
    """The inspectors' queue refuses force staff: the refusal is built every time."""
    client = signed_in(owner)
    queue = reverse("workspace:verification_queue")
    answers = [client.get(queue) for _ in range(2)]
    assert {a.status_code for a in answers} <= {403, 404}
    assert all("X-Page-Cache" not in a for a in answers)


def test_a_write_is_never_failed_by_its_cache(action, settings):
    """Settings without the pages' cache: the write still happens (it is logged)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    Action.objects.filter(pk=action.pk).update(title="Saved anyway")
    assert Action.objects.get(pk=action.pk).title == "Saved anyway"


def test_statements_that_may_change_what_pages_show_are_writes_fail_closed():
    shown = page_cache.writes_what_pages_show
    for sql in (
        'TRUNCATE "improvements_action", "inspections_finding"',
        'INSERT OR IGNORE INTO "notifications_notification" ("key") VALUES (%s)',
        "/* a comment first */ UPDATE improvements_action SET title = 'x'",
        'WITH moved AS (SELECT 1) UPDATE "improvements_action" SET "title" = %s',
        'MERGE INTO "improvements_action" USING x ON true WHEN MATCHED THEN DELETE',
        'UPDATE "public"."improvements_action" SET "title" = %s',
    ):
        assert shown(sql), sql
    for sql in (
        'SELECT "id" FROM "improvements_action" FOR UPDATE',
        '(SELECT "id" FROM "a") UNION (SELECT "id" FROM "b")',
        'SAVEPOINT "s1"',
        'RELEASE SAVEPOINT "s1"',
        'ROLLBACK TO SAVEPOINT "s1"',
        "SET TIME ZONE 'UTC'",
        "",
    ):
        assert not shown(sql), sql


def test_a_savepoint_rolled_back_still_moves_the_version_safely(action, force_manager):
    """Over-cautious is fine: a write undone by its savepoint may still empty the kept
    pages; it must never leave them showing what was undone."""
    client = signed_in(force_manager)
    page(client)
    with pytest.raises(RuntimeError):
        rolled_back_write(action)
    after = page(client)
    assert "Rolled back" not in after.content.decode()
    assert action.title in after.content.decode()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peel_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peel_page_cache",
        },
    }
)
def test_only_writes_to_tables_pages_show_move_the_version():
    """(The caches' tables are read from the settings: here, the production ones.)"""
    shown = page_cache.writes_what_pages_show
    assert shown('UPDATE "improvements_action" SET "title" = %s')
    assert shown('INSERT INTO "inspections_finding" ("text") VALUES (%s)')
    assert shown('  delete from "accounts_user" where id = 1')
    assert not shown('UPDATE "django_session" SET "session_data" = %s')
    assert not shown('INSERT INTO "peel_cache" (cache_key) VALUES (%s)')
    assert not shown('INSERT INTO "peel_page_cache" (cache_key) VALUES (%s)')
    assert not shown('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)')
    assert not shown('SELECT * FROM "improvements_action"')


# --- The production cache: a table in the database ---------------------------------------

DATABASE_PAGES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "peel.db_cache.DatabaseCache", "LOCATION": "peel_page_cache"},
}


def rolled_back_write(action) -> None:
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(title="Rolled back")
        raise RuntimeError


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_PAGES)
def test_in_the_database_the_version_moves_when_the_write_is_committed(action):
    """Stored in the database, the version is moved after the commit, never inside the
    writer's transaction (which would hold its row locked until then); a transaction that
    rolls back moves nothing."""
    call_command("createcachetable", verbosity=0)
    store = caches["pages"]
    before = page_cache.move_version()
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(title="Inside")
        assert store.get(page_cache.VERSION_KEY) == before
    moved = store.get(page_cache.VERSION_KEY)
    assert moved != before
    with pytest.raises(RuntimeError):
        rolled_back_write(action)
    assert store.get(page_cache.VERSION_KEY) == moved
    Action.objects.filter(pk=action.pk).update(title="Autocommit")
    assert store.get(page_cache.VERSION_KEY) != moved


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_PAGES)
def test_in_the_database_a_kept_page_is_handed_back_until_a_write(action, force_manager):
    call_command("createcachetable", verbosity=0)
    client = signed_in(force_manager)
    assert page(client)["X-Page-Cache"] == "miss"
    assert page(client)["X-Page-Cache"] == "hit"
    Action.objects.filter(pk=action.pk).update(title="Changed elsewhere")
    after = page(client)
    assert after["X-Page-Cache"] == "miss"
    assert "Changed elsewhere" in after.content.decode()


def test_the_code_version_names_this_release():
    """A digest of the project's code and templates: stable in a process, 16 characters."""
    assert page_cache.code_version() == page_cache.code_version()
    assert len(page_cache.code_version()) == 16


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_PAGES)
def test_the_page_cache_stores_a_page_in_one_statement_and_still_culls(
    django_assert_num_queries, monkeypatch
):
    call_command("createcachetable", verbosity=0)
    store = caches["pages"]
    with django_assert_num_queries(1):
        store.set("page", ("v1", {}, b"first"), 60)
    with django_assert_num_queries(1):
        store.set("page", ("v2", {}, b"second"), 60)
    assert store.get("page") == ("v2", {}, b"second")
    store.set("forever", "kept", None)
    assert store.get("forever") == "kept"
    # One set in CULL_EVERY counts the table and culls it when it is over its size.
    monkeypatch.setattr(store, "_max_entries", 5)
    monkeypatch.setattr(db_cache.DatabaseCache, "CULL_EVERY", 1)
    for number in range(12):
        store.set(f"page-{number}", number, 60)
    with connection.cursor() as cursor:
        cursor.execute('SELECT COUNT(*) FROM "peel_page_cache"')
        assert cursor.fetchone()[0] <= 6


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_PAGES)
def test_a_callback_failing_before_it_after_the_commit_still_moves_the_version(action):
    """The version is moved by a robust callback, even after one registered earlier in the
    transaction has failed. (It is registered at the transaction's first write, so it
    usually runs first anyway: the outbox registers its delivery after writing.)"""
    call_command("createcachetable", verbosity=0)
    store = caches["pages"]
    before = page_cache.move_version()

    def fails():
        raise RuntimeError

    with transaction.atomic():
        transaction.on_commit(fails, robust=True)
        Action.objects.filter(pk=action.pk).update(title="Committed")
    assert store.get(page_cache.VERSION_KEY) != before


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_PAGES)
def test_culling_never_drops_the_data_version(monkeypatch):
    call_command("createcachetable", verbosity=0)
    store = caches["pages"]
    version = page_cache.move_version()
    monkeypatch.setattr(store, "_max_entries", 5)
    monkeypatch.setattr(db_cache.DatabaseCache, "CULL_EVERY", 1)
    for number in range(20):
        store.set(f"page-{number}", number, 60 + number)
    assert store.get(page_cache.VERSION_KEY) == version
    # What expires soonest went first; the newest pages are still there.
    assert store.get("page-19") == 19
    assert store.get("page-0") is None


@pytest.mark.django_db(transaction=True)
@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "peel.db_cache.DatabaseCache", "LOCATION": "peel_not_made_yet"},
    }
)
def test_before_the_cache_table_is_made_a_write_goes_ahead_quietly(action, caplog, monkeypatch):
    """The first `migrate` writes before `createcachetable`: nothing can have been kept,
    so nothing is marked and nothing is said; the write happens (committed, then the
    version is moved: here, tried)."""
    tried = []
    monkeypatch.setattr(page_cache, "_no_table_yet", lambda: tried.append(1) or True)
    Action.objects.filter(pk=action.pk).update(title="Before the table")
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(title="Before the table, in a block")
    assert Action.objects.get(pk=action.pk).title == "Before the table, in a block"
    assert len(tried) == 2
    assert "could not be marked" not in caplog.text


@pytest.mark.django_db(transaction=True)
@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "peel.db_cache.DatabaseCache", "LOCATION": "peel_not_made_yet"},
    }
)
def test_no_cache_table_yet_is_told_apart_from_a_failure():
    assert page_cache._no_table_yet()
