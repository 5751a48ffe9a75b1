"""The reference data, moved here from the modules and organisation_levels apps (decision 0017).

The vocabularies, the countries and the organisation levels keep their tables and their
rows; this app only takes them over in Django's state, and their content types (with
the permissions, log entries and index rows attached to them) are relabelled."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from curriculum_site.model_moves import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("modules", "0015_pilot_feedback_session"),
        ("organisation_levels", "0009_group_trainers"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Commodity",
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
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="name"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters. Letters, digits and hyphens only.",
                                max_length=60,
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "commodity",
                        "verbose_name_plural": "commodities",
                        "db_table": "modules_commodity",
                        "ordering": ["name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="DeliveryMethod",
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
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="name"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters. Letters, digits and hyphens only.",
                                max_length=60,
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "delivery method",
                        "verbose_name_plural": "delivery methods",
                        "db_table": "modules_deliverymethod",
                        "ordering": ["name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="NeedArea",
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
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="name"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters. Letters, digits and hyphens only.",
                                max_length=60,
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("core_risk", "Core risk issue"),
                                    ("support_area", "Support area"),
                                ],
                                help_text="Core risk issues are assessed by likelihood and severity; support areas by need.",
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "need or risk area",
                        "verbose_name_plural": "need and risk areas",
                        "db_table": "modules_needarea",
                        "ordering": ["kind", "name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="OrganisationLevel",
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
                        ("name", models.CharField(max_length=60, unique=True, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters, e.g. 'moderate'.",
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        (
                            "rank",
                            models.PositiveSmallIntegerField(
                                help_text="Position from least to most organised: 1 is the lowest level.",
                                unique=True,
                                verbose_name="rank",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                help_text="What a producer group at this level looks like.",
                                verbose_name="description",
                            ),
                        ),
                        (
                            "training_focus",
                            models.TextField(
                                help_text="What training for groups at this level concentrates on.",
                                verbose_name="training focus",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "organisation level",
                        "verbose_name_plural": "organisation levels",
                        "db_table": "organisation_levels_organisationlevel",
                        "ordering": ["rank"],
                    },
                ),
                migrations.CreateModel(
                    name="Standard",
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
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="name"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters. Letters, digits and hyphens only.",
                                max_length=60,
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("website", models.URLField(blank=True, verbose_name="website")),
                    ],
                    options={
                        "verbose_name": "standard",
                        "verbose_name_plural": "standards",
                        "db_table": "modules_standard",
                        "ordering": ["name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="Theme",
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
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="name"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters. Letters, digits and hyphens only.",
                                max_length=60,
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "theme",
                        "verbose_name_plural": "themes",
                        "db_table": "modules_theme",
                        "ordering": ["name"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="Country",
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
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="name"),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Short name used in web addresses and filters. Letters, digits and hyphens only.",
                                max_length=60,
                                unique=True,
                                verbose_name="slug",
                            ),
                        ),
                        (
                            "iso_code",
                            models.CharField(
                                help_text="Two-letter ISO 3166 code, e.g. GH for Ghana.",
                                max_length=2,
                                unique=True,
                                verbose_name="ISO code",
                            ),
                        ),
                        (
                            "languages",
                            models.ManyToManyField(
                                help_text="Languages the national curriculum of this country is published in.",
                                related_name="countries",
                                to="wagtailcore.locale",
                                verbose_name="languages",
                            ),
                        ),
                        (
                            "monitoring_viewers",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Buyers, donors or M&E staff (in the “Monitoring viewers” role) who may read this country's producer groups, dashboards and reports, without changing them.",
                                limit_choices_to={"groups__name": "Monitoring viewers"},
                                related_name="monitored_countries",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="monitoring viewers",
                            ),
                        ),
                        (
                            "national_platform_group",
                            models.OneToOneField(
                                blank=True,
                                editable=False,
                                help_text="The user group of this country's national platform; created with the country.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="platform_country",
                                to="auth.group",
                                verbose_name="national platform group",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "country",
                        "verbose_name_plural": "countries",
                        "db_table": "modules_country",
                        "ordering": ["name"],
                    },
                ),
            ],
        ),
        content_types_moved(
            from_app="modules",
            to_app="reference",
            models=["theme", "needarea", "standard", "commodity", "deliverymethod", "country"],
        ),
        content_types_moved(
            from_app="organisation_levels",
            to_app="reference",
            models=["organisationlevel"],
        ),
    ]
