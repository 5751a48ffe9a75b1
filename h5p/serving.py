"""Serving H5P packages to the player, isolated from the site (decision 0014).

A package's JavaScript is code the site did not write. It runs in an
`<iframe sandbox="allow-scripts">` whose document and files come from
`/h5p/play/<token>/…` with a Content-Security-Policy that repeats the sandbox, so
the package lives in an opaque origin: it cannot read the site's cookies, storage or
pages, and its requests carry no session. The sandboxed frame sends no cookie either,
so the frame and its files are authorised by the token in the path: signed, expiring,
bound to one user (or to "anonymous") and one activity, and issued only while a module
page that holds the activity is rendered for someone allowed to see that page.

The libraries the package plays (H5P's own code, shared by packages: decision 0021) are
not the activity's content and carry no token: they are served at an address that never
changes for a package version, `/h5p/libraries/<activity id>-<key>/<Library-1.2>/<file>`,
where the key names the activity's set of content-addressed stored libraries. Browsers
(and the trainer app's service worker) keep them a year; replacing the package gives a
new key, and the old address answers "not found" (decision 0025).
"""

import base64
import functools
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import signing
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from curriculum_site.storage import private_storage
from h5p.library_store import (
    BUNDLE_SCRIPT,
    BUNDLE_STYLE,
    activity_libraries,
    player_bundle_text,
)

# Named after the package that first signed tokens: a new name would refuse the tokens of
# pages open at the time of the change.
PLAYER_TOKEN_SALT = "modules.h5p.player"
# The player page and its files: long enough for a lesson, short enough that a link
# copied out of the page stops working the same day.
PLAYER_TOKEN_MAX_AGE = getattr(settings, "H5P_PLAYER_TOKEN_MAX_AGE", 6 * 3600)
# Statements and resume state: a browser that was offline for weeks still delivers what
# the learner did while the page (and so the token) was fresh.
TRACKING_TOKEN_MAX_AGE = getattr(settings, "H5P_TRACKING_TOKEN_MAX_AGE", 60 * 86400)

# The only types the player is given, by extension: what the package policy stores.
# Anything else (html, php, exe, swf…) is refused even if a package slipped it past the
# upload policy. Text of any kind goes as plain text, never as something to render.
CONTENT_TYPES = {
    "json": "application/json",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "svg": "image/svg+xml",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/xml",
    "pdf": "application/pdf",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "csv": "text/csv; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "textile": "text/plain; charset=utf-8",
    "diff": "text/plain; charset=utf-8",
    "patch": "text/plain; charset=utf-8",
    "rtf": "application/rtf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "gltf": "model/gltf+json",
    "glb": "model/gltf-binary",
}
# Any character but control characters, backslashes and colons: the package policy
# accepts file names in the authors' languages (café.png, ảnh.png, ภาพ.png), and the
# checks below keep the path inside the package.
SAFE_PATH = re.compile(r"[^\x00-\x1f\x7f\\:]+")


@dataclass(frozen=True)
class PlayerGrant:
    """What a valid token allows: this user (None: an anonymous visitor), this activity."""

    user_id: int | None
    activity_id: int
    # The module page (generic, adapted or a translation) that showed the activity, so
    # an attempt says where and in which language it was taken (issue 16, point 4).
    # None in tokens issued before pages were named.
    page_id: int | None = None


def h5p_player_token_make(*, user, activity, page=None) -> str:
    user_id = user.pk if user is not None and user.is_authenticated else None
    data = {"u": user_id, "a": activity.pk}
    if page is not None and page.pk is not None:
        data["p"] = page.pk
    return signing.dumps(data, salt=PLAYER_TOKEN_SALT)


def h5p_player_token_read(*, token: str, max_age: int) -> PlayerGrant | None:
    """The grant a token carries, or None if it is forged, altered or older than max_age."""
    try:
        data = signing.loads(token, salt=PLAYER_TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict):
        return None
    user_id, activity_id, page_id = data.get("u"), data.get("a"), data.get("p")
    if not isinstance(activity_id, int) or not (user_id is None or isinstance(user_id, int)):
        return None
    if not (page_id is None or isinstance(page_id, int)):
        return None
    return PlayerGrant(user_id=user_id, activity_id=activity_id, page_id=page_id)


