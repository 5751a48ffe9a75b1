"""The front-end files the site takes from npm packages: only those it serves.

The packages come from the npm registry at set-up (never committed) into node_modules.
Served whole (as STATICFILES_DIRS entries), each brought along everything its authors
publish: the SCORM runtime 436 files for the two the player loads, Chart.js its ES
modules, CommonJS builds and type declarations, each font every weight and alphabet. All
of it was collected, hashed and compressed twice (gzip and Brotli) at each deployment, and
offered at a public address. `NPM_STATIC_FILES` (settings) names, per package, the folder
it is served from, the address prefix, and the files served (shell patterns, relative to
the folder); this finder serves those and nothing else, at the addresses the whole folders
had (decision 0024, tenth pass).

A pattern that matches nothing (a file renamed by a new release of the package) is
reported by `manage.py check`, which CI fails on, rather than found missing on a page.
"""

from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.utils import get_files
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage


class NpmFilesFinder(finders.BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.packages = []
        for prefix, (folder, patterns) in settings.NPM_STATIC_FILES.items():
            storage = FileSystemStorage(location=folder)
            storage.prefix = prefix  # collectstatic writes under it, as for STATICFILES_DIRS
            self.packages.append((prefix, Path(folder), tuple(patterns), storage))

    def check(self, **kwargs):
        problems = []
        for prefix, folder, patterns, storage in self.packages:
            if not folder.is_dir():
                problems.append(
                    Warning(
                        f"{folder} is missing: the files served under /{prefix}/ come from "
                        "the npm registry (`make setup` runs `npm ci`).",
                        id="curriculum_site.W001",
                    )
                )
                continue
            files = list(get_files(storage))
            for pattern in patterns:
                if not any(fnmatchcase(name, pattern) for name in files):
                    problems.append(
                        Warning(
                            f"No file of {folder} matches {pattern!r}, listed in "
                            f"NPM_STATIC_FILES for /{prefix}/: was it renamed by a new "
                            "release of the package?",
                            id="curriculum_site.W002",
                        )
                    )
        return problems

    def find(self, path, find_all=False, **kwargs):
        if kwargs:  # Django 5.2's deprecated `all=`, as its own finders take it
            find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)
        found = []
        for prefix, folder, patterns, _storage in self.packages:
            if folder not in finders.searched_locations:
                finders.searched_locations.append(folder)  # shown by `findstatic -v 2`
            name = path.removeprefix(f"{prefix}/")
            if name == path or not _served(name, patterns) or _outside(name):
                continue
            candidate = folder / name
            if candidate.is_file():
                if not find_all:
                    return str(candidate)
                found.append(str(candidate))
        return found

    def list(self, ignore_patterns):
        for _prefix, folder, patterns, storage in self.packages:
            if not folder.is_dir():
                continue
            # Django's own walk, so `collectstatic -i` ignores here what it ignores elsewhere.
            for name in sorted(get_files(storage, ignore_patterns)):
                if _served(name, patterns):
                    yield name, storage


def _served(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)


def _outside(name: str) -> bool:
    """A name that leaves its package's folder: `*` in a pattern matches "/" and "..", so
    "styles/../../x" or "/etc/x.LICENSE.txt" would match one (Django's own finders refuse
    such names with safe_join; the static files view normalises them before)."""
    return name.startswith("/") or ".." in PurePosixPath(name).parts
