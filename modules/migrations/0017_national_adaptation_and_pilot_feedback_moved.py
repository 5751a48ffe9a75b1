"""The country curricula, the adapted modules and pilot feedback moved to the adaptation and
pilot_feedback apps (decision 0017): they leave this app's state. Their tables and rows
stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0016_taxonomies_and_countries_moved_to_reference"),
        ("adaptation", "0001_initial"),
        ("pilot_feedback", "0001_initial"),
    ]

    operations = [
        # The tables stay as they are: only Django's state of the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="pilotfeedback",
                    name="adaptation",
                ),
                migrations.RemoveField(
                    model_name="nationalcurriculumindexpage",
                    name="page_ptr",
                ),
                migrations.RemoveField(
                    model_name="nationalcurriculumpage",
                    name="country",
                ),
                migrations.RemoveField(
                    model_name="nationalcurriculumpage",
                    name="page_ptr",
                ),
                migrations.RemoveField(
                    model_name="nationalcurriculumpage",
                    name="standards",
                ),
                migrations.RemoveField(
                    model_name="pilotfeedback",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="pilotfeedback",
                    name="delivery_method",
                ),
                migrations.RemoveField(
                    model_name="pilotfeedback",
                    name="session",
                ),
                migrations.DeleteModel(
                    name="AdaptedModulePage",
                ),
                migrations.DeleteModel(
                    name="NationalCurriculumIndexPage",
                ),
                migrations.DeleteModel(
                    name="NationalCurriculumPage",
                ),
                migrations.DeleteModel(
                    name="PilotFeedback",
                ),
            ],
        ),
    ]
