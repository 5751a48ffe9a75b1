"""Compile the interface catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a bare machine (the
README asks only for Python, Node and make) does not have. polib, which
wagtail-localize already installs for its PO files, writes the same .mo files in pure
Python. The .mo files are built at set-up, never committed.
"""

import os
import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdfr%]|\{[^}]*\}")


def _problem(source, entry, found, expected) -> str:
    return (
        f"{source}:{entry.linenum}: “{entry.msgid[:60]}” is translated with "
        f"placeholders {found}, the original has {expected}."
    )


def placeholder_problems(po: polib.POFile, source: Path) -> list[str]:
    """Translations whose placeholders differ from the original's (a crash at render time,
    or a number silently dropped), as msgfmt --check-format would report them."""
    problems = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            plural = sorted(set(PLACEHOLDER.findall(entry.msgid_plural)))
            singular = sorted(set(PLACEHOLDER.findall(entry.msgid)))
            for index, text in sorted(entry.msgstr_plural.items()):
                found = sorted(set(PLACEHOLDER.findall(text)))
                # The first form may read like the original's singular ("The slot is
                # filled.", no number), as msgfmt allows; every other form takes the number.
                allowed = [plural, singular] if int(index) == 0 else [plural]
                if text and found not in allowed:
                    problems.append(_problem(source, entry, found, plural))
        elif entry.msgstr:
            expected = sorted(PLACEHOLDER.findall(entry.msgid))
            found = sorted(PLACEHOLDER.findall(entry.msgstr))
            if found != expected:
                problems.append(_problem(source, entry, found, expected))
    return problems


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files, checking placeholders first."

    def handle(self, *args, **options):
        catalogues = sorted(
            path
            for folder in settings.LOCALE_PATHS
            for path in Path(folder).glob("*/LC_MESSAGES/*.po")
        )
        problems = []
        parsed = []
        for path in catalogues:
            try:
                po = polib.pofile(str(path))
            except (OSError, ValueError) as error:
                problems.append(f"{path}: not a readable PO file ({error}).")
                continue
            problems += placeholder_problems(po, path)
            parsed.append((path, po))
        if problems:
            # Nothing is written: a half-compiled set would mix old and new translations.
            raise CommandError(
                "The translations were not compiled. Problems:\n  " + "\n  ".join(problems)
            )
        for path, po in parsed:
            # Written beside it, then put in place in one step: the suite runs in several
            # processes (decision 0024), and one may read a catalogue while another compiles.
            partial = path.with_suffix(f".mo.{os.getpid()}")
            po.save_as_mofile(str(partial))
            partial.replace(path.with_suffix(".mo"))
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Compiled {len(parsed)} catalogues."))
