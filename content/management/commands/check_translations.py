"""Fail when an interface catalogue is behind the code or has an untranslated entry.

    python manage.py check_translations

1. Extracts the strings from the code and templates again (Django's `makemessages`,
   which needs GNU gettext's xgettext, as `make messages` does) in a copy of the source
   tree, and names every string the committed catalogues lack: someone added text
   without running `make messages`. The committed catalogues are only read.
2. Names every entry that is untranslated or fuzzy in fr, pt, id, th, vi and my.

Run by `make check`, so CI fails instead of a reader meeting English (issue 15).
"""

import contextlib
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

LANGUAGES = ["fr", "pt", "id", "th", "vi", "my"]
# What `make messages` leaves out: third-party code, the tests, generated folders.
IGNORED = ["node_modules", "tests", "*.egg-info", "build", "media", "static_collected", ".venv"]
# Not copied for the extraction either: no interface strings in them (makemessages skips
# hidden folders too), and some are written by other CI stages during the copy (.hypothesis,
# .ruff_cache).
NOT_SOURCE = [".*", "__pycache__", "test-artifacts", "private_media", "*.mo"]


def catalogue_problems(locale_dir: Path) -> list[str]:
    """Untranslated and fuzzy entries of each language's catalogue under `locale_dir`."""
    problems = []
    for language in LANGUAGES:
        path = locale_dir / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            problems.append(f"{path}: missing.")
            continue
        po = polib.pofile(str(path))
        for entry in po.untranslated_entries():
            problems.append(f"{path}:{entry.linenum}: untranslated: “{entry.msgid[:70]}”")
        for entry in po.fuzzy_entries():
            problems.append(f"{path}:{entry.linenum}: fuzzy: “{entry.msgid[:70]}”")
    return problems


def _keys(path: Path) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}


class Command(BaseCommand):
    help = "Fail when a catalogue lacks strings of the code, or has untranslated entries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Only look for untranslated and fuzzy entries (no xgettext needed).",
        )

    def handle(self, *args, no_extract=False, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        problems = [] if no_extract else self._missing_strings(locale_dir)
        problems += catalogue_problems(locale_dir)
        if problems:
            shown = problems[:50] + ([f"… and {len(problems) - 50} more."] if problems[50:] else [])
            raise CommandError(
                "The interface catalogues are not complete:\n  "
                + "\n  ".join(shown)
                + "\nRun `make messages`, translate the new entries, and commit the catalogues."
            )
        self.stdout.write(self.style.SUCCESS("Every catalogue is complete and up to date."))

    def _missing_strings(self, locale_dir: Path) -> list[str]:
        if shutil.which("xgettext") is None:
            raise CommandError("GNU gettext's xgettext is needed (Debian: apt install gettext).")
        # makemessages writes into the catalogues it finds beside the code, whatever the
        # settings say. It runs in a copy of the source tree, so the committed catalogues are
        # never touched: a test run started meanwhile (CI runs the checks beside the suites,
        # decision 0024) or an editor holding a catalogue open sees them as they are.
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "source"
            shutil.copytree(
                settings.BASE_DIR,
                copy,
                ignore=shutil.ignore_patterns(*IGNORED, *NOT_SOURCE),
                symlinks=True,
            )
            copied_locale_dir = copy / locale_dir.relative_to(settings.BASE_DIR)
            # makemessages walks the current directory.
            with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[copied_locale_dir]):
                call_command("makemessages", locale=LANGUAGES, ignore_patterns=IGNORED, verbosity=0)
            problems = []
            for language in LANGUAGES:
                relative = Path(language) / "LC_MESSAGES" / "django.po"
                missing = _keys(copied_locale_dir / relative) - _keys(locale_dir / relative)
                problems += [
                    f"{locale_dir / relative}: not in the catalogue: “{msgid[:70]}”"
                    for _context, msgid in sorted(missing, key=lambda key: key[1])
                ]
            return problems
