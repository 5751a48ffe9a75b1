"""H5P activities and learners' tracking, moved here from the modules app (decision 0017).

The activities, statements and progress keep their tables and rows; this app only takes
them over in Django's state, and their content types (with the permissions the committee
and the platforms hold on activities) are relabelled."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from curriculum_site.model_moves import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("modules", "0017_national_adaptation_and_pilot_feedback_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="H5PActivity",
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
                            "title",
                            models.CharField(
                                help_text="Read from the package; change it here if the package's title is unclear.",
                                max_length=255,
                                verbose_name="title",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                blank=True,
                                help_text="What the learner does in this activity, in a sentence or two.",
                                verbose_name="description",
                            ),
                        ),
                        (
                            "language",
                            models.CharField(
                                blank=True,
                                help_text="The language of the package's text, from its h5p.json.",
                                max_length=16,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "licence",
                            models.CharField(
                                blank=True,
                                help_text="The licence the package declares in its h5p.json, such as CC BY.",
                                max_length=64,
                                verbose_name="licence",
                            ),
                        ),
                        (
                            "main_library",
                            models.CharField(
                                editable=False,
                                help_text="The H5P library that plays the package, with its version.",
                                max_length=255,
                                verbose_name="content type",
                            ),
                        ),
                        ("h5p_json", models.JSONField(default=dict, editable=False)),
                        (
                            "storage_prefix",
                            models.CharField(editable=False, max_length=255, unique=True),
                        ),
                        (
                            "package_name",
                            models.CharField(
                                editable=False, max_length=255, verbose_name="uploaded file"
                            ),
                        ),
                        (
                            "package_size",
                            models.PositiveBigIntegerField(
                                default=0, editable=False, verbose_name="size in bytes"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="changed at"),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "H5P activity",
                        "verbose_name_plural": "H5P activities",
                        "db_table": "modules_h5pactivity",
                        "ordering": ["title", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="H5PProgress",
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
                            "attempts",
                            models.PositiveIntegerField(default=0, verbose_name="attempts"),
                        ),
                        (
                            "best_score",
                            models.FloatField(
                                help_text="From 0 to 1.", null=True, verbose_name="best score"
                            ),
                        ),
                        (
                            "last_score",
                            models.FloatField(
                                help_text="From 0 to 1.", null=True, verbose_name="last score"
                            ),
                        ),
                        ("completed", models.BooleanField(default=False, verbose_name="completed")),
                        (
                            "completed_at",
                            models.DateTimeField(null=True, verbose_name="first completed at"),
                        ),
                        (
                            "last_played_at",
                            models.DateTimeField(null=True, verbose_name="last played at"),
                        ),
                        ("state", models.TextField(blank=True, verbose_name="resume state")),
                        (
                            "state_saved_at",
                            models.DateTimeField(null=True, verbose_name="resume state saved at"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="progress",
                                to="h5p.h5pactivity",
                                verbose_name="activity",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="h5p_progress",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="learner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "H5P progress",
                        "verbose_name_plural": "H5P progress",
                        "db_table": "modules_h5pprogress",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "activity"), name="unique_h5p_progress"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="H5PStatement",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                editable=False,
                                primary_key=True,
                                serialize=False,
                                verbose_name="statement id",
                            ),
                        ),
                        ("verb", models.CharField(max_length=255, verbose_name="verb")),
                        (
                            "is_attempt",
                            models.BooleanField(default=False, verbose_name="is an attempt"),
                        ),
                        ("completion", models.BooleanField(null=True, verbose_name="completed")),
                        ("success", models.BooleanField(null=True, verbose_name="passed")),
                        ("score_raw", models.FloatField(null=True, verbose_name="score")),
                        ("score_max", models.FloatField(null=True, verbose_name="maximum score")),
                        ("score_scaled", models.FloatField(null=True, verbose_name="scaled score")),
                        (
                            "timestamp",
                            models.DateTimeField(
                                help_text="On the learner's device.", verbose_name="made at"
                            ),
                        ),
                        (
                            "stored_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="received at"),
                        ),
                        ("statement", models.JSONField(verbose_name="statement")),
                        (
                            "activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="statements",
                                to="h5p.h5pactivity",
                                verbose_name="activity",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="h5p_statements",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="learner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "H5P statement",
                        "verbose_name_plural": "H5P statements",
                        "db_table": "modules_h5pstatement",
                        "indexes": [
                            models.Index(
                                fields=["activity", "user", "is_attempt"],
                                name="h5p_statement_attempts_idx",
                            )
                        ],
                    },
                ),
            ],
        ),
        content_types_moved(
            from_app="modules",
            to_app="h5p",
            models=["h5pactivity", "h5pstatement", "h5pprogress"],
        ),
    ]
