"""The API's language (decisions 0010 and 0015).

The API has no language prefix (/api/v1/…), and with `prefix_default_language=False`
Django's LocaleMiddleware answers every unprefixed address in the default language,
whatever the request's Accept-Language says. The trainer app sends its language in
Accept-Language with each call, so a refused session is explained to the trainer in the
app's language; this middleware, placed after LocaleMiddleware, honours it for the API.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils import translation

from curriculum_site.content_version import versions_read_once

API_PATH_PREFIX = "/api/"


class ApiLanguageMiddleware:
    """Under /api/, the language the request asks for (the language cookie, else
    Accept-Language, as LocaleMiddleware reads them), else the default. LocaleMiddleware
    then marks the response with that Content-Language and `Vary: Accept-Language`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PATH_PREFIX):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH mitigation: random padding in every compressed
    response) for answers to GET and HEAD. CSRF tokens in those pages are masked anew in
    every response, so a compressed page never repeats one; answers to POSTs (a sign-in,
    the app's token request, a form sent back with its errors) echo what the client sent
    beside secrets and are left uncompressed (decision 0025)."""

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD"):
            return response
        return super().process_response(request, response)


class CacheVersionsMiddleware:
    """The content and people versions read from the shared cache once per request, and
    the entries cached by version kept in this process (curriculum_site/content_version.py,
    decision 0037). Near the top of the list, so that every read of the request is inside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions_read_once():
            return self.get_response(request)