def page_activity_ids(page) -> set[int]:
    """Ids of the H5P activities placed in a module page's body (as rendered)."""
    body = getattr(page, "body", None)
    if body is None:
        return set()
    ids = set()
    for block in body.raw_data:
        if block.get("type") == "h5p_activity":
            activity_id = (block.get("value") or {}).get("activity")
            if isinstance(activity_id, int):
                ids.add(activity_id)
    return ids


def page_shows_activities_to(*, request, page) -> bool:
    """Whether this page's H5P activities may be played by the reader of this request.

    A live page follows Wagtail's own rule for who may view it (its privacy
    restrictions); an unpublished one, or a draft in preview, only its editors.
    Remembered per request: a page with several activities asks once.
    """
    cache = request.__dict__.setdefault("_h5p_page_access", {})
    if page.pk not in cache:
        user = request.user
        if user.is_authenticated and user.is_active and page.permissions_for_user(user).can_edit():
            allowed = True
        elif page.live and not getattr(request, "is_preview", False):
            allowed = all(
                restriction.accept_request(request) for restriction in page.get_view_restrictions()
            )
        else:
            allowed = False
        cache[page.pk] = allowed
    return cache[page.pk]


def h5p_player_token_issue(*, request, page, activity) -> str | None:
    """A player token for the reader of `page`, if the page holds `activity` and they may see it."""
    if activity is None or page is None or activity.pk not in page_activity_ids(page):
        return None
    if not page_shows_activities_to(request=request, page=page):
        return None
    return h5p_player_token_make(user=request.user, activity=activity, page=page)


def h5p_activity_block_context(*, activity, parent_context) -> dict:
    """What the "H5P activity" block needs to render its placeholder and start the player."""
    from django.middleware.csrf import get_token

    parent_context = parent_context or {}
    request, page = parent_context.get("request"), parent_context.get("page")
    token = None
    if request is not None:
        token = h5p_player_token_issue(request=request, page=page, activity=activity)
    if token is None:
        return {"player_url": None}
    tracked = request.user.is_authenticated
    return {
        "player_url": reverse("h5p:player", args=[token]),
        "activity_token": token,
        "tracked": tracked,
        "user_key": str(request.user.pk) if tracked else "",
        # The tracking endpoint takes the session and CSRF token of this page, never the frame.
        "csrf_token": get_token(request) if tracked else "",
        # What the page fetches at idle and hands to the frame (decision 0037).
        "player_files": json.dumps(held_player_files(request, activity_id=activity.pk)),
        "script_url": static("js/h5p-activity.js"),
        "statements_url": reverse("h5p_statements"),
        "state_url": reverse("h5p_state"),
        "login_url": f"{reverse('login')}?next={quote(request.get_full_path())}",
    }


def site_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _absolute(request, url: str) -> str:
    return urljoin(site_origin(request) + "/", url)


def player_asset_urls(request) -> dict:
    """h5p-standalone's files (from npm, served as static files) and the frame's own scripts."""
    main = _absolute(request, static("vendor/h5p-standalone/main.bundle.js"))
    return {
        "main": main,
        "vendor_prefix": main.rsplit("/", 1)[0] + "/",
        "frame_js": _absolute(request, static("vendor/h5p-standalone/frame.bundle.js")),
        "frame_css": _absolute(request, static("vendor/h5p-standalone/styles/h5p.css")),
        "bridge": _absolute(request, static("js/h5p-frame.js")),
        # What the bridge shares with the trainer app's offline player, loaded before it.
        "common": _absolute(request, static("js/h5p-common.js")),
    }


# The player's files the module page fetches at idle and hands to the frame (decision
# 0037, "Start held by the page"): h5p-standalone, H5P core's script and style, and the
# package version's bundles. Each stable for a deploy or a package version, so the page's
# HTTP cache keeps them; the frame (opaque origin, a one-off cache partition) never could.
HELD_STATIC = {
    "main": "vendor/h5p-standalone/main.bundle.js",
    "frame_js": "vendor/h5p-standalone/frame.bundle.js",
    "frame_css": "vendor/h5p-standalone/styles/h5p.css",
}


