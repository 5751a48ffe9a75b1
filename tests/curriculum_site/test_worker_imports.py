"""A web worker under the production settings does not load the spreadsheet and geometry libraries
until a request needs them, nor Wagtail's v3 API, which is not served (issue 19: ~65 and
~11 MiB per worker; decision 0025), nor pillow-heif and pydantic until a HEIF image or
Wagtail's public-pages queryset is met (14 MiB together; decision 0037, fifth pass), and
what those modules did still works."""

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

# Loaded when first needed: pillow-heif (curriculum_site/image_formats.py) and pydantic
# (curriculum_site/wagtail_apps.py, Wagtail's validators).
HEAVY_ON_FIRST_USE = ("pillow_heif", "_pillow_heif", "pydantic", "pydantic_core")

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
        # Loaded on first use (decision 0037, fifth pass).
        "pillow_heif", "_pillow_heif", "pydantic", "pydantic_core",
    )
    if type(sys.modules.get(name)) is types.ModuleType
]
print(json.dumps(loaded))
"""


def production_environment(tmp_path) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return environment | {
        "DJANGO_SETTINGS_MODULE": "curriculum_site.settings.production",
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }


def run_in_a_worker(script: str, tmp_path, *args: str) -> list:
    """What `script` prints last (JSON), run in a new process under production settings."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_production_worker_starts_without_the_heavy_libraries(tmp_path):
    environment = production_environment(tmp_path)

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


# --- After serving the public pages (decision 0037, fifth pass) ---------------------------

WATCHED = (
    "pandas",
    "openpyxl",
    "numpy",
    "shapely",
    "pyproj",
    "ninja",
    "wagtail.api.v3.api",
    *HEAVY_ON_FIRST_USE,
)


# Committed: the pages are served by a worker process under the production settings, as
# `manage.py benchmark_speed` serves them, reading this test's database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_serving_the_public_pages_does_not_load_the_heavy_libraries():
    from content.management.commands.benchmark_speed import Command

    command = Command()
    spec = command._seed({"modules": 3, "requests": 1, "groups": 0, "profile": ""})
    spec["watch"] = WATCHED

    served = command._pages(spec, {"in_process": False, "cache_url": ""})

    # The module page and the backpack list, anonymous and signed in, were served.
    assert [row["name"] for row in served["rows"]][1:] == [
        "module page, anonymous",
        "backpack list, anonymous",
        "module page, signed in",
    ]
    assert served["loaded"] == []


# --- HEIF still opens and saves, pillow-heif loaded then ----------------------------------

HEIF = """
import io, json, sys
import django
django.setup()
from PIL import Image
import willow

def loaded():
    return "pillow_heif" in sys.modules

report = {"at start": loaded()}
jpeg = io.BytesIO()
Image.new("RGB", (12, 8), "green").save(jpeg, "JPEG")
with Image.open(io.BytesIO(jpeg.getvalue())) as image:
    report["jpeg"] = [image.format, list(image.size)]
report["jpeg size by Willow"] = list(willow.Image.open(io.BytesIO(jpeg.getvalue())).get_size())
report["after a JPEG"] = loaded()
report["heif extensions"] = sorted(
    extension for extension, name in Image.registered_extensions().items() if name == "HEIF"
)
if sys.argv[1] == "open":
    heic = open(sys.argv[2], "rb").read()
    with Image.open(io.BytesIO(heic)) as image:
        image.load()
        report["heic"] = [image.format, list(image.size), image.getpixel((0, 0))]
    report["heic by Willow"] = [
        willow.Image.open(io.BytesIO(heic)).format_name,
        list(willow.Image.open(io.BytesIO(heic)).get_size()),
    ]
    # A session photo is checked by Pillow (training_delivery/services.py).
    from training_delivery.services import _decodes_as_image
    report["decodes as image"] = _decodes_as_image(io.BytesIO(heic))
else:
    # A `format-heic` rendition: Willow saves through Pillow.
    png = io.BytesIO()
    Image.new("RGB", (12, 8), "green").save(png, "PNG")
    saved = io.BytesIO()
    willow.Image.open(png).save_as_heic(saved)
    with Image.open(io.BytesIO(saved.getvalue())) as image:
        report["saved heic"] = [image.format, list(image.size)]
report["at the end"] = loaded()
print(json.dumps(report))
"""


def test_a_heic_photo_opens_in_a_worker_which_loads_pillow_heif_only_then(tmp_path):
    # Made in this process, with pillow-heif's own registration.
    from PIL import Image
    from pillow_heif import HeifImagePlugin  # noqa: F401

    heic = tmp_path / "photo.heic"
    Image.new("RGB", (24, 16), (200, 10, 10)).save(heic, "HEIF", quality=-1)

    report = run_in_a_worker(HEIF, tmp_path, "open", str(heic))

    assert report["at start"] is False
    assert report["jpeg"] == ["JPEG", [12, 8]]
    assert report["jpeg size by Willow"] == [12, 8]
    assert report["after a JPEG"] is False  # a JPEG never loads it
    assert report["heif extensions"] == [".heic", ".heics", ".heif", ".heifs", ".hif"]
    assert report["heic"][:2] == ["HEIF", [24, 16]]
    red, green, blue = report["heic"][2]
    assert red > 150 and green < 60 and blue < 60
    assert report["heic by Willow"] == ["heic", [24, 16]]
    assert report["decodes as image"] is True
    assert report["at the end"] is True


def test_a_heic_rendition_is_saved_in_a_worker_which_loads_pillow_heif_only_then(tmp_path):
    report = run_in_a_worker(HEIF, tmp_path, "save")

    assert report["at start"] is False
    assert report["after a JPEG"] is False
    assert report["saved heic"] == ["HEIF", [12, 8]]
    assert report["at the end"] is True


# --- Wagtail's API querysets, with pydantic loaded on first use ---------------------------


@pytest.mark.django_db
def test_wagtail_s_public_pages_queryset_still_filters_by_site(rf, backpack):
    from wagtail.api import validators
    from wagtail.api.querysets import get_public_pages_queryset
    from wagtail.models import Page

    pages = get_public_pages_queryset(rf.get("/", SERVER_NAME="localhost"))
    assert Page.objects.get(pk=backpack.pk) in pages
    # The real validators (pydantic) were used, and refuse an unknown site as before.
    assert validators.SiteFilterValidator.__module__ == "wagtail.api.validators"
    with pytest.raises(Exception, match="No Site matches"):
        get_public_pages_queryset(rf.get("/", {"site": "elsewhere.example"}))


@pytest.mark.django_db
def test_the_admin_explorer_s_api_still_lists_pages(client, superuser, backpack):
    client.force_login(superuser)

    response = client.get("/admin/api/main/pages/", {"child_of": backpack.get_parent().pk})

    assert response.status_code == 200
    assert backpack.pk in [item["id"] for item in response.json()["items"]]
