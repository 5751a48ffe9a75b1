"""Serves a page that is not translated into the visitor's language yet (decision 0010),
and finds a page from its address without walking the tree (decision 0025)."""

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from curriculum_site.content_version import (
    DATA_SECONDS,
    cached_for_content,
    content_version_and,
)
from reference.languages import page_route_for_language

# Addresses longer than this are routed without the cache (nothing a visitor types).
MAX_CACHED_PATH = 300


class TranslationFallbackMiddleware:
    """At /fr/… (any language but the default), the live French translation when there is
    one; otherwise the original, which the base template marks with a notice.

    A middleware rather than a `route` override on every page type that has children: it
    covers page types added later, and Wagtail's own serve view still runs (its
    before_serve_page hooks check view restrictions on the page actually served).

    It also keeps, per content version, which page an address (host, port, language,
    path) serves: Wagtail reads the site, the locale and every level of the tree on each
    request (seven queries for a module page); a route from the cache holds the page as
    read for the content version, and costs no query. Wagtail's serve view reads the
    route and the site from the request (`_wagtail_route_for_request`, `_wagtail_site`:
    Page.route_for_request and Site.find_for_request document them), and its pages' URLs
    the sites' root paths (`_wagtail_cached_site_root_paths`, Page._get_site_root_paths);
    tests/content/test_translations.py, tests/content/test_page_routes.py and
    tests/curriculum_site/test_content_version.py fail if a Wagtail upgrade renames them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = _route_key(request, path)
        if key is not None:
            # The version is read before routing: a publish meanwhile makes this entry
            # one of an older version, never used.
            version, entry = content_version_and(key, local=True)
            if entry is not None and entry[0] == version:
                _route_from_cache(request, entry)
                return None
        answer = page_route_for_language(request=request, path=path)
        if answer.redirect_to:
            return HttpResponseRedirect(answer.redirect_to)
        if answer.route is not None:
            # Wagtail's serve view reads the route from this per-request cache; setting it
            # serves our page through Wagtail's own view and hooks.
            request._wagtail_route_for_request = answer.route
        if key is not None:
            _route_to_cache(request, key, version, path)
        return None


def _route_key(request, path: str) -> str | None:
    if len(path) > MAX_CACHED_PATH:
        return None
    host = split_domain_port(request._get_raw_host())[0]  # as Site.find_for_request
    address = f"{host}|{request.get_port()}|{translation.get_language()}|{path}"
    # "route", not the "page-route" of entries that named the page instead of holding it.
    return "content:route:" + hashlib.sha256(address.encode()).hexdigest()


def _route_from_cache(request, entry) -> None:
    site, page, parent = entry[1]
    if parent is not None:
        # As Wagtail's route does: the module page's breadcrumb names its parent.
        page._cached_parent_obj = parent
    request._wagtail_site = site
    # Wagtail reads the sites' root paths from the shared cache once per request, to make
    # the page's links; from the process's copy here (one round trip to Redis less).
    request._wagtail_cached_site_root_paths = cached_for_content(
        ("site-root-paths",), Site.get_site_root_paths
    )
    request._wagtail_route_for_request = page.route(request, [])
    _serve_with_cached_restrictions(page)


def _route_to_cache(request, key: str, version: str, path: str) -> None:
    route = Page.route_for_request(request, path)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return  # "not found" is not kept: any address would fill the cache
    page, args, kwargs = route
    _serve_with_cached_restrictions(page)
    if args or kwargs:
        # A routable page's sub-page (a country's level path): its route holds the view
        # to call, bound to this page object; routed by Wagtail every time.
        return
    # The parent as a plain Page (its own fields, no relations): pages name it in their
    # breadcrumb, and a query for it on every request would undo a query saved here.
    parent = (
        Page.objects.filter(path=page.path[: -page.steplen]).first() if page.depth > 1 else None
    )
    # The page itself, as read for this version, with its locale (the language switcher
    # and the notices read it on every page): a publish, an unpublish or a deletion
    # replaces the version, so the page kept is the live one. Read from the process's copy
    # it costs no query (its query was a third of a signed-in page's CPU; decision 0037).
    # Read again, not the routed object: that one carries this request's restrictions.
    stored = apps.get_model(page._meta.label).objects.select_related("locale").get(pk=page.pk)
    entry = (_site_alone(site), stored, parent)
    cache.set(key, (version, entry), timeout=DATA_SECONDS)


def _site_alone(site: Site) -> Site:
    """The site's own fields, without the pages it holds in memory: its root page may be
    the page being served, which carries this request's restrictions (not picklable)."""
    alone = Site(
        **{field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields}
    )
    alone._state.adding, alone._state.db = False, site._state.db
    return alone


def _serve_with_cached_restrictions(page: Page) -> None:
    """Wagtail's before-serve hook asks the page for the view restrictions on it and its
    ancestors (two queries); the served page object answers from the content-version
    cache instead. Only this object, which only the serve view sees: the admin's privacy
    screens keep Wagtail's query set."""
    restrictions = cached_for_content(
        ("view-restrictions", page.pk), lambda: list(Page.get_view_restrictions(page))
    )
    page.get_view_restrictions = lambda: restrictions
