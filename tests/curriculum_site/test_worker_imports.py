"""A web worker under the production settings does not load the spreadsheet and geometry libraries
until a request needs them (issue 19: ~65 MiB per worker; decision 0025)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A subprocess with settings and a database of its own (decision 0024).
pytestmark = pytest.mark.database_independent

ROOT = Path(__file__).resolve().parents[2]

LOADED = """
import json, sys, types
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as a worker's first request imports them
from curriculum_site.wsgi import application
# A module imported lazily (curriculum_site/lazy_modules.py) is listed but not yet run:
# its type becomes a plain module only once it is loaded.
loaded = [
    name
    for name in ("pandas", "openpyxl", "numpy", "shapely", "pyproj")
    if type(sys.modules.get(name)) is types.ModuleType
]
print(json.dumps(loaded))
"""


def test_a_production_worker_starts_without_the_heavy_libraries(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "curriculum_site.settings.production",
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }

    result = subprocess.run(
        [sys.executable, "-c", LOADED],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
