"""The front-end files taken from npm packages: those the site serves, and only those
(curriculum_site/npm_static_files.py)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from curriculum_site.npm_static_files import NpmFilesFinder

# Every file of an npm package the site's code and templates name, by the address it is
# served at (h5p/serving.py, scorm/serving.py, the chart templates, the script fonts).
NAMED_BY_THE_SITE = [
    "vendor/h5p-standalone/main.bundle.js",
    "vendor/h5p-standalone/frame.bundle.js",
    "vendor/h5p-standalone/styles/h5p.css",
    "vendor/scorm-again/scorm12.min.js",
    "vendor/scorm-again/scorm2004.min.js",
    "vendor/chart.js/chart.umd.min.js",
    "fonts/noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff2",
    "fonts/noto-sans-thai/files/noto-sans-thai-thai-700-normal.woff2",
    "fonts/noto-sans-myanmar/files/noto-sans-myanmar-myanmar-400-normal.woff2",
    "fonts/noto-sans-myanmar/files/noto-sans-myanmar-myanmar-700-normal.woff2",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"


@pytest.mark.parametrize("address", NAMED_BY_THE_SITE)
def test_every_file_the_site_names_is_found_in_its_package(address):
    found = finders.find(address)

    assert found is not None, f"{address} is not served"
    assert Path(found).is_relative_to(NODE_MODULES)


@pytest.mark.parametrize(
    "address",
    [
        # Another build, the sources, the type declarations of a served package.
        "vendor/scorm-again/scorm-again.js",
        "vendor/scorm-again/esm/scorm12.js",
        "vendor/chart.js/chart.js",
        "vendor/chart.js/types.d.ts",
        "vendor/h5p-standalone/h5p.d.ts",
        # Weights and alphabets the pages never use.
        "fonts/noto-sans-thai/files/noto-sans-thai-thai-100-normal.woff2",
        "fonts/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff",
        "fonts/noto-sans-thai/index.css",
        "fonts/noto-sans-thai/package.json",
    ],
)
def test_the_rest_of_a_package_is_not_served(address):
    assert finders.find(address) is None
    assert finders.find(address, find_all=True) == []


@pytest.mark.parametrize(
    "address",
    [
        "vendor/h5p-standalone/styles/../../../chart.js/dist/chart.js",
        "vendor/h5p-standalone/fonts/../../package.json",
    ],
)
def test_a_name_that_climbs_out_of_a_package_is_not_served(address):
    """`*` in a pattern matches "/" and ".." too; such a name is refused all the same (the
    static files view and Django's own finders refuse it before, this one alone too)."""
    name = address.removeprefix("vendor/h5p-standalone/")
    assert (NODE_MODULES / "h5p-standalone/dist" / name).is_file()  # it exists

    assert not NpmFilesFinder().find(address)
    assert NpmFilesFinder().find(address, find_all=True) == []


def test_the_packages_files_still_exist_as_the_served_ones_name_them():
    """A package's other files are left out, not missing: the test above means something."""
    assert (NODE_MODULES / "scorm-again/dist/scorm-again.js").is_file()
    assert (NODE_MODULES / "@fontsource/noto-sans-thai/files").is_dir()


def test_collectstatic_takes_only_the_served_files_of_each_package(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0)

    collected = {
        path.relative_to(tmp_path).as_posix()
        for prefix in settings.NPM_STATIC_FILES
        for path in (tmp_path / prefix).rglob("*")
        if path.is_file()
    }
    assert set(NAMED_BY_THE_SITE) <= collected
    assert {name.split("/", 2)[1] for name in collected} == {
        "noto-sans-thai",
        "noto-sans-myanmar",
        "chart.js",
        "h5p-standalone",
        "scorm-again",
    }
    assert {name for name in collected if name.startswith("vendor/scorm-again/")} == {
        "vendor/scorm-again/scorm12.min.js",
        "vendor/scorm-again/scorm12.min.js.map",
        "vendor/scorm-again/scorm2004.min.js",
        "vendor/scorm-again/scorm2004.min.js.map",
    }
    assert {name for name in collected if name.startswith("fonts/noto-sans-thai/")} == {
        "fonts/noto-sans-thai/LICENSE",
        "fonts/noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff2",
        "fonts/noto-sans-thai/files/noto-sans-thai-thai-700-normal.woff2",
    }
    # What the H5P player's style sheet names comes with it.
    assert "vendor/h5p-standalone/fonts/h5p-core-30.woff2" in collected
    assert "vendor/h5p-standalone/h5p.d.ts" not in collected


def test_a_renamed_or_missing_file_is_reported_by_the_checks(settings, tmp_path):
    settings.NPM_STATIC_FILES = {
        "vendor/chart.js": (NODE_MODULES / "chart.js/dist", ["chart.umd.min.js", "chart.old.js"]),
        "vendor/gone": (tmp_path / "not-installed", ["*.js"]),
    }

    problems = NpmFilesFinder().check()

    assert [(problem.id, problem.level) for problem in problems] == [
        ("curriculum_site.W002", 30),
        ("curriculum_site.W001", 30),
    ]
    assert "'chart.old.js'" in problems[0].msg and "/vendor/chart.js/" in problems[0].msg
    assert "not-installed is missing" in problems[1].msg and "npm ci" in problems[1].msg


def test_the_settings_list_nothing_that_is_missing():
    assert NpmFilesFinder().check() == []
