"""The app server's configuration and the evidence storage, as the environment sets them."""

import runpy
from pathlib import Path

import gunicorn.http.wsgi

from peel.storage import evidence_storage

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_gunicorn_takes_its_workers_and_address_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setattr(gunicorn.http.wsgi, "SERVER", "gunicorn")
    conf = runpy.run_path(str(CONF))
    assert conf["workers"] == 3
    assert conf["bind"] == "0.0.0.0:9000"
    assert conf["wsgi_app"] == "peel.wsgi:application"
    # gunicorn's Server header no longer names it (tests/servers checks a live response).
    assert "gunicorn" not in gunicorn.http.wsgi.SERVER


def test_gunicorn_defaults_to_loopback_and_two_workers_per_core(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    conf = runpy.run_path(str(CONF))
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == 5


def test_evidence_stays_in_a_local_directory_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DJANGO_EVIDENCE_S3_BUCKET", raising=False)
    storage = evidence_storage(tmp_path)
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"] == {"location": tmp_path, "base_url": None}


def test_evidence_goes_to_a_private_bucket_when_one_is_configured(monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_EVIDENCE_S3_BUCKET", "peel-evidence")
    monkeypatch.setenv("DJANGO_EVIDENCE_S3_ENDPOINT_URL", "https://objects.example.org")
    monkeypatch.setenv("DJANGO_EVIDENCE_S3_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("DJANGO_EVIDENCE_S3_SECRET_ACCESS_KEY", "secret")
    storage = evidence_storage(tmp_path)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "peel-evidence"
    assert options["endpoint_url"] == "https://objects.example.org"
    assert options["access_key"] == "key"
    assert options["secret_key"] == "secret"
    assert options["default_acl"] is None  # private objects
    assert options["file_overwrite"] is False  # nothing is ever replaced
    assert options["querystring_expire"] == 60
