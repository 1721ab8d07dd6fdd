"""Settings for the app servers the two-server test starts: production settings, with only
what a test cannot have relaxed (plain static file storage, so no `collectstatic`; the test
users' fast password hash accepted beside the real one)."""

import os

from peel.settings import *  # noqa: F403
from peel.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]

# The daily job's mail goes to files (one directory per "server") when the test asks.
if os.environ.get("PEEL_TEST_MAIL_DIR"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ["PEEL_TEST_MAIL_DIR"]},
        }
    }
