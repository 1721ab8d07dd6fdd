"""Production settings are secure by default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="peel.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="peel.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_nonsense_boolean_fails_loudly():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_demo_data_is_refused_in_production():
    result = run_manage(
        "load_demo_data",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="peel.example.org",
    )
    assert result.returncode != 0
    assert "never in production" in result.stderr


def test_every_app_server_counts_limits_in_one_shared_cache():
    """Rate limits and API throttling must hold across servers: the production cache is a
    table in the database, not each process's memory."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.API_THROTTLE_CACHE, sorted(s.CACHES), "
        "s.CACHES['pages']['BACKEND'], s.CACHES['default']['LOCATION'], "
        "s.CACHES['pages']['LOCATION'])",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "peel.db_cache.DatabaseCache",
        "default",
        "['default',",
        "'pages']",
        # Kept pages too, in a table of their own: culling them never drops a counter.
        "peel.db_cache.DatabaseCache",
        "peel_cache",
        "peel_page_cache",
    ]
