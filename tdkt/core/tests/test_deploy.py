"""`tdkt check --deploy --fail-level WARNING` is clean under the production settings, over plain HTTP
(the intranet default) and with HTTPS=1, on a migrated database (the test database); it fails when the audit
table's append-only triggers are missing or the audit key cannot be read (issue #14, finding 13)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from tdkt.audit.checks import check_append_only_triggers, check_audit_key
from tdkt.audit.db import drop_append_only_triggers


def _database_url() -> str:
    db = settings.DATABASES["default"]  # the test database once django_db_setup has run
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = f"{db['USER']}:{db.get('PASSWORD') or ''}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{auth}/{db['NAME']}"


def _deploy_check(https: str, **extra) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
        "HTTPS": https,
        "DATABASE_URL": _database_url(),
        **extra,
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests (conftest), never in deployment
    return subprocess.run(
        [sys.executable, "-m", "tdkt.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("https", ["0", "1"])
def test_the_deploy_check_is_clean(django_db_setup, https):
    result = _deploy_check(https)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_fails_without_the_audit_key(django_db_setup, tmp_path):
    result = _deploy_check("0", AUDIT_HMAC_KEY_FILE=str(tmp_path / "missing"))
    assert result.returncode != 0 and "audit.E002" in result.stderr and "Thiếu khóa ký nhật ký" in result.stderr


@pytest.mark.django_db
def test_the_deploy_check_fails_when_the_audit_triggers_are_missing():
    assert check_append_only_triggers() == [] and check_audit_key() == []
    drop_append_only_triggers(connection)  # inside the test's transaction: rolled back after
    errors = check_append_only_triggers()
    assert [e.id for e in errors] == ["audit.E001"] and "thiếu trigger audit_event_no_update" in errors[0].msg
    with pytest.raises(SystemCheckError, match="audit.E001"):
        call_command("check", "--deploy")


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "tdkt.cli", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
