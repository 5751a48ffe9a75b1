"""The four levels and their training focus, from SCAN (seed 002, section 4.3)."""

from django.db import migrations

LEVELS = [
    (
        1,
        "low",
        "Low",
        "Groups with low group cohesion and without any form of internal control or management.",
        "Strengthening producer organisation.",
    ),
    (
        2,
        "moderate",
        "Moderate",
        "Groups without internal control but with a form of management and the ability to "
        "initiate an improvement plan.",
        "Developing an initial quality management system (QMS).",
    ),
    (
        3,
        "adequate",
        "Adequate",
        "Groups with an improvement plan and related internal control, but lacking explicit "
        "awareness (documentation) and initiatives towards the further improvement circle.",
        "Strengthening the robustness of the QMS, with specific attention to strengthening "
        "positioning in international markets.",
    ),
    (
        4,
        "specialized",
        "Specialized",
        "Groups asking for support to improve their existing management, including their "
        "quality plan.",
        "Specific needs for maintaining and improving market access through specialised training.",
    ),
]


def seed_levels(apps, schema_editor):
    OrganisationLevel = apps.get_model("organisation_levels", "OrganisationLevel")
    for rank, slug, name, description, focus in LEVELS:
        OrganisationLevel.objects.update_or_create(
            slug=slug,
            defaults={
                "rank": rank,
                "name": name,
                "description": description,
                "training_focus": focus,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("organisation_levels", "0001_initial")]

    operations = [migrations.RunPython(seed_levels, migrations.RunPython.noop)]
