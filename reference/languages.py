"""Reads for pages in the seven languages (decision 0010).

A page is *translated* into a language when a live page in that language shares its
translation key and is not an alias. (wagtail-localize makes aliases of the parents of a
page it translates; an alias still holds the original's text.) A page that is not
translated is shown in its original, under the visitor's language prefix, with a notice.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import pgettext_lazy
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from curriculum_site.content_version import cached_for_content

# Language names as they read inside a sentence ("not translated into French yet").
# Django's translated language names do not fit there: French, Portuguese and Vietnamese
# write them in lower case inside a sentence, Indonesian does not; each translator decides.
LANGUAGE_NAMES_IN_SENTENCE = {
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "fr": pgettext_lazy("language name inside a sentence", "French"),
    "pt": pgettext_lazy("language name inside a sentence", "Portuguese"),
    "id": pgettext_lazy("language name inside a sentence", "Indonesian"),
    "th": pgettext_lazy("language name inside a sentence", "Thai"),
    "vi": pgettext_lazy("language name inside a sentence", "Vietnamese"),
    "my": pgettext_lazy("language name inside a sentence", "Burmese"),
}


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher."""

    code: str
    own_name: str  # the language's name in itself: Français, ไทย, မြန်မာ
    url: str
    is_current: bool
    # False: the page is not translated into this language; the link shows the original.
    is_translated: bool


@dataclass(frozen=True)
class PageLanguages:
    """What the site says about the language of what is on screen."""

    chrome_language: str  # the visitor's language: menus, buttons, the notice
    content_language: str  # the language of the page's own text
    links: list[LanguageLink]
    # (hreflang, absolute URL) of each live translation, for search engines.
    alternates: list[tuple[str, str]] = field(default_factory=list)
    canonical_url: str = ""

    @property
    def is_fallback(self) -> bool:
        """The page is shown in its original because it is not translated yet."""
        return self.content_language != self.chrome_language

    @property
    def chrome_language_in_sentence(self) -> str:
        return LANGUAGE_NAMES_IN_SENTENCE.get(self.chrome_language, self.chrome_language)

    @property
    def content_language_in_sentence(self) -> str:
        return LANGUAGE_NAMES_IN_SENTENCE.get(self.content_language, self.content_language)

    @property
    def current_own_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.chrome_language, self.chrome_language)


@dataclass(frozen=True)
class LanguageRoute:
    """How to answer a page address in a language: as Wagtail routes it (both empty),
    with another page for the same address, or with a redirect."""

    route: RouteResult | None = None
    redirect_to: str = ""


def page_translations(*, page: Page) -> dict[str, Page]:
    """Live translations of `page`, itself included, by language code; no aliases. Kept
    until the content changes (decision 0025): every page's language switcher reads it."""

    def read():
        translations = (
            Page.objects.filter(
                translation_key=page.translation_key, live=True, alias_of__isnull=True
            )
            .select_related("locale")
            .order_by("pk")
        )
        return {each.locale.language_code: each for each in translations}

    return cached_for_content(("translations", page.translation_key), read)


def page_route_for_language(*, request, path: str) -> LanguageRoute:
    """What to serve at `path` (the address after the language prefix) in the active
    language: the live translation, else the original in the default language.

    Wagtail alone routes through the active language's tree as soon as its home page
    exists (wagtail-localize makes one, as an alias, with the first translated page), so
    every page not translated yet would be "not found"; and it serves a draft
    translation's address as "not found" too.
    """
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return LanguageRoute()
    routed = Page.route_for_request(request, path)
    if routed is not None and routed.page.alias_of_id is None:
        if routed.page.locale.language_code == language:
            return LanguageRoute()  # the translation itself
        # An original, reached because the language has no live home page yet.
        original, replaces_wagtails_route = routed, False
    else:
        original, replaces_wagtails_route = _route_in_default_language(request, path), True
        if original is None:
            return LanguageRoute()  # not found in the original either: Wagtail's answer

    # Translated, but at another address (a translated slug): the visitor goes there.
    translated = page_translations(page=original.page).get(language)
    url = translated.get_url(request) if translated is not None else None
    if url and (url := url + _rest_of_path(original.page, path)) != request.path:
        query = request.META.get("QUERY_STRING")
        return LanguageRoute(redirect_to=f"{url}?{query}" if query else url)
    return LanguageRoute(route=original if replaces_wagtails_route else None)


def _route_in_default_language(request, path: str) -> RouteResult | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        home = site.root_page.localized  # the site's home page in the default language
    try:
        return home.specific.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None


def _rest_of_path(page: Page, path: str) -> str:
    """What follows the page's own address in `path`: a routable page's sub-page, such
    as a country's level path. Each site's home page is at depth 2 of the tree, so a
    page's address has depth - 2 parts."""
    parts = [part for part in path.split("/") if part][max(page.depth - 2, 0) :]
    return "/".join(parts) + "/" if parts else ""


# Longest address whose switcher is kept per content version (issue 19).
MAX_CACHED_SWITCHER_PATH = 300


def page_languages(*, request, page: Page | None) -> PageLanguages:
    """The language switcher, the notice and the alternate links for what is on screen."""
    chrome = translation.get_language()
    if page is None:
        return PageLanguages(
            chrome_language=chrome, content_language=chrome, links=_links_for_view(request)
        )
    if (
        page.pk
        and page.live
        and not getattr(request, "is_preview", False)
        and not request.META.get("QUERY_STRING")
        and len(request.path) <= MAX_CACHED_SWITCHER_PATH
    ):
        # The same for every reader of this address until the content changes: kept per
        # content version (issue 19: a tenth of a signed-in page's CPU). Not with a query
        # string (any would fill the cache) nor in a preview.
        return cached_for_content(
            (
                "page-languages",
                page.pk,
                request.scheme,
                request.get_host(),
                chrome,
                request.path,
            ),
            lambda: _page_languages(request, page, chrome),
        )
    return _page_languages(request, page, chrome)


