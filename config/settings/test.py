"""Test settings: fast hashing, plain static files (live_server serves them via finders)."""

import os
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# Serve static files from the app folders (no collectstatic in tests; live_server needs them).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Imports run in the request in tests; browser tests switch to the background runner.
IMPORT_RUNNER = "inline"

# A file-backed SQLite test database (WAL, busy timeout) like production: the in-memory shared-cache
# database fails at once with "table is locked" when a background import writes while a page reads.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # TDKT_TEST_DB names another file, so that several test runs can share one checkout.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TDKT_TEST_DB") or str(VAR_DIR / "test-db.sqlite3")  # noqa: F405
    }

# One audit key for every test run of the checkout, made on first use; exported so that the tdkt processes the
# system tests start (production settings, their own var dir) sign with it too.
from tdkt.audit.keys import ensure_key_file  # noqa: E402

AUDIT_HMAC_KEY_FILE = ensure_key_file(
    Path(os.environ.setdefault("AUDIT_HMAC_KEY_FILE", str(VAR_DIR / "test-audit-hmac-key")))  # noqa: F405
)

# pytest-xdist workers (PYTEST_XDIST_WORKER=gw0, gw1…) each get their own media folder, as pytest-django
# gives each its own database.
PRIVATE_MEDIA_ROOT = VAR_DIR / (  # noqa: F405
    os.environ.get("TDKT_TEST_MEDIA", "test-private") + os.environ.get("PYTEST_XDIST_WORKER", "")
)

# Per-process cache in tests, emptied before each test (conftest); the shared table is tested on its own.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
}
