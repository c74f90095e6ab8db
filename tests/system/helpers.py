"""Helpers of the system tests: a database of their own next to the suite's, and tdkt run as a program."""

import os
import subprocess
import sys

from django.conf import settings


def database_url(tmp_path, name: str, *, engine: str | None = None) -> str:
    """A fresh, empty database: a SQLite file in tmp_path, or a PostgreSQL database `name` on the suite's
    server (or on the local one when `engine="postgresql"` is asked for from a SQLite run)."""
    db = settings.DATABASES["default"]
    vendor = engine or ("sqlite" if db["ENGINE"].endswith("sqlite3") else "postgresql")
    if vendor == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    import psycopg

    if db["ENGINE"].endswith("sqlite3"):
        auth = "postgres:postgres@127.0.0.1:5432"
    else:
        auth = f"{db['USER']}:{db.get('PASSWORD') or ''}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    with psycopg.connect(f"postgresql://{auth}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://{auth}/{name}"


def tdkt_env(url: str, tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "system-test-secret-key-" + "x" * 40,
        "DATABASE_URL": url,
        "TDKT_VAR_DIR": str(tmp_path / "var"),
        "ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def tdkt(env: dict, *args, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tdkt.cli", *args], env=env, cwd=settings.BASE_DIR, check=check,
                          capture_output=True, text=True, **kwargs)  # fmt: skip


def python(env: dict, code: str, **kwargs) -> subprocess.Popen:
    """A Python process with Django set up, running `code` (its stdout is a pipe, line-buffered)."""
    prelude = "import django; django.setup()\n"
    return subprocess.Popen([sys.executable, "-u", "-c", prelude + code], env=env, cwd=settings.BASE_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)  # fmt: skip
