"""H5P activities become wagtail-localize translatable snippets (issue 15, decision 0020).

Every existing activity becomes the original, in the default language, with its own
translation key; its title, package, statements, progress and the module blocks that
choose it are untouched. The stored package's prefix is unique in each language, since a
translation shares its original's package.
"""

from django.db import migrations, models

from curriculum_site.translatable_migrations import made_translatable


class Migration(migrations.Migration):
    dependencies = [
        ("h5p", "0005_move_libraries_to_store_h5p_lrs"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *made_translatable("h5p", "h5pactivity"),
        migrations.AlterField(
            model_name="h5pactivity",
            name="storage_prefix",
            field=models.CharField(editable=False, max_length=255),
        ),
        migrations.AddConstraint(
            model_name="h5pactivity",
            constraint=models.UniqueConstraint(
                fields=("storage_prefix", "locale"), name="unique_h5p_activity_prefix"
            ),
        ),
    ]
