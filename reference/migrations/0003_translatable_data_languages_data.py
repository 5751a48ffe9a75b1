"""Levels and vocabularies become wagtail-localize translatable snippets (decision 0020).

Every existing row becomes the original, in the default language, with its own
translation key; names, slugs, ranks and every link to the rows are untouched.
"""

from django.db import migrations

from curriculum_site.translatable_migrations import made_translatable

MODELS = ["commodity", "deliverymethod", "needarea", "organisationlevel", "standard", "theme"]


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_search_index_words_in_every_script_languages_search"),
        ("wagtailcore", "0098_apitoken"),
        ("modules", "0003_seed_taxonomies"),
        ("organisation_levels", "0013_people_of_their_groups_countries"),
    ]

    operations = [op for model in MODELS for op in made_translatable("reference", model)]
