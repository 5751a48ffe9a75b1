"""Countries, vocabularies and levels are reference's models now (decision 0017); nothing
changes in the database. The level model itself leaves this app's state in 0011, once
the backpack's modules point at its new place too."""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation_levels", "0009_group_trainers"),
        ("reference", "0001_initial"),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="levelassessment",
                    name="level",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessments",
                        to="reference.organisationlevel",
                        verbose_name="level",
                    ),
                ),
                migrations.AlterField(
                    model_name="groupcertification",
                    name="standard",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.standard",
                        verbose_name="standard",
                    ),
                ),
                migrations.AlterField(
                    model_name="producergroup",
                    name="commodities",
                    field=modelcluster.fields.ParentalManyToManyField(
                        related_name="producer_groups",
                        to="reference.commodity",
                        verbose_name="commodities",
                    ),
                ),
                migrations.AlterField(
                    model_name="producergroup",
                    name="country",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="producer_groups",
                        to="reference.country",
                        verbose_name="country",
                    ),
                ),
                migrations.AlterField(
                    model_name="rubric",
                    name="dimensions",
                    field=wagtail.fields.StreamField(
                        [("dimension", 14)],
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Dimension", "max_length": 100},
                            ),
                            1: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {"label": "What it covers", "required": False},
                            ),
                            2: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Question", "max_length": 300},
                            ),
                            3: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "What evidence to look at, e.g. 'Ask to see the inspection reports'.",
                                    "label": "Guidance for the assessor",
                                    "max_length": 300,
                                    "required": False,
                                },
                            ),
                            4: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Worded so it reads well on its own, e.g. 'Inspections happen, but with no written procedure': weak answers are quoted to explain a group's level.",
                                    "label": "Answer",
                                    "max_length": 200,
                                },
                            ),
                            5: (
                                "wagtail.blocks.IntegerBlock",
                                (),
                                {"label": "Score", "max_value": 10, "min_value": 0},
                            ),
                            6: ("wagtail.blocks.StructBlock", [[("label", 4), ("score", 5)]], {}),
                            7: (
                                "wagtail.blocks.ListBlock",
                                (6,),
                                {"label": "Answer options", "min_num": 2},
                            ),
                            8: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 2), ("guidance", 3), ("options", 7)]],
                                {},
                            ),
                            9: (
                                "wagtail.blocks.ListBlock",
                                (8,),
                                {"label": "Questions", "min_num": 1},
                            ),
                            10: (
                                "wagtail.snippets.blocks.SnippetChooserBlock",
                                ("reference.OrganisationLevel",),
                                {"label": "Level"},
                            ),
                            11: (
                                "wagtail.blocks.IntegerBlock",
                                (),
                                {"label": "Minimum score (%)", "max_value": 100, "min_value": 0},
                            ),
                            12: (
                                "wagtail.blocks.StructBlock",
                                [[("level", 10), ("min_percent", 11)]],
                                {},
                            ),
                            13: (
                                "wagtail.blocks.ListBlock",
                                (12,),
                                {
                                    "help_text": "For each level that asks something of this dimension, the minimum score. A group reaches a level when it meets that level's thresholds and those of every level below it.",
                                    "label": "Thresholds",
                                    "min_num": 0,
                                },
                            ),
                            14: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("name", 0),
                                        ("description", 1),
                                        ("questions", 9),
                                        ("thresholds", 13),
                                    ]
                                ],
                                {},
                            ),
                        },
                        verbose_name="dimensions",
                    ),
                ),
            ],
        ),
    ]
