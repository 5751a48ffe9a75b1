"""Countries, vocabularies and levels are reference's models now (decision 0017); nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training_plans", "0002_ratings_once_per_assessment"),
        ("reference", "0001_initial"),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="needrating",
                    name="need_area",
                    field=models.ForeignKey(
                        blank=True,
                        limit_choices_to={"kind": "support_area"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reference.needarea",
                        verbose_name="support area",
                    ),
                ),
                migrations.AlterField(
                    model_name="needrating",
                    name="theme",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reference.theme",
                        verbose_name="or theme",
                    ),
                ),
                migrations.AlterField(
                    model_name="needsassessment",
                    name="country",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="needs_assessments",
                        to="reference.country",
                        verbose_name="country",
                    ),
                ),
                migrations.AlterField(
                    model_name="riskassessment",
                    name="country",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="risk_assessments",
                        to="reference.country",
                        verbose_name="country",
                    ),
                ),
                migrations.AlterField(
                    model_name="riskrating",
                    name="core_risk",
                    field=models.ForeignKey(
                        limit_choices_to={"kind": "core_risk"},
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reference.needarea",
                        verbose_name="core risk",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingplanitem",
                    name="delivery_method",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reference.deliverymethod",
                        verbose_name="delivery method",
                    ),
                ),
            ],
        ),
    ]
