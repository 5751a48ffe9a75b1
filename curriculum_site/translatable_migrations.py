"""Migration operations that make existing models wagtail-localize translatable (decision 0020).

Existing rows become originals in the default language, each with a fresh translation key;
nothing else about them changes. The columns are added empty, filled row by row (a default
on the column would give every row the same key), then made required.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _fill(model_label):
    def forwards(apps, schema_editor):
        model = apps.get_model(model_label)
        Locale = apps.get_model("wagtailcore", "Locale")
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        for row in model.objects.filter(translation_key__isnull=True).only("pk"):
            model.objects.filter(pk=row.pk).update(translation_key=uuid.uuid4(), locale=locale)

    return forwards


def made_translatable(app_label: str, model_name: str) -> list:
    """The operations giving `model_name` a locale and translation key, rows kept."""
    return [
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(
            _fill(f"{app_label}.{model_name}"), migrations.RunPython.noop, elidable=False
        ),
        migrations.AlterField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name=model_name, unique_together={("translation_key", "locale")}
        ),
    ]
