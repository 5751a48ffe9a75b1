from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.backup import ArchiveRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and every stored file with those of an archive made by "
        "`manage.py backup`. The archive is checked whole first; stop the web processes and "
        "workers before (decision 0017)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input(
                f"This replaces the database {connection.settings_dict['NAME']} and every stored "
                f"file with those of {options['archive']}. Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            summary = backup_restore(path=options["archive"])
        except ArchiveRefused as refusal:
            raise CommandError(f"Nothing was restored. {refusal}") from None
        files = ", ".join(f"{count} {alias}" for alias, count in summary.files.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {summary.vendor} database and files ({files}) from {summary.path}."
            )
        )
