from django.core.management.base import BaseCommand, CommandError

from content.seed import SeedError
from content.seed_translations import seed_translations_load
from content.services import seed_curriculum_load
from internal_control.seed import illustrative_catalogues_ensure


class Command(BaseCommand):
    help = (
        "Create the home page and the backpack if missing, and create or update the generic "
        "modules from content/seed/modules/*.toml, and translate the levels, vocabularies and "
        "level rubric into the six languages from content/seed/translations.toml. "
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
        try:
            translated = seed_translations_load()
        except ValueError as error:
            raise CommandError(f"The seed translations were not loaded: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed translations: {translated.rows} translated rows, "
                f"{translated.strings} texts added."
            )
        )
        if translated.missing:
            self.stdout.write(
                self.style.WARNING(
                    "Not translated in content/seed/translations.toml (shown in English):\n  "
                    + "\n  ".join(translated.missing)
                )
            )
        made = illustrative_catalogues_ensure()
        self.stdout.write(
            f"Internal control: {made} illustrative control points and catalogues created "
            "(marked as illustrative; the committee enters the standards' real requirements)."
        )
