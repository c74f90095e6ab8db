"""Project-level guarantees: migrations in sync, assets vendored, no CDN, production refuses bad config."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.min.css.map",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/bootstrap/bootstrap.bundle.min.js.map",
        "vendor/htmx/htmx.min.js",
        "vendor/chartjs/chart.umd.min.js",
        "vendor/chartjs/chart.umd.min.js.map",
    ],
)
def test_front_end_assets_are_vendored(path):
    assert (ROOT / "tdkt" / "static" / path).stat().st_size > 1000


def test_htmx_is_pinned_to_2_0():
    head = (ROOT / "tdkt/static/vendor/htmx/htmx.min.js").read_text()[:20000]
    assert re.search(r'version:"2\.0\.\d+"', head)


def test_templates_load_nothing_from_the_internet():
    pattern = re.compile(r"""(src|href)=["']https?://""")
    offenders = [str(p) for p in ROOT.joinpath("tdkt").rglob("*.html") if pattern.search(p.read_text())]
    assert offenders == []


def _run_production_check(env_extra: dict) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production", **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "tdkt.cli", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = _run_production_check({"TDKT_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_start_with_a_secret_key(tmp_path):
    result = _run_production_check({"TDKT_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 60})
    assert result.returncode == 0, result.stderr