def _page_languages(request, page: Page, chrome: str) -> PageLanguages:

    translations = page_translations(page=page)
    content = _content_language(page, translations)
    original = translations.get(settings.LANGUAGE_CODE) or page
    match = getattr(request, "resolver_match", None)
    served_path = match.args[0] if match and match.url_name == "wagtail_serve" else ""
    rest = _rest_of_path(page, served_path)
    query = request.META.get("QUERY_STRING")

    links = []
    for code, own_name in settings.LANGUAGES:
        if code == chrome:
            url = request.path
        elif code in translations:
            url = (translations[code].get_url(request) or "/") + rest
        else:
            # Not translated: the original's address under that language's prefix,
            # where the original is shown with the notice.
            with translation.override(original.locale.language_code):
                url = translate_url((original.get_url(request) or "/") + rest, code)
        links.append(
            LanguageLink(
                code=code,
                own_name=own_name,
                url=f"{url}?{query}" if query else url,
                is_current=code == chrome,
                is_translated=code in translations,
            )
        )

    alternates = [
        (code, full_url + rest)
        for code, each in translations.items()
        if (full_url := each.get_full_url(request))
    ]
    if original.live and (full_url := original.get_full_url(request)):
        alternates.append(("x-default", full_url + rest))
    return PageLanguages(
        chrome_language=chrome,
        content_language=content,
        links=links,
        alternates=alternates,
        # The same text at the original's address and at this one: search engines keep
        # the original's.
        canonical_url=(
            (original.get_full_url(request) or "") + rest
            if content != chrome and original.live
            else ""
        ),
    )


def _content_language(page: Page, translations: dict[str, Page]) -> str:
    """The language of the page's text. Read from its translations, already loaded, to
    spare a query on every page."""
    if page.alias_of_id:
        return Page.objects.select_related("locale").get(pk=page.alias_of_id).locale.language_code
    for code, each in translations.items():
        if each.pk == page.pk:
            return code
    return page.locale.language_code  # a draft, in preview


def _links_for_view(request) -> list[LanguageLink]:
    """Switcher links for a view that is not a Wagtail page: the same address under each
    language's prefix; for addresses outside the prefixes (sign-in), that language's
    home page."""
    chrome = translation.get_language()
    here = request.get_full_path()
    links = []
    for code, own_name in settings.LANGUAGES:
        url = here if code == chrome else translate_url(here, code)
        if url == here and code != chrome:
            with translation.override(code):
                url = reverse("wagtail_serve", args=[""])
        links.append(
            LanguageLink(
                code=code, own_name=own_name, url=url, is_current=code == chrome, is_translated=True
            )
        )
    return links


def url_in_language(*, request, target: Page | str, language: str | None = None) -> str:
    """`target`'s address in `language` (the active one unless given): a page of the
    default language or of `language` (what listings and menus show), or an address of
    the default language. No look-up per page: under the language's prefix,
    Wagtail finds the translation when its address is the same, and
    page_route_for_language sends the visitor to it when not, or shows the original
    with the notice."""
    language = language or translation.get_language()
    if isinstance(target, Page):
        url = target.get_url(request) or ""
        # Read from the address's prefix (none for the default language): no query per
        # request for the page's locale.
        url_language = translation.get_language_from_path(url) or settings.LANGUAGE_CODE
    else:
        url, url_language = str(target or ""), settings.LANGUAGE_CODE
    if not url or url_language == language:
        return url
    with translation.override(url_language):
        return translate_url(url, language)


# --- Listings: the originals, each in the visitor's language when translated ---------------


def pages_in_language(*, pages: QuerySet, language: str | None = None) -> QuerySet:
    """`pages` (originals, in the default language), each replaced by its live, public
    translation in `language` (the active one unless given) when there is one.

    Listings read the originals rather than the children of the page in the visitor's
    language: once the French backpack exists, its children are only the modules
    translated so far, and French visitors would lose the rest. One queryset, so
    filtering, searching, ordering and paging stay in the database and the number of
    queries does not grow with the pages.
    """
    language = language or translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return pages
    model = pages.model
    translations = (
        model.objects.live()
        .public()
        .filter(
            locale__language_code=language,
            alias_of__isnull=True,
            translation_key__in=pages.values("translation_key"),
        )
    )
    untranslated = pages.exclude(translation_key__in=translations.values("translation_key"))
    return model.objects.filter(
        Q(pk__in=untranslated.values("pk")) | Q(pk__in=translations.values("pk"))
    )


def pages_replaced_by_translations(
    *, pages: list[Page], language: str | None = None, prefetch: tuple[str, ...] = ()
) -> list[Page]:
    """The same for pages already read (a slice, a path), keeping their order: each page
    replaced by its live, public translation in `language` when there is one. One query
    for the translations (and one per `prefetch` relation), however many pages."""
    language = language or translation.get_language()
    if language == settings.LANGUAGE_CODE or not pages:
        return list(pages)
    translations = (
        Page.objects.live()
        .public()
        .filter(
            locale__language_code=language,
            alias_of__isnull=True,
            translation_key__in={page.translation_key for page in pages},
        )
        .specific()
    )
    by_key = {page.translation_key: page for page in translations}
    if prefetch and by_key:
        prefetch_related_objects(list(by_key.values()), *prefetch)
    return [by_key.get(page.translation_key, page) for page in pages]


def original_page(*, page: Page) -> Page:
    """The page in the default language that `page` translates (itself when it is one)."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    original = (
        page.specific_class.objects.filter(
            translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        if page.specific_class
        else None
    )
    return original or page
