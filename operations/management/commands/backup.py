from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import ArchiveRefused, backup_write


class Command(BaseCommand):
    help = (
        "Write one archive with the database (pg_dump, or SQLite's own copy) and every file "
        "of the media and private storages, for `manage.py restore` (decision 0018)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: backpack-backup-<time>.tar.gz here).",
        )

    def handle(self, *args, **options):
        path = options["output"] or Path(f"backpack-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            summary = backup_write(path=path)
        except ArchiveRefused as refusal:
            raise CommandError(str(refusal)) from None
        files = ", ".join(f"{count} {alias}" for alias, count in summary.files.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path} ({summary.size / 1e6:.1f} MB): the "
                f"{summary.vendor} database and files ({files})."
            )
        )
