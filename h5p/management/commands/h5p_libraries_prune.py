"""Remove stored H5P libraries that no activity uses any more (decision 0021)."""

from django.core.management.base import BaseCommand

from h5p.library_store import h5p_libraries_prune, h5p_libraries_unused


class Command(BaseCommand):
    help = "Remove H5P libraries of the shared store that no activity uses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List them without removing anything."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for library in h5p_libraries_unused():
                self.stdout.write(f"{library} {library.content_hash[:12]}")
            return
        removed = h5p_libraries_prune()
        self.stdout.write(f"{removed} unused H5P libraries removed.")
