"""The country of a report is reference.Country now (decision 0017); nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_export_language"),
        ("reference", "0001_initial"),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="stateofplayreport",
                    name="country",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Leave empty for the global report.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="state_of_play_reports",
                        to="reference.country",
                        verbose_name="country",
                    ),
                ),
            ],
        ),
    ]
