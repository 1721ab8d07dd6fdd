"""Two gunicorn app servers on one PostgreSQL database and one S3-compatible object store.

Production runs several stateless app servers; this starts two (ports 8116 and 8126) on the
test database, with evidence in a bucket of an S3-compatible server (moto's server mode:
started by `.ci/run`, whose address is in PEEL_TEST_S3_ENDPOINT, or started here), and
shows that nothing a user does depends on which server answers.

Runs on PostgreSQL only (SQLite is one file for one server); skipped otherwise.
"""

from __future__ import annotations

import datetime
import email
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from improvements.models import Action, Evidence
from tests.factories import ActionFactory, FindingFactory, InspectionFactory, UserFactory
from tests.servers.http import Browser

ROOT = Path(__file__).resolve().parents[2]
PORTS = (8116, 8126)
S3_PORT = 9106
BUCKET = "peel-evidence-test"
PASSWORD = "pw-for-tests"  # tests/factories.UserFactory
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _wait(url: str, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer {url}")


@pytest.fixture(scope="module")
def s3_endpoint():
    """The S3-compatible server: .ci/run's, or one started here from moto's package."""
    given = os.environ.get("PEEL_TEST_S3_ENDPOINT")
    if given:
        yield given
        return
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if server is None:
        pytest.skip("no S3-compatible server: install the dev group (moto[server])")
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(S3_PORT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{S3_PORT}"
    try:
        _wait(endpoint + "/moto-api/", process, "moto_server")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def bucket(s3_endpoint):
    import boto3

    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="test",
        aws_secret_access_key="test", region_name="us-east-1",
    )  # fmt: skip
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if BUCKET not in existing:
        client.create_bucket(Bucket=BUCKET)
    return client


#: The servers' environment (settings from the environment, as in production).
ENVIRONMENT: dict[str, str] = {}


def servers_environment() -> dict[str, str]:
    return dict(ENVIRONMENT)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, s3_endpoint, bucket):
    """Two gunicorn servers on the test database, production settings, evidence in S3."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    ENVIRONMENT.clear()
    ENVIRONMENT.update(
        {
            **os.environ,
            "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": "0",
            "DJANGO_SETTINGS_MODULE": "tests.servers.server_settings",
            "PYTHONPATH": str(ROOT),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "two-servers-test-secret-shared-by-both",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_BEHIND_TLS_PROXY": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_EVIDENCE_S3_BUCKET": BUCKET,
            "DJANGO_EVIDENCE_S3_ENDPOINT_URL": s3_endpoint,
            "DJANGO_EVIDENCE_S3_ACCESS_KEY_ID": "test",
            "DJANGO_EVIDENCE_S3_SECRET_ACCESS_KEY": "test",
            "DJANGO_EVIDENCE_S3_REGION": "us-east-1",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "",
        }
    )
    env = servers_environment()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = []
    try:
        for port in PORTS:
            process = subprocess.Popen(
                [gunicorn, "-c", "gunicorn.conf.py"],
                cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            processes.append(process)
        for port, process in zip(PORTS, processes, strict=True):
            _wait(f"http://127.0.0.1:{port}/healthz", process, f"gunicorn on {port}")
        yield PORTS
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.fixture
def people(reference_data):
    from accounts.models import Role
    from inspections.models import Force

    cambs = Force.objects.get(slug="cambridgeshire")
    owner = UserFactory(username="owner", role=Role.FORCE_LEAD, force=cambs)
    colleague = UserFactory(username="colleague", role=Role.FORCE_LEAD, force=cambs)
    finding = FindingFactory(inspection=InspectionFactory(force=cambs))
    action = ActionFactory(
        finding=finding,
        owner=owner,
        status="in_progress",
        due_date=datetime.date.today() + datetime.timedelta(days=60),  # noqa: DTZ011
    )
    return owner, colleague, action


def test_both_servers_answer_the_health_check_without_naming_their_software(servers):
    for port in servers:
        answer = Browser().get(port, "/healthz")
        assert answer.status == 200
        assert b'"status": "ok"' in answer.body
        assert "gunicorn" not in answer.headers.get("Server", "").lower()
        assert "Set-Cookie" not in answer.headers


def test_a_session_started_on_one_server_works_on_the_other(servers, people):
    first, second = servers
    browser = Browser()
    signed_in = browser.sign_in(first, "owner", PASSWORD)
    assert signed_in.status == 302
    page = browser.get(second, "/my-actions/")
    assert page.status == 200
    assert "Sign out" in page.text
    assert "private" in page.headers["Cache-Control"]
    assert Browser().get(second, "/my-actions/").status == 302  # and without it, sign in


def test_evidence_uploaded_through_one_server_downloads_through_the_other(servers, people, bucket):
    first, second = servers
    _owner, _colleague, action = people
    uploader, reader = Browser(), Browser()
    uploader.sign_in(first, "owner", PASSWORD)
    reader.sign_in(second, "colleague", PASSWORD)
    uploader.get(first, f"/actions/{action.pk}/")
    answer = uploader.post_file(
        first,
        f"/actions/{action.pk}/evidence/",
        {"evidence-description": "Training plan", "evidence-kind": "file"},
        "evidence-file",
        "plan.pdf",
        PDF,
    )
    assert answer.status == 302, answer.text[:2000]
    evidence = Evidence.objects.get(action=action)
    # In the bucket, not on either server's disk.
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert any(key.endswith(evidence.file.name) for key in keys)
    download = reader.get(second, f"/evidence/{evidence.pk}/download/")
    assert download.status == 200
    assert download.body == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    # Still only after the permission check: signed out, the other server sends to sign-in.
    assert Browser().get(second, f"/evidence/{evidence.pk}/download/").status == 302


def test_two_conflicting_edits_through_the_two_servers_give_one_winner_and_one_409(servers, people):
    first, second = servers
    _owner, _colleague, action = people
    one, two = Browser(), Browser()
    one.sign_in(first, "owner", PASSWORD)
    two.sign_in(second, "colleague", PASSWORD)
    version = Action.objects.get(pk=action.pk).version
    for browser, port in ((one, first), (two, second)):
        assert browser.get(port, f"/actions/{action.pk}/").status == 200

    def edit(args):
        browser, port, progress = args
        return browser.post(
            port,
            f"/actions/{action.pk}/update/",
            {"update-progress": progress, "update-note": "", "update-version": version},
        ).status

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(edit, [(one, first, 30), (two, second, 70)]))
    assert statuses == [302, 409]
    action.refresh_from_db()
    assert action.version == version + 1
    assert action.progress in (30, 70)


def _daily_job_available() -> bool:
    from django.core.management import get_commands

    return "send_notifications" in get_commands()


def _mails(directory: Path) -> list[tuple[str, str]]:
    """(to, subject) of every message the file backend wrote in `directory`."""
    found = []
    for path in directory.iterdir():
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                message = email.message_from_string(text.strip())
                found.append((message["To"], message["Subject"]))
    return found


@pytest.mark.skipif(
    not _daily_job_available(),
    reason="the daily job (`send_notifications`, branch notify) is not on this branch yet",
)
def test_the_daily_job_run_on_both_servers_at_once_sends_each_mail_once(servers, people, tmp_path):
    from accounts.models import Role
    from inspections.models import Force

    _owner, _colleague, action = people
    cambs = Force.objects.get(slug="cambridgeshire")
    today = datetime.date.today()  # noqa: DTZ011 (the job's --date)
    for n in range(10):
        lead = UserFactory(username=f"lead{n}", role=Role.FORCE_LEAD, force=cambs)
        ActionFactory(
            finding=action.finding, owner=lead, due_date=today + datetime.timedelta(days=3)
        )
        ActionFactory(
            finding=action.finding, owner=lead, due_date=today - datetime.timedelta(days=3)
        )
    directories = [tmp_path / "server-1", tmp_path / "server-2"]
    jobs = []
    for directory in directories:
        directory.mkdir()
        env = {**servers_environment(), "PEEL_TEST_MAIL_DIR": str(directory)}
        jobs.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "send_notifications", "--date", today.isoformat()],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    for job in jobs:
        _out, errors = job.communicate(timeout=120)
        assert job.returncode == 0, errors.decode()[-2000:]
    mails = [m for directory in directories for m in _mails(directory)]
    to_leads = [m for m in mails if m[0] and m[0].startswith("lead")]
    assert len(to_leads) >= 20  # each lead's two actions were reminded of
    assert len(mails) == len(set(mails))  # and no mail was sent twice
