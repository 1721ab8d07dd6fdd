"""Bulk loaders gather PostgreSQL's statistics when they finish (peel/bulk.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.models import Finding, Inspection
from peel import bulk

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's"
)


@on_postgresql
def test_it_analyzes_the_loaded_tables_once_the_load_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert bulk.analyze_after_bulk_load([Inspection, Finding]) is True
    assert len(callbacks) == 1  # deferred: the test runs inside a transaction
    with CaptureQueriesContext(connection) as queries:
        callbacks[0]()
    assert [q["sql"] for q in queries] == [
        'ANALYZE "inspections_inspection", "inspections_finding"'
    ]


def test_it_does_nothing_when_turned_off(settings):
    settings.ANALYZE_AFTER_BULK_LOAD = False
    with CaptureQueriesContext(connection) as queries:
        assert bulk.analyze_after_bulk_load() is False
    assert len(queries) == 0


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no ANALYZE to run")
def test_on_sqlite_it_does_nothing():
    assert bulk.analyze_after_bulk_load() is False


def test_generating_demo_data_ends_with_it(monkeypatch, reference_data):
    from django.core.management import call_command

    from demo.management.commands import generate_demo_data

    calls = []
    monkeypatch.setattr(generate_demo_data, "analyze_after_bulk_load", lambda: calls.append(1))
    monkeypatch.setenv("DJANGO_DEBUG", "1")  # demo data asked for (peel/demo_guard.py)
    monkeypatch.delenv("PEEL_DJANGO_DEBUG_DEFAULTED", raising=False)
    call_command("generate_demo_data", forces=1, cycles=1, seed=1, verbosity=0)
    assert calls == [1]


def test_importing_a_report_ends_with_it(monkeypatch, reference_data):
    from inspections.importer import loader
    from inspections.reference import CAMBRIDGESHIRE_REPORT

    calls = []
    monkeypatch.setattr(loader, "analyze_after_bulk_load", calls.append)
    text = CAMBRIDGESHIRE_REPORT.read_text()
    loader.import_report(text)
    assert calls == [[Inspection, loader.Judgment, Finding]]


@on_postgresql
def test_connections_are_set_for_plans_that_do_not_grow_with_the_nation():
    """No JIT compilation, random reads priced as on SSD, and sorts of a national export
    in memory (peel/settings.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "2"
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"
