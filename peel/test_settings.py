"""Settings for the test suite: production settings with test conveniences.

Starting from the production settings (DEBUG off) keeps the tests honest about what runs
in production; only what tests cannot have (HTTPS, a real secret) is relaxed here.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_DEBUG", "0")

from peel.settings import *  # noqa: F403
from peel.settings import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EVIDENCE_ROOT = tempfile.mkdtemp(prefix="peel-evidence-")
STATIC_ROOT = tempfile.mkdtemp(prefix="peel-static-")
STORAGES = {
    **STORAGES,
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EVIDENCE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Rate limits and API request limits: counted in memory, and cleared before every test
# (tests/conftest.py), so a test never depends on another; the throttling tests set their
# own low rates.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
