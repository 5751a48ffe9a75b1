"""OrganisationLevel moved to the reference app (decision 0017): it leaves this app's state.
Its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisation_levels", "0010_point_at_reference"),
        ("modules", "0016_taxonomies_and_countries_moved_to_reference"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OrganisationLevel")],
        ),
    ]
