from django.core.management.base import BaseCommand, CommandError

from content.seed import SeedError
from content.services import seed_curriculum_load
from internal_control.seed import illustrative_catalogues_ensure


class Command(BaseCommand):
    help = (
        "Create the home page and the backpack if missing, and create or update the generic "
        "modules from content/seed/modules/*.toml. "
        "Safe to run again: unchanged modules and modules edited in the CMS are left alone."
    )

    def handle(self, *args, **options):
        try:
            result = seed_curriculum_load()
        except SeedError as error:
            raise CommandError(
                "The seed curriculum was not loaded; nothing was changed. Problems:\n  "
                + "\n  ".join(error.problems)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed curriculum: {len(result.created)} created, {len(result.updated)} updated, "
                f"{len(result.unchanged)} unchanged, "
                f"{len(result.kept)} kept as edited in the CMS."
            )
        )
        made = illustrative_catalogues_ensure()
        self.stdout.write(
            f"Internal control: {made} illustrative control points and catalogues created "
            "(marked as illustrative; the committee enters the standards' real requirements)."
        )
