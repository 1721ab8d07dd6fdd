"""Demo data only when asked for in so many words: `load_demo_data` and
`generate_demo_data`, run as a developer would run them (manage.py, in a process of their
own), refuse without DJANGO_DEBUG=1 in the environment and write nothing; with it, they
run. Each test uses an SQLite file of its own."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from peel.demo_guard import DEFAULTED_MARKER, demo_data_asked_for

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["load_demo_data", "generate_demo_data"]
TABLES = ["accounts_user", "inspections_inspection", "inspections_finding", "improvements_action"]


def manage(database: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", DEFAULTED_MARKER)
    }
    environment.update(DATABASE_URL=f"sqlite:///{database}", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in TABLES
        }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("demo-guard") / "db.sqlite3"
    result = manage(database, "migrate", "--no-input")
    assert result.returncode == 0, result.stderr
    return database


@pytest.fixture
def database(migrated, tmp_path) -> Path:
    copy = tmp_path / "db.sqlite3"
    copy.write_bytes(migrated.read_bytes())
    return copy


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bare_command_is_refused_and_writes_nothing(command, database):
    before = counts(database)
    result = manage(database, command)  # manage.py defaults DJANGO_DEBUG: that is not asking
    assert result.returncode != 0
    assert "asked for in so many words" in result.stderr
    assert "Nothing was written" in result.stderr
    assert counts(database) == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("value", ["0", "true", ""])
def test_anything_but_debug_1_is_refused(command, value, database):
    before = counts(database)
    result = manage(database, command, DJANGO_DEBUG=value, DJANGO_SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert counts(database) == before


def test_load_demo_data_runs_when_asked_for(database):
    result = manage(database, "load_demo_data", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "Demo data loaded" in result.stdout
    assert counts(database)["accounts_user"] > 0


def test_generate_demo_data_runs_when_asked_for(database):
    result = manage(
        database, "generate_demo_data", "--forces=1", "--cycles=1", "--seed=3", DJANGO_DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    assert counts(database)["improvements_action"] > 0


def test_manage_py_still_defaults_to_development_settings_for_everything_else(database):
    result = manage(database, "diffsettings", "--all")
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout


def test_only_an_explicit_debug_1_asks_for_demo_data():
    assert demo_data_asked_for({"DJANGO_DEBUG": "1"})
    assert not demo_data_asked_for({"DJANGO_DEBUG": "1", DEFAULTED_MARKER: "1"})
    assert not demo_data_asked_for({"DJANGO_DEBUG": "0"})
    assert not demo_data_asked_for({})
