"""A web worker under the production settings does not load the spreadsheet and geometry libraries
until a request needs them, nor Wagtail's v3 API, which is not served (issue 19: ~65 and
~11 MiB per worker; decision 0025)."""

import json
import os
import subprocess
import sys
import weakref
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
    for name in (
        "pandas", "openpyxl", "numpy", "shapely", "pyproj",
        # Wagtail's v3 API (curriculum_site/wagtail_apps.py): django-ninja and its routers.
        "ninja", "wagtail.api.v3.api", "wagtail.contrib.redirects.api.v3",
        "wagtail.images.api.v3.router", "wagtail.documents.api.v3.router",
        "wagtail.snippets.api.v3.router",
    )
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


def test_wagtail_s_apps_still_register_what_they_did_without_the_v3_api():
    """The apps of curriculum_site/wagtail_apps.py run Wagtail's own ready(): its signal
    handlers, permission policies and reference index registrations are all there."""
    from wagtail.contrib.redirects.signal_handlers import (
        autocreate_redirects_on_page_move,
        autocreate_redirects_on_slug_change,
    )
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models.reference_index import ReferenceIndex
    from wagtail.signals import page_slug_changed, post_page_move

    def receivers(signal):
        found = {entry[1] for entry in signal.receivers}
        return {r() if isinstance(r, weakref.ReferenceType) else r for r in found}

    assert autocreate_redirects_on_page_move in receivers(post_page_move)
    assert autocreate_redirects_on_slug_change in receivers(page_slug_changed)
    assert ReferenceIndex.is_indexed(get_image_model())
    assert ReferenceIndex.is_indexed(get_document_model())
