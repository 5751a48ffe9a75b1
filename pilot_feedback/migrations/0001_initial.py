"""Pilot feedback, moved here from the modules app (decision 0017): above field delivery,
since a feedback may name the session it came from. The table and its rows stay; the
content type and its permissions are relabelled."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from curriculum_site.model_moves import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("modules", "0016_taxonomies_and_countries_moved_to_reference"),
        ("adaptation", "0001_initial"),
        ("reference", "0001_initial"),
        ("training_delivery", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PilotFeedback",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (1, "1 · did not work"),
                                    (2, "2 · worked poorly"),
                                    (3, "3 · worked in part"),
                                    (4, "4 · worked well"),
                                    (5, "5 · worked very well"),
                                ],
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ],
                                verbose_name="how well it worked",
                            ),
                        ),
                        (
                            "what_worked",
                            models.TextField(
                                help_text="What the participants understood, used or liked.",
                                verbose_name="what worked",
                            ),
                        ),
                        (
                            "what_to_change",
                            models.TextField(
                                help_text="What was unclear, missing, too long or did not fit the local situation.",
                                verbose_name="what to change",
                            ),
                        ),
                        (
                            "delivered_on",
                            models.DateField(blank=True, null=True, verbose_name="delivered on"),
                        ),
                        (
                            "participants",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="number of participants",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
                        ),
                        (
                            "adaptation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pilot_feedback",
                                to="adaptation.adaptedmodulepage",
                                verbose_name="adapted module",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="given by",
                            ),
                        ),
                        (
                            "delivery_method",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="reference.deliverymethod",
                                verbose_name="delivery method",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                help_text="The recorded session where the module was delivered, if there is one.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="pilot_feedback",
                                to="training_delivery.trainingsession",
                                verbose_name="session",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pilot feedback",
                        "verbose_name_plural": "pilot feedback",
                        "db_table": "modules_pilotfeedback",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("rating__gte", 1), ("rating__lte", 5)),
                                name="pilot_feedback_rating_1_to_5",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("session__isnull", False)),
                                fields=("author", "session"),
                                name="one_pilot_feedback_per_person_and_session",
                            ),
                        ],
                    },
                ),
            ],
        ),
        content_types_moved(
            from_app="modules",
            to_app="pilot_feedback",
            models=["pilotfeedback"],
        ),
    ]
