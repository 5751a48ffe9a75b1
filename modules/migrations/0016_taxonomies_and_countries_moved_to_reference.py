"""The vocabularies and the countries moved to the reference app (decision 0017): the
backpack's modules point at them there, and they leave this app's state. Their tables
and rows stay where they are."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0015_pilot_feedback_session"),
        ("reference", "0001_initial"),
        # Every other app points at the new models before they leave this one.
        ("monitoring", "0003_point_at_reference"),
        ("organisation_levels", "0010_point_at_reference"),
        ("training_plans", "0003_point_at_reference"),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="nationalcurriculumpage",
                    name="country",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="curriculum_pages",
                        to="reference.country",
                        verbose_name="country",
                    ),
                ),
                migrations.AlterField(
                    model_name="pilotfeedback",
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
                migrations.AlterField(
                    model_name="nationalcurriculumpage",
                    name="standards",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="Standards whose requirements matter for producers in this country.",
                        related_name="+",
                        to="reference.standard",
                        verbose_name="relevant standards",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingmodulepage",
                    name="commodities",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="Leave empty when the module applies to every commodity.",
                        related_name="modules",
                        to="reference.commodity",
                        verbose_name="commodities",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingmodulepage",
                    name="delivery_methods",
                    field=modelcluster.fields.ParentalManyToManyField(
                        related_name="modules",
                        to="reference.deliverymethod",
                        verbose_name="suitable delivery methods",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingmodulepage",
                    name="levels",
                    field=modelcluster.fields.ParentalManyToManyField(
                        help_text="The producer-group levels this module is written for.",
                        related_name="modules",
                        to="reference.organisationlevel",
                        verbose_name="organisation levels",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingmodulepage",
                    name="need_areas",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="RSS core risk issues and support areas this module helps to address.",
                        related_name="modules",
                        to="reference.needarea",
                        verbose_name="need and risk areas",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingmodulepage",
                    name="standards",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="Leave empty when the module is useful whatever standard a group follows.",
                        related_name="modules",
                        to="reference.standard",
                        verbose_name="standards",
                    ),
                ),
                migrations.AlterField(
                    model_name="trainingmodulepage",
                    name="themes",
                    field=modelcluster.fields.ParentalManyToManyField(
                        related_name="modules", to="reference.theme", verbose_name="themes"
                    ),
                ),
                migrations.DeleteModel(
                    name="Commodity",
                ),
                migrations.RemoveField(
                    model_name="country",
                    name="languages",
                ),
                migrations.RemoveField(
                    model_name="country",
                    name="monitoring_viewers",
                ),
                migrations.RemoveField(
                    model_name="country",
                    name="national_platform_group",
                ),
                migrations.DeleteModel(
                    name="NeedArea",
                ),
                migrations.DeleteModel(
                    name="Standard",
                ),
                migrations.DeleteModel(
                    name="Theme",
                ),
                migrations.DeleteModel(
                    name="Country",
                ),
                migrations.DeleteModel(
                    name="DeliveryMethod",
                ),
            ],
        ),
    ]
