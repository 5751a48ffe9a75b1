"""Whole public pages cached for anonymous visitors, purged by any content change (issue 19).

A page is kept under its host, address (with the query string) and language. Every
entry carries the site's *content version*: a token in the shared cache that any change
to what public pages show replaces (publishing, unpublishing, moving or deleting a page,
a translation going live, a taxonomy, country, H5P activity, image or document edited:
see `content_changed`). An entry of an older version is never served, so a published
change shows on the next request, in every process that shares the cache.

What is never cached, or served from the cache:
- requests that carry a session or messages cookie, or an Authorization header (someone
  signed in, or something to tell them), and anything but GET and HEAD;
- responses other than a Wagtail page's 200; responses that set a cookie, used the CSRF
  token (a form), carry a CSP nonce, say `private`/`no-store`, or stream.

Pages are cached only when the cache is shared by every process (Redis in production), or
when there is a single process (the demo, the tests): with one local-memory cache per
gunicorn worker, a worker would not see another's purge. `BACKPACK_PAGE_CACHE_SECONDS`
(0: off) bounds an entry's life in any case.
"""

import gzip
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers

from curriculum_site.content_version import (
    content_version_and,
    content_version_bump,
    people_version_bump,
)

# A session (someone signed in, or a message waiting) or messages kept in a cookie.
MESSAGES_COOKIE = "messages"
MAX_QUERY_STRING = 200
# Headers a response from the cache keeps; the others (Date, request ids) are made anew.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "Cache-Control",
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "Link",
)


def page_cache_seconds() -> int:
    return int(getattr(settings, "BACKPACK_PAGE_CACHE_SECONDS", 0) or 0)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.headers.get("Authorization"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING


def _key(request) -> str:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    address = f"{request.get_host()}|{language}|{request.get_full_path()}"
    return "page-cache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _cacheable_response(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it is this visitor's
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    # Vary: Cookie is fine: requests with a session cookie never read the cache.
    return not vary & {"authorization", "*"}


class PublicPageCacheMiddleware:
    """Answers anonymous visitors from the page cache; stores what may be shared. Placed
    before the session, language, CSRF and authentication middleware, so that a cached
    page costs two reads of the cache and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        version, entry = content_version_and(key)
        if entry is not None and entry["version"] == version:
            return _from_entry(request, entry)

        response = self.get_response(request)
        if _cacheable_response(request, response):
            cache.set(key, _entry(response, version), timeout=seconds)
            patch_vary_headers(response, ["Accept-Encoding"])
        return response


def _entry(response, version) -> dict:
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    content = response.content
    return {
        "version": version,
        "headers": headers,
        "content": content,
        # Compressed once, here, rather than by GZipMiddleware on every hit. The page is
        # the same for every anonymous visitor and holds no secret (no CSRF token, no
        # session), so compression cannot leak one (BREACH).
        "gzip": gzip.compress(content, compresslevel=6, mtime=0) if len(content) > 200 else None,
    }


def _from_entry(request, entry) -> HttpResponse:
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    compressed = entry["gzip"] if accepts_gzip else None
    response = HttpResponse(compressed if compressed is not None else entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    if compressed is not None:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ["Accept-Encoding"])
    if request.method == "HEAD":
        response.content = b""
    return response


# --- What changes public pages --------------------------------------------------------------

# Apps whose rows public pages show: pages and their tags, taxonomies and countries,
# H5P activities, images and documents, sites, locales and view restrictions.
CONTENT_APPS = {
    "content",
    "modules",
    "adaptation",
    "reference",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "h5p",
}
# Rows written while pages are read or by learners and editors at work, which change no
# public page: renditions and embeds made on first view, the reference index, logs,
# revisions (a draft is not public: publishing saves the page), workflow and comments,
# H5P statements and progress.
NOT_CONTENT_MODELS = {
    "wagtailimages.rendition",
    "wagtailcore.referenceindex",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.revision",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.uploadedfile",
    "h5p.h5pstatement",
    "h5p.h5pprogress",
}


# Apps whose rows decide what a signed-in person is offered (roles, platforms, countries,
# producer groups they manage or train): cached_for_person's facts.
PEOPLE_APPS = {"auth", "reference", "organisation_levels"}


def is_content(model) -> bool:
    meta = model._meta
    if meta.app_label not in CONTENT_APPS:
        return False
    if meta.label_lower in NOT_CONTENT_MODELS:
        return False
    # Custom rendition models (AbstractRendition) wherever they live.
    return not meta.model_name.endswith("rendition")


def content_changed(sender, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed for every model, and of Wagtail's
    page_published, page_unpublished and post_page_move: purges when public content
    changed. wagtail-localize's translation sync writes the translated pages (and publishes
    them when live), so it purges through the same signals."""
    if kwargs.get("raw"):
        return  # fixtures being loaded
    model = sender if isinstance(sender, type) else type(kwargs.get("instance"))
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: purge once, after the change
    # Replaced now, for what this transaction reads next, and again once it commits: a
    # process reading between the two would otherwise cache the rows as they were before
    # the commit under the new version, and serve them until the next edit.
    if is_content(model):
        content_version_bump()
        transaction.on_commit(content_version_bump)
    if model._meta.app_label in PEOPLE_APPS:
        people_version_bump()
        transaction.on_commit(people_version_bump)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete, m2m_changed, page_published, page_unpublished):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    post_page_move.connect(content_changed, dispatch_uid="page-cache-move")
