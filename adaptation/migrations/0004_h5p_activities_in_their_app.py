"""The H5P block of an adapted module's body names the activities in the h5p app now
(decision 0017): a change of Django's state only, the stored bodies are the same."""

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("adaptation", "0003_adaptation_country_required"),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="adaptedmodulepage",
                    name="body",
                    field=wagtail.fields.StreamField(
                        [
                            ("text", 0),
                            ("image", 3),
                            ("video", 6),
                            ("document", 9),
                            ("knowledge_check", 16),
                            ("field_exercise", 22),
                            ("facilitator_note", 24),
                            ("discussion_questions", 28),
                            ("adaptation_slot", 33),
                            ("h5p_activity", 35),
                        ],
                        block_lookup={
                            0: ("modules.blocks.TextBlock", (), {"label": "Text"}),
                            1: ("wagtail.images.blocks.ImageBlock", [], {"label": "Image"}),
                            2: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Caption", "max_length": 250, "required": False},
                            ),
                            3: (
                                "wagtail.blocks.StructBlock",
                                [[("image", 1), ("caption", 2)]],
                                {"label": "Image"},
                            ),
                            4: (
                                "wagtail.embeds.blocks.EmbedBlock",
                                (),
                                {
                                    "help_text": "Link to the video on YouTube, Vimeo or another supported site.",
                                    "label": "Video address",
                                },
                            ),
                            5: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Title", "max_length": 200},
                            ),
                            6: (
                                "wagtail.blocks.StructBlock",
                                [[("video", 4), ("title", 5), ("caption", 2)]],
                                {"label": "Video"},
                            ),
                            7: (
                                "wagtail.documents.blocks.DocumentChooserBlock",
                                (),
                                {"label": "Document"},
                            ),
                            8: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "e.g. 'Blank farm diary page to photocopy'.",
                                    "label": "What it is",
                                    "max_length": 250,
                                    "required": False,
                                },
                            ),
                            9: (
                                "wagtail.blocks.StructBlock",
                                [[("document", 7), ("description", 8)]],
                                {"label": "Document"},
                            ),
                            10: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Question", "max_length": 400},
                            ),
                            11: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Answer", "max_length": 300},
                            ),
                            12: (
                                "wagtail.blocks.BooleanBlock",
                                (),
                                {"label": "This is the correct answer", "required": False},
                            ),
                            13: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 11), ("is_correct", 12)]],
                                {},
                            ),
                            14: (
                                "wagtail.blocks.ListBlock",
                                (13,),
                                {
                                    "help_text": "Between two and six answers; tick exactly one as correct.",
                                    "label": "Answer options",
                                    "max_num": 6,
                                    "min_num": 2,
                                },
                            ),
                            15: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {
                                    "help_text": "Why the correct answer is right. Shown after the learner answers.",
                                    "label": "Explanation",
                                },
                            ),
                            16: (
                                "wagtail.blocks.StructBlock",
                                [[("question", 10), ("options", 14), ("explanation", 15)]],
                                {"label": "Knowledge check"},
                            ),
                            17: (
                                "wagtail.blocks.IntegerBlock",
                                (),
                                {
                                    "default": 30,
                                    "label": "Time needed (minutes)",
                                    "max_value": 600,
                                    "min_value": 5,
                                },
                            ),
                            18: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Item", "max_length": 200},
                            ),
                            19: (
                                "wagtail.blocks.ListBlock",
                                (18,),
                                {
                                    "help_text": "What the trainer brings. Leave empty if nothing is needed.",
                                    "label": "Materials",
                                    "min_num": 0,
                                },
                            ),
                            20: ("wagtail.blocks.TextBlock", (), {"label": "Step"}),
                            21: (
                                "wagtail.blocks.ListBlock",
                                (20,),
                                {"label": "Steps", "min_num": 1},
                            ),
                            22: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("title", 5),
                                        ("time_minutes", 17),
                                        ("materials", 19),
                                        ("steps", 21),
                                    ]
                                ],
                                {"label": "Field exercise"},
                            ),
                            23: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": [
                                        "h3",
                                        "h4",
                                        "bold",
                                        "italic",
                                        "ol",
                                        "ul",
                                        "link",
                                        "document-link",
                                    ],
                                    "label": "Note",
                                },
                            ),
                            24: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 23)]],
                                {"label": "Facilitator note"},
                            ),
                            25: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Introduction", "max_length": 300, "required": False},
                            ),
                            26: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Question", "max_length": 300},
                            ),
                            27: (
                                "wagtail.blocks.ListBlock",
                                (26,),
                                {"label": "Questions", "min_num": 1},
                            ),
                            28: (
                                "wagtail.blocks.StructBlock",
                                [[("intro", 25), ("questions", 27)]],
                                {"label": "Discussion questions"},
                            ),
                            29: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("local_example", "Local example"),
                                        ("certification_bodies", "Certification bodies"),
                                        ("market_context", "Market context"),
                                        ("national_rules", "National laws and rules"),
                                        ("local_contacts", "Local contacts and services"),
                                        ("seasonal_calendar", "Seasonal calendar"),
                                    ],
                                    "help_text": "What the country is asked to provide here.",
                                    "label": "Kind of adaptation",
                                },
                            ),
                            30: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {
                                    "help_text": "Tell the national platform exactly what to write here.",
                                    "label": "Instructions for the adapting country",
                                },
                            ),
                            31: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": [
                                        "h3",
                                        "h4",
                                        "bold",
                                        "italic",
                                        "ol",
                                        "ul",
                                        "link",
                                        "document-link",
                                    ],
                                    "help_text": "Shown until a country writes its own version.",
                                    "label": "Generic text",
                                },
                            ),
                            32: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": [
                                        "h3",
                                        "h4",
                                        "bold",
                                        "italic",
                                        "ol",
                                        "ul",
                                        "link",
                                        "document-link",
                                    ],
                                    "help_text": "Write it for your country. Until you do, the generic text is shown.",
                                    "label": "Your country's text",
                                    "required": False,
                                },
                            ),
                            33: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("key", 29),
                                        ("prompt", 30),
                                        ("default_text", 31),
                                        ("national_text", 32),
                                    ]
                                ],
                                {"label": "Adaptation slot"},
                            ),
                            34: (
                                "wagtail.snippets.blocks.SnippetChooserBlock",
                                ("h5p.H5PActivity",),
                                {
                                    "help_text": "Upload the package first (Snippets, then H5P activities), then choose it here.",
                                    "label": "H5P activity",
                                },
                            ),
                            35: (
                                "wagtail.blocks.StructBlock",
                                [[("activity", 34)]],
                                {"label": "H5P activity"},
                            ),
                        },
                        verbose_name="content",
                    ),
                ),
            ],
        ),
    ]
