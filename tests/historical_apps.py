"""The models as they were before the app split (decision 0017), for tests that run a data
migration of the past. Its code asks for models by the app they were in then
(`apps.get_model("modules", "Country")`), which today's registry no longer has; the
tables did not move, so those models read and write today's rows."""

from django.db.migrations.loader import MigrationLoader
from django.utils.functional import SimpleLazyObject

LAST_BEFORE_THE_SPLIT = ("modules", "0015_pilot_feedback_session")

apps = SimpleLazyObject(
    lambda: (
        MigrationLoader(None, ignore_no_migrations=True).project_state(LAST_BEFORE_THE_SPLIT).apps
    )
)
