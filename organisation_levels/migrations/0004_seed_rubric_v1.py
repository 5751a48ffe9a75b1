"""Version 1 of the level rubric, from SCAN's levels table (seed 002, section 4.3).

Low: low cohesion, no internal control or management. Moderate: no internal
control, but a form of management and able to start an improvement plan.
Adequate: an improvement plan and internal control, but little documentation
and no further improvement cycle. Specialized: improving existing management,
including the quality plan, to keep and widen market access.
"""

import uuid

from django.db import migrations

# (dimension, description, [(question, guidance, [(answer, score), …])], {level slug: min %})
DIMENSIONS = [
    (
        "Cohesion",
        "Whether members act as one group with shared rules.",
        [
            (
                "How often do members meet?",
                "Ask for the dates of the last meetings and how many came.",
                [
                    ("Members rarely or never meet", 0),
                    ("Members meet sometimes, with no fixed plan", 1),
                    ("Members meet regularly and most of them attend", 2),
                ],
            ),
            (
                "Do members share agreed rules?",
                "Ask to see the statutes or by-laws.",
                [
                    ("There are no agreed rules", 0),
                    ("Rules are agreed by word of mouth only", 1),
                    ("Written rules, agreed by the members", 2),
                ],
            ),
        ],
        {"moderate": 50, "adequate": 75},
    ),
    (
        "Management",
        "Whether the group is led and its money and decisions are accounted for.",
        [
            (
                "Is there an elected management committee?",
                "",
                [
                    ("There is no management committee", 0),
                    ("A committee exists but rarely acts", 1),
                    ("An elected committee meets and reports to the members", 2),
                ],
            ),
            (
                "Are the group's finances recorded?",
                "Ask to see the cash book or accounts.",
                [
                    ("There are no financial records", 0),
                    ("Some money is recorded, not all", 1),
                    ("All income and spending is recorded and shown to members", 2),
                ],
            ),
        ],
        {"moderate": 50, "adequate": 75, "specialized": 75},
    ),
    (
        "Internal control",
        "Whether the group checks that members follow its rules and the standards it sells under.",
        [
            (
                "Are member farms inspected by the group?",
                "Ask to see inspection reports from the last year.",
                [
                    ("There is no internal inspection", 0),
                    ("Inspections happen, but with no written procedure", 1),
                    ("Every farm is inspected each year following a written procedure", 2),
                ],
            ),
            (
                "What happens when a member breaks the rules?",
                "",
                [
                    ("Nothing happens", 0),
                    ("Sanctions exist on paper but are not applied", 1),
                    ("Agreed sanctions are applied and recorded", 2),
                ],
            ),
        ],
        {"adequate": 50, "specialized": 75},
    ),
    (
        "Improvement plan",
        "Whether the group plans improvements and follows them through (plan-do-check-act).",
        [
            (
                "Does the group have an improvement plan?",
                "Ask to see the plan and who is responsible for each action.",
                [
                    ("There is no improvement plan", 0),
                    ("A plan was made but is not followed", 1),
                    ("The plan is followed and reviewed, and a new one is made each cycle", 2),
                ],
            ),
        ],
        {"moderate": 50, "adequate": 50, "specialized": 100},
    ),
    (
        "Documentation and awareness",
        "Whether procedures and records are written down, kept up to date and known to members.",
        [
            (
                "Are procedures and records written down and kept?",
                "",
                [
                    ("Nothing is written down", 0),
                    ("Some documents exist but are not kept up to date", 1),
                    ("Procedures and records are written and up to date", 2),
                ],
            ),
            (
                "Do members know the group's procedures?",
                "Ask two or three members to explain one procedure.",
                [
                    ("Only the leaders know them", 0),
                    ("Some members know them", 1),
                    ("Most members can explain them", 2),
                ],
            ),
        ],
        {"specialized": 75},
    ),
    (
        "Market positioning",
        "Whether the group sells together and meets what its buyers ask for.",
        [
            (
                "How does the group sell its produce?",
                "",
                [
                    ("Members sell on their own", 0),
                    ("The group sells together to local buyers", 1),
                    ("The group has written contracts with buyers or exporters", 2),
                ],
            ),
            (
                "Does the group hold a certification?",
                "",
                [
                    ("No certification", 0),
                    ("Preparing for a first certification", 1),
                    ("Certified under at least one standard", 2),
                ],
            ),
        ],
        {"specialized": 50},
    ),
]


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def seed_rubric(apps, schema_editor):
    Rubric = apps.get_model("organisation_levels", "Rubric")
    OrganisationLevel = apps.get_model("organisation_levels", "OrganisationLevel")
    if Rubric.objects.exists():
        return
    level_ids = dict(OrganisationLevel.objects.values_list("slug", "pk"))
    dimensions = [
        block(
            "dimension",
            {
                "name": name,
                "description": description,
                "questions": [
                    block(
                        "item",
                        {
                            "text": text,
                            "guidance": guidance,
                            "options": [
                                block("item", {"label": label, "score": score})
                                for label, score in options
                            ],
                        },
                    )
                    for text, guidance, options in questions
                ],
                "thresholds": [
                    block("item", {"level": level_ids[slug], "min_percent": percent})
                    for slug, percent in thresholds.items()
                ],
            },
        )
        for name, description, questions, thresholds in DIMENSIONS
    ]
    from django.utils import timezone

    Rubric.objects.create(
        version=1,
        title="Organisation level rubric",
        status="active",
        notes="First version, from the SCAN levels table.",
        activated_at=timezone.now(),
        dimensions=dimensions,
    )


class Migration(migrations.Migration):
    dependencies = [("organisation_levels", "0003_rubric")]

    operations = [migrations.RunPython(seed_rubric, migrations.RunPython.noop)]
