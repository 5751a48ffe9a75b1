"""Production settings read every secret from the environment and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each test starts Python with the production settings and their own DATABASE_URL: the same
# run whichever database the suite is on, so CI runs them in the SQLite suite only.
pytestmark = pytest.mark.database_independent


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="curriculum_site.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": "x7#kq!" + "a9Zt3vLm2PqR8sWn4YcB6dFh1JgK5eUo0iXy" * 2,
    "ALLOWED_HOSTS": "backpack.example.org",
    "DATABASE_URL": "postgres://backpack@127.0.0.1:5432/backpack",
}


def test_check_deploy_prints_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV, SECRET_KEY="")

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
