from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from adaptation.models import NationalCurriculumIndexPage


def curricula_link(request):
    """The address of "Country curricula", for the site navigation. Looked up only if used."""

    def url():
        index = (
            NationalCurriculumIndexPage.objects.live()
            .public()
            .filter(locale=Locale.get_default())
            .first()
        )
        return index.get_url(request) if index else ""

    return {"curricula_url": SimpleLazyObject(url)}
