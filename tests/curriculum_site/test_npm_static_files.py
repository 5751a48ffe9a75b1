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


def files_in(folder: Path) -> set[str]:
    """Every file under `folder`, as a path relative to it."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("address", NAMED_BY_THE_SITE)
def test_every_file_the_site_names_is_found_in_its_package(address):
    found = finders.find(address)

    assert found is not None, f"{address} is not served"
    assert Path(found).is_relative_to(NODE_MODULES)


# Files the packages have and the site does not serve, by address and by where they lie.
LEFT_OUT = {
    # Another build, the sources, the type declarations of a served package.
    "vendor/scorm-again/scorm-again.js": "scorm-again/dist/scorm-again.js",
    "vendor/scorm-again/esm/scorm12.js": "scorm-again/dist/esm/scorm12.js",
    "vendor/chart.js/chart.js": "chart.js/dist/chart.js",
    "vendor/chart.js/types.d.ts": "chart.js/dist/types.d.ts",
    "vendor/h5p-standalone/h5p.d.ts": "h5p-standalone/dist/h5p.d.ts",
    # Weights and alphabets the pages never use.
    "fonts/noto-sans-thai/files/noto-sans-thai-thai-100-normal.woff2": (
        "@fontsource/noto-sans-thai/files/noto-sans-thai-thai-100-normal.woff2"
    ),
    "fonts/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff": (
        "@fontsource/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff"
    ),
    "fonts/noto-sans-thai/index.css": "@fontsource/noto-sans-thai/index.css",
    "fonts/noto-sans-thai/package.json": "@fontsource/noto-sans-thai/package.json",
}


@pytest.mark.parametrize("address", LEFT_OUT)
def test_the_rest_of_a_package_is_not_served(address):
    assert (NODE_MODULES / LEFT_OUT[address]).is_file()  # there, and left out

    assert finders.find(address) is None
    assert finders.find(address, find_all=True) == []


@pytest.mark.parametrize(
    "address, target",
    [
        ("vendor/h5p-standalone/styles/../../../chart.js/dist/chart.js", "chart.js/dist/chart.js"),
        ("vendor/h5p-standalone/fonts/../../package.json", "h5p-standalone/package.json"),
        # An absolute name matching "*.LICENSE.txt".
        (
            f"vendor/h5p-standalone/{NODE_MODULES}/h5p-standalone/dist/main.bundle.js.LICENSE.txt",
            "h5p-standalone/dist/main.bundle.js.LICENSE.txt",
        ),
    ],
)
def test_a_name_that_leaves_its_package_is_not_served(address, target):
    """`*` in a pattern matches "/" and ".." too; such a name is refused all the same (the
    static files view and Django's own finders refuse it before, this one alone too)."""
    assert (NODE_MODULES / target).is_file()  # what the name would reach

    assert not NpmFilesFinder().find(address)
    assert NpmFilesFinder().find(address, find_all=True) == []


def test_collectstatic_takes_only_the_served_files_of_each_package(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path  # plain copies: the test settings' static storage

    call_command("collectstatic", "--noinput", verbosity=0)

    def collected(prefix):
        return files_in(tmp_path / prefix)

    assert collected("vendor/scorm-again") == {
        "scorm12.min.js",
        "scorm12.min.js.map",
        "scorm2004.min.js",
        "scorm2004.min.js.map",
    }
    assert collected("vendor/chart.js") == {"chart.umd.min.js", "chart.umd.min.js.map"}
    assert collected("fonts/noto-sans-thai") == {
        "LICENSE",
        "files/noto-sans-thai-thai-400-normal.woff2",
        "files/noto-sans-thai-thai-700-normal.woff2",
    }
    assert collected("fonts/noto-sans-myanmar") == {
        "LICENSE",
        "files/noto-sans-myanmar-myanmar-400-normal.woff2",
        "files/noto-sans-myanmar-myanmar-700-normal.woff2",
    }
    # The H5P player's bundles with the styles, fonts and images they name: all of its
    # folder but the type declarations.
    published = files_in(NODE_MODULES / "h5p-standalone/dist")
    assert collected("vendor/h5p-standalone") == published - {"h5p.d.ts"}
    assert "fonts/h5p-core-30.woff2" in published


def test_collectstatic_ignores_here_what_it_ignores_elsewhere(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path

    call_command("collectstatic", "--noinput", "--ignore", "inter", verbosity=0)

    fonts = tmp_path / "vendor/h5p-standalone/fonts"
    assert (fonts / "h5p-core-30.woff2").is_file()
    assert not (fonts / "inter").exists()


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