def held_player_files(request, *, activity_id: int) -> list[str]:
    """The addresses of the player's files a page may fetch ahead of "Start", in the order
    the frame runs them (as the player's config names them)."""
    assets = player_asset_urls(request)
    urls = [assets[name] for name in HELD_STATIC]
    libraries = activity_libraries(activity_id=activity_id)
    if libraries.bundle is not None:
        libraries_url = player_libraries_url(request, activity_id=activity_id, key=libraries.key)
        urls += [f"{libraries_url}/{BUNDLE_SCRIPT}", f"{libraries_url}/{BUNDLE_STYLE}"]
    return urls


def _text_hash(text: str) -> str:
    """A Content-Security-Policy hash source of a script's text (as the frame runs it)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@functools.cache
def _static_text(path: str, url: str) -> str | None:
    """A static file's text as served at `url` (the collected, possibly rewritten file in
    production; the source file where static files are served by the finders)."""
    data = None
    if hasattr(staticfiles_storage, "stored_name"):
        try:
            with staticfiles_storage.open(staticfiles_storage.stored_name(path)) as opened:
                data = opened.read()
        except (ValueError, OSError):
            data = None
    if data is None:
        found = finders.find(path)
        if not found:
            return None
        data = Path(found).read_bytes()
    try:
        # A browser's response.text() drops a byte-order mark, as "utf-8-sig" does.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _static_text_hash(path: str, url: str) -> str | None:
    text = _static_text(path, url)
    return None if text is None else _text_hash(text)


# The frame's own scripts, in the order the player page runs them.
FRAME_SCRIPTS = (("common", "js/h5p-common.js"), ("bridge", "js/h5p-frame.js"))


def player_scripts_inline(request) -> list[tuple[str, str]] | None:
    """The frame's own scripts (h5p-common.js, then the bridge) as texts to put in the
    player page, each with its hash, or None when one cannot be (then they stay files).
    In the page, they save the player a round trip after its document: the frame never
    keeps a file it fetched (decision 0037)."""
    assets = player_asset_urls(request)
    scripts = []
    for name, path in FRAME_SCRIPTS:
        text = _static_text(path, assets[name])
        if text is None or "</script" in text.lower() or "<!--" in text:
            return None
        scripts.append((text, _text_hash(text)))
    return scripts


def held_player_hashes(request, *, activity_id: int, libraries) -> dict[str, str]:
    """Address → hash of each file the page may hand to the frame. The frame runs a file it
    is given only if its text has this hash; the player's policy allows these scripts by
    these hashes and nothing else inline."""
    assets = player_asset_urls(request)
    hashes = {}
    for name, path in HELD_STATIC.items():
        digest = _static_text_hash(path, assets[name])
        if digest:
            hashes[assets[name]] = digest
    if libraries.bundle is not None:
        libraries_url = player_libraries_url(request, activity_id=activity_id, key=libraries.key)
        for name, kind in ((BUNDLE_SCRIPT, "script"), (BUNDLE_STYLE, "style")):
            text = player_bundle_text(
                activity_id=activity_id, kind=kind, libraries_url=libraries_url
            )
            if text is not None:
                hashes[f"{libraries_url}/{name}"] = _text_hash(text)
    return hashes


def player_files_url(request, token: str) -> str:
    return _absolute(request, reverse("h5p:player", args=[token]) + "files")


def player_libraries_url(request, *, activity_id: int, key: str) -> str:
    """The stable address of an activity's libraries (no trailing slash, as filesUrl)."""
    address = reverse("h5p:library_file", args=[activity_id, key, "x"])
    return _absolute(request, address.rsplit("/", 1)[0])


