"""`tdkt check --deploy --fail-level WARNING` is clean under the production settings, over plain HTTP
(the intranet default) and with HTTPS=1."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.parametrize("https", ["0", "1"])
def test_the_deploy_check_is_clean(https):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
        "HTTPS": https,
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests (conftest), never in deployment
    result = subprocess.run(
        [sys.executable, "-m", "tdkt.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "tdkt.cli", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
