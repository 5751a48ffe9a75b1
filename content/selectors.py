from modules.selectors import published_modules
from reference.languages import pages_replaced_by_translations
from reference.models import OrganisationLevel

RECENT_MODULES = 4
CARD_PREFETCH = ("levels", "themes")


def home_page_overview(*, home) -> dict:
    """The four levels with their training focus, and the latest published modules: the
    originals of the site's backpack, each in the visitor's language when translated
    (whichever language's home page is shown)."""
    recent = list(
        published_modules()
        .order_by("-last_published_at")
        .prefetch_related(*CARD_PREFETCH)[:RECENT_MODULES]
    )
    return {
        "levels": OrganisationLevel.objects.originals(),
        "recent_modules": pages_replaced_by_translations(pages=recent, prefetch=CARD_PREFETCH),
    }
