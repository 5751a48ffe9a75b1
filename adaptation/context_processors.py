from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from adaptation.models import NationalCurriculumIndexPage
from curriculum_site.content_version import cached_for_content
from modules.selectors import public


def curricula_link(request):
    """The address of "Country curricula", for the site navigation. Looked up only if used,
    and kept until the content changes (decision 0025): every page's navigation shows it.
    Per host: the address is relative on the index's own site, absolute on another."""

    def url():
        index = (
            public(NationalCurriculumIndexPage.objects.live())
            .filter(locale=Locale.get_default())
            .first()
        )
        return index.get_url(request) if index else ""

    return {
        "curricula_url": SimpleLazyObject(
            lambda: cached_for_content(("curricula-url", request.get_host()), url)
        )
    }
