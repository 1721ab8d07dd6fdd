"""Settings for the benchmark: the production settings, with the database from DATABASE_URL.

Only what a benchmark cannot have is relaxed: a real secret, built static files (the
manifest storage needs `collectstatic`), and a host name for Django's test client.
Requests are made over HTTPS (`secure=True`) so the production redirect does not apply.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from peel.settings import *  # noqa: F403
from peel.settings import STORAGES

ROOT_URLCONF = "bench.urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
