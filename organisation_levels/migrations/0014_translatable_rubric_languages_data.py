"""Rubric versions become wagtail-localize translatable snippets (decision 0020).

Every existing version becomes the original, in the default language; assessments keep
pointing at it.
"""

from django.db import migrations

from curriculum_site.translatable_migrations import made_translatable


class Migration(migrations.Migration):
    dependencies = [
        ("organisation_levels", "0013_people_of_their_groups_countries"),
        ("reference", "0003_translatable_data_languages_data"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = made_translatable("organisation_levels", "rubric")