# A library file opened on its own (an SVG, say) is an inert document: sandboxed, with
# nothing allowed. The player page's policy, not this one, governs the files it loads.
LIBRARY_FILE_POLICY = "sandbox; default-src 'none'"
# Immutable: the address changes with the files (the key), so a year is safe.
LIBRARY_CACHE_CONTROL = "public, max-age=31536000, immutable"


def player_content_security_policy(
    *, request, token: str, libraries_url: str = "", script_hashes: tuple[str, ...] = ()
) -> str:
    """The policy of the player page and of every file it loads.

    Each source is the narrowest that lets h5p-standalone and the hub's content types
    work (see decisions 0014 and 0013): scripts only from its npm bundle, the frame
    bridge (and h5p-common.js, which it uses) and this package's own folder (eval
    allowed, inline scripts not);
    fetches (h5p.json, content.json, library.json) only from this package's folder;
    no frames, workers, plugins, forms, or navigation of the parent.
    """
    assets = player_asset_urls(request)
    files = player_files_url(request, token) + "/"
    if libraries_url:
        # This activity's libraries, at their stable address; nothing of other activities.
        files = f"{files} {libraries_url}/"
    vendor = assets["vendor_prefix"]
    # The scripts the module page held and handed over (decision 0037), by their hashes:
    # the same files the sources above allow, run from their text; no other inline script.
    hashes = "".join(f" '{digest}'" for digest in script_hashes)
    directives = [
        "sandbox allow-scripts",
        "default-src 'none'",
        # Hub content types compile their templates at run time (EmbeddedJS, used by
        # Multiple Choice, Question Set, Course Presentation…), which is eval. Inside this
        # opaque-origin sandbox eval can do no more than the package's own scripts already
        # may; inline scripts stay forbidden (decision 0013, "Playing").
        f"script-src {vendor} {assets['bridge']} {assets['common']} {files}{hashes} 'unsafe-eval'",
        # H5P content types set inline style attributes; CSS cannot send data anywhere
        # the img-src, font-src and connect-src below do not allow.
        f"style-src {vendor} {files} 'unsafe-inline'",
        f"img-src {vendor} {files} data: blob:",
        f"font-src {vendor} {files} data:",
        f"media-src {files} blob:",
        f"connect-src {files}",
        "frame-src 'none'",
        "worker-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)


def player_headers_apply(
    response, *, request, token: str, libraries_url: str = "", script_hashes: tuple[str, ...] = ()
):
    response["Content-Security-Policy"] = player_content_security_policy(
        request=request, token=token, libraries_url=libraries_url, script_hashes=script_hashes
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The token is in the address: never send it on as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def package_file_name(*, storage_prefix: str, path: str) -> str | None:
    """The storage name of `path` inside the package, or None if it is not a plain path
    to an allowed file type inside the package's folder."""
    if not path or not SAFE_PATH.fullmatch(path) or path.startswith("/"):
        return None
    normalised = posixpath.normpath(path)
    parts = normalised.split("/")
    if normalised != path or any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    if package_file_content_type(path) is None:
        return None
    return f"{storage_prefix}/{normalised}"


def package_file_content_type(path: str) -> str | None:
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return CONTENT_TYPES.get(extension)


def package_file_open(*, storage_prefix: str, path: str):
    """The opened file, or None when there is no such (allowed) file."""
    name = package_file_name(storage_prefix=storage_prefix, path=path)
    if name is None:
        return None
    storage = private_storage()
    try:
        return storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, OSError):
        return None


# content.json larger than this is fetched beside the page rather than carried in it: a
# presentation's can run to megabytes, which the page's no-store would send every time.
INLINE_JSON_MAX_BYTES = 256 * 1024


def package_json_read(*, storage_prefix: str, path: str):
    """A JSON file of the package, read, or None when absent, unreadable or too large to
    carry in the player page."""
    opened = package_file_open(storage_prefix=storage_prefix, path=path)
    if opened is None:
        return None
    with opened:
        data = opened.read(INLINE_JSON_MAX_BYTES + 1)
    if len(data) > INLINE_JSON_MAX_BYTES:
        return None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except ValueError:
        return None


def refused_message() -> str:
    return _("This activity link has expired or is not yours. Reload the module page to play it.")
