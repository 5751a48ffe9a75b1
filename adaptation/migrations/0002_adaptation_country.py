"""Each adapted module records its country (decision 0017).

It was worked out from the page tree wherever it was needed: an adaptation sits under
its country's curriculum page. The column is added empty and filled from the curriculum
each adaptation (or translation of one) sits under; 0003 makes it required (apart, as
PostgreSQL alters no table with the fill's foreign-key checks still pending).
"""

import django.db.models.deletion
from django.db import migrations, models

# Wagtail's tree paths have four characters per level: a page's parent has its path less
# the last four.
STEPLEN = 4


def countries_from_curricula(apps, schema_editor):
    AdaptedModulePage = apps.get_model("adaptation", "AdaptedModulePage")
    NationalCurriculumPage = apps.get_model("adaptation", "NationalCurriculumPage")
    db = schema_editor.connection.alias
    country_at = dict(NationalCurriculumPage.objects.using(db).values_list("path", "country_id"))
    for page_id, path in AdaptedModulePage.objects.using(db).values_list("pk", "path"):
        country_id = country_at.get(path[:-STEPLEN])
        if country_id is None:
            raise RuntimeError(
                f"The adapted module page {page_id} is not under a country's curriculum page; "
                "move it under one, then migrate again."
            )
        AdaptedModulePage.objects.using(db).filter(pk=page_id).update(country_id=country_id)


class Migration(migrations.Migration):
    dependencies = [
        ("adaptation", "0001_initial"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="adaptedmodulepage",
            name="country",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="adaptations",
                to="reference.country",
                verbose_name="country",
            ),
        ),
        migrations.RunPython(countries_from_curricula, migrations.RunPython.noop),
    ]
