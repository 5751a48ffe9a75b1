from modules.models import TrainingModulePage
from organisation_levels.models import OrganisationLevel

RECENT_MODULES = 4


def home_page_overview(*, home) -> dict:
    """The four levels with their training focus, and the latest published modules."""
    recent = (
        TrainingModulePage.objects.live()
        .public()
        .filter(locale_id=home.locale_id)
        .order_by("-last_published_at")
        .prefetch_related("levels", "themes")[:RECENT_MODULES]
    )
    return {"levels": OrganisationLevel.objects.all(), "recent_modules": list(recent)}
