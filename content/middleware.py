"""Serves a page that is not translated into the visitor's language yet (decision 0010)."""

from django.http import HttpResponseRedirect
from wagtail.views import serve as wagtail_serve

from reference.languages import page_route_for_language


class TranslationFallbackMiddleware:
    """At /fr/… (any language but the default), the live French translation when there is
    one; otherwise the original, which the base template marks with a notice.

    A middleware rather than a `route` override on every page type that has children: it
    covers page types added later, and Wagtail's own serve view still runs (its
    before_serve_page hooks check view restrictions on the page actually served).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        answer = page_route_for_language(request=request, path=path)
        if answer.redirect_to:
            return HttpResponseRedirect(answer.redirect_to)
        if answer.route is not None:
            # Wagtail's serve view reads the route from this per-request cache
            # (Page.route_for_request documents it); setting it serves our page through
            # Wagtail's own view and hooks. tests/content/test_translations.py fails
            # if a Wagtail upgrade renames it.
            request._wagtail_route_for_request = answer.route
        return None
