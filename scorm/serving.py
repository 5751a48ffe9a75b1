"""Playing SCORM packages, isolated from the site as H5P packages are (decision 0014).

A SCORM course is code the site did not write. Its launch page is loaded into an
`<iframe sandbox="allow-scripts">` from `/scorm/play/<token>/<sco>/…` with a
Content-Security-Policy that repeats the sandbox: the course runs in an opaque origin and
cannot read the site's cookies, storage or pages. The frame sends no cookie, so the token
in the path authorises it: signed, expiring, bound to one learner (or "anonymous"), one
package and the module page that showed it, issued only while that page is rendered for
someone allowed to see it.

A course looks for the SCORM API (`API` for 1.2, `API_1484_11` for 2004) in its own
window first. So the launch page is served with the run-time injected at the top of its
<head>: scorm-again (npm, served as a static file), the learner's stored data, and our
bridge (`scorm-frame.js`), which hands every commit to the module page by postMessage.
The module page (`scorm-activity.js`) queues commits and sends them with the session.
"""

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from django.conf import settings
from django.core import signing
from django.templatetags.static import static
from django.urls import reverse

from curriculum_site.storage import private_storage
from h5p.serving import CONTENT_TYPES as H5P_CONTENT_TYPES
from h5p.serving import page_shows_activities_to, site_origin
from scorm.manifest import SCORM_2004

TOKEN_SALT = "scorm.player"
PLAYER_TOKEN_MAX_AGE = getattr(settings, "SCORM_PLAYER_TOKEN_MAX_AGE", 6 * 3600)
# Commits: a browser that was offline for weeks still delivers what the learner did.
TRACKING_TOKEN_MAX_AGE = getattr(settings, "SCORM_TRACKING_TOKEN_MAX_AGE", 60 * 86400)

# What the frame is given, by extension; web pages only from the package's own folder.
CONTENT_TYPES = {
    **H5P_CONTENT_TYPES,
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "xhtml": "application/xhtml+xml; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "xsd": "application/xml",
    "dtd": "application/xml-dtd",
    "ico": "image/x-icon",
    "oga": "audio/ogg",
    "ogv": "video/ogg",
    "m4v": "video/mp4",
}
PAGE_TYPES = {"html", "htm", "xhtml"}
SAFE_PATH = re.compile(r"[^\x00-\x1f\x7f\\:]+")
HEAD_TAG = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)


@dataclass(frozen=True)
class PlayerGrant:
    user_id: int | None
    package_id: int
    page_id: int | None


def player_token_make(*, user, package, page) -> str:
    user_id = user.pk if user is not None and user.is_authenticated else None
    return signing.dumps(
        {"u": user_id, "s": package.pk, "g": page.pk if page else None}, salt=TOKEN_SALT
    )


def player_token_read(*, token: str, max_age: int) -> PlayerGrant | None:
    """The grant a token carries, or None if it is forged, altered or too old."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, package_id, page_id = data.get("u"), data.get("s"), data.get("g")
    if not isinstance(package_id, int):
        return None
    if not (user_id is None or isinstance(user_id, int)):
        return None
    if not (page_id is None or isinstance(page_id, int)):
        return None
    return PlayerGrant(user_id=user_id, package_id=package_id, page_id=page_id)


def page_package_ids(page) -> set[int]:
    """Ids of the SCORM packages placed in a module page's body."""
    body = getattr(page, "body", None)
    if body is None:
        return set()
    ids = set()
    for block in body.raw_data:
        if block.get("type") == "scorm_package":
            package_id = (block.get("value") or {}).get("package")
            if isinstance(package_id, int):
                ids.add(package_id)
    return ids


def player_token_issue(*, request, page, package) -> str | None:
    if package is None or page is None or package.pk not in page_package_ids(page):
        return None
    if not page_shows_activities_to(request=request, page=page):
        return None
    return player_token_make(user=request.user, package=package, page=page)


def learner_key(user_id: int) -> str:
    """A stable pseudonym for the course's `student_id`: the course never sees a username."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"scorm-learner:{user_id}".encode(), hashlib.sha256
    )
    return "learner-" + digest.hexdigest()[:16]


def _absolute(request, url: str) -> str:
    return urljoin(site_origin(request) + "/", url)


def files_url(request, token: str) -> str:
    """The folder every file of the package is served from, for this token."""
    return _absolute(request, reverse("scorm:player_root", args=[token]))


def sco_launch_url(request, *, token: str, index: int, launch: str) -> str:
    return _absolute(request, reverse("scorm:player_file", args=[token, index, "x"])[:-1]) + quote(
        launch, safe="/?&=#%"
    )


def runtime_asset_urls(request, version: str) -> dict:
    runtime = "scorm2004.min.js" if version == SCORM_2004 else "scorm12.min.js"
    return {
        "runtime": _absolute(request, static(f"vendor/scorm-again/{runtime}")),
        "bridge": _absolute(request, static("js/scorm-frame.js")),
    }


def player_content_security_policy(*, request, token: str) -> str:
    """The policy of the course's pages and every file they load.

    Courses made by Articulate, iSpring, Adapt and others write inline scripts and
    styles and evaluate code at run time; inside this opaque-origin sandbox those can do
    no more than the course's own files already may. What the policy keeps shut is the
    way out: fetches and frames only within the package's folder, no forms, no workers,
    no plug-ins, no navigation of the module page.
    """
    files = files_url(request, token)
    assets = runtime_asset_urls(request, "1.2")
    assets_2004 = runtime_asset_urls(request, SCORM_2004)
    scripts = f"{files} {assets['runtime']} {assets_2004['runtime']} {assets['bridge']}"
    directives = [
        "sandbox allow-scripts",
        "default-src 'none'",
        f"script-src {scripts} 'unsafe-inline' 'unsafe-eval'",
        f"style-src {files} 'unsafe-inline'",
        f"img-src {files} data: blob:",
        f"font-src {files} data:",
        f"media-src {files} blob:",
        f"connect-src {files}",
        f"frame-src {files}",
        "worker-src 'none'",
        "object-src 'none'",
        f"base-uri {files}",
        "form-action 'none'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)


def player_headers_apply(response, *, request, token: str):
    response["Content-Security-Policy"] = player_content_security_policy(
        request=request, token=token
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def package_file_open(*, storage_prefix: str, path: str):
    """The stored file at `path` inside the package, or None (never outside the prefix)."""
    if not SAFE_PATH.fullmatch(path) or ".." in path.split("/") or path.startswith("/"):
        return None
    if file_extension(path) not in CONTENT_TYPES:
        return None
    storage = private_storage()
    name = f"{storage_prefix}/{path}"
    try:
        return storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, OSError):
        return None


def file_extension(path: str) -> str:
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[1].lower() if "." in last.lstrip(".") else ""


def runtime_injected(page_bytes: bytes, *, request, version: str, config: dict) -> bytes:
    """The launch page with the SCORM run-time placed first in its <head>, so the API
    exists before any of the course's own scripts run."""
    assets = runtime_asset_urls(request, version)
    # JSON inside a <script>: "<", ">" and "&" escaped so the data cannot close the tag.
    data = (
        json.dumps(config, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    injected = (
        f'<script src="{assets["runtime"]}"></script>'
        f"<script>window.BACKPACK_SCORM = {data};</script>"
        f'<script src="{assets["bridge"]}"></script>'
    ).encode()
    match = HEAD_TAG.search(page_bytes)
    if match:
        return page_bytes[: match.end()] + injected + page_bytes[match.end() :]
    return injected + page_bytes
