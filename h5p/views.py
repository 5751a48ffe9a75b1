"""The H5P player frame, its files, and the learner's "My progress" page."""

from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from curriculum_site.page_hooks import context_from_hooks
from h5p import serving
from h5p.library_store import (
    BUNDLE_SCRIPT,
    BUNDLE_STYLE,
    activity_file_location,
    activity_libraries,
    player_bundle_text,
)
from h5p.models import H5PActivity
from h5p.tracking_selectors import learner_progress_by_module

# What the apps above add to My progress (the scorm app: the learner's SCORM courses),
# each as a rendered section under its own context key (curriculum_site.page_hooks).
MY_PROGRESS_SECTIONS = "my_progress_sections"


def _grant_or_none(token: str):
    return serving.h5p_player_token_read(token=token, max_age=serving.PLAYER_TOKEN_MAX_AGE)


def _refused():
    response = HttpResponseForbidden(serving.refused_message(), content_type="text/plain")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def player(request, token):
    """The sandboxed document that runs h5p-standalone for one activity.

    Authorised by the token alone: inside the sandbox no cookie is sent, and the page
    must work the same for a signed-in learner and an anonymous visitor.
    """
    grant = _grant_or_none(token)
    if grant is None:
        return _refused()
    if (
        grant.user_id is not None
        and not get_user_model().objects.filter(pk=grant.user_id, is_active=True).exists()
    ):
        return _refused()
    activity = H5PActivity.objects.filter(pk=grant.activity_id).first()
    if activity is None:
        raise Http404
    assets = serving.player_asset_urls(request)
    libraries = activity_libraries(activity_id=activity.pk)
    libraries_url = serving.player_libraries_url(
        request, activity_id=activity.pk, key=libraries.key
    )
    files_url = serving.player_files_url(request, token)
    bundle = libraries.bundle
    # The module page says it holds h5p-standalone, H5P core and the bundles (fetched at
    # idle, decision 0037) and hands them over with "start": none of them is fetched here.
    held = request.GET.get("held") == "1"
    held_hashes = (
        serving.held_player_hashes(request, activity_id=activity.pk, libraries=libraries)
        if held
        else {}
    )
    if bundle is not None:
        # The player starts one round trip after this page (issue 19, decision 0025): the
        # JSON it would fetch one file after another is in the page, and the libraries'
        # scripts and styles come as one file each, fetched at once with H5P's own.
        inline = {f"{files_url}/h5p.json": bundle.package_json}
        inline |= {
            f"{libraries_url}/{quote(folder)}/library.json": metadata
            for folder, metadata in bundle.library_json.items()
        }
        content = serving.package_json_read(
            storage_prefix=activity.storage_prefix, path="content/content.json"
        )
        preload = [
            {"url": assets["frame_js"], "kind": "script"},
            {"url": assets["frame_css"], "kind": "style"},
            {"url": f"{libraries_url}/{BUNDLE_SCRIPT}", "kind": "script"},
            {"url": f"{libraries_url}/{BUNDLE_STYLE}", "kind": "style"},
        ]
        if content is None:  # too large to carry in the page: fetched beside the rest
            preload.append({"url": f"{files_url}/content/content.json", "kind": "fetch"})
        else:
            inline[f"{files_url}/content/content.json"] = content
    else:
        inline = {}
        # Everything the player will ask for, one request after another (14 for a quiz),
        # asked for at once while the page loads: h5p-standalone then finds each in the
        # browser's cache. JSON is fetched in CORS mode, hence `crossorigin` on those.
        preload = [
            {"url": f"{files_url}/h5p.json", "kind": "fetch"},
            {"url": f"{files_url}/content/content.json", "kind": "fetch"},
            {"url": assets["frame_js"], "kind": "script"},
            {"url": assets["frame_css"], "kind": "style"},
            *(
                {"url": f"{libraries_url}/{quote(path)}", "kind": kind}
                for path, kind in libraries.preload
            ),
        ]
    config = {
        "contentId": str(activity.pk),
        "title": activity.localized.title,
        "filesUrl": files_url,
        "librariesUrl": libraries_url,
        "frameJs": assets["frame_js"],
        "frameCss": assets["frame_css"],
        "customJs": [f"{libraries_url}/{BUNDLE_SCRIPT}"] if bundle else [],
        "customCss": [f"{libraries_url}/{BUNDLE_STYLE}"] if bundle else [],
        # Statements name the activity by a stable address, never by the token.
        "objectIri": request.build_absolute_uri(f"/h5p/activities/{activity.pk}"),
        "parentOrigin": serving.site_origin(request),
        "main": assets["main"],
        # What the page may hand over, by address, with the hash its text must have.
        "held": held_hashes,
    }
    frame_scripts = None
    if held:
        preload = [file for file in preload if file["url"] not in held_hashes]
        # The frame's scripts in the page, allowed by their hashes: one round trip less.
        frame_scripts = serving.player_scripts_inline(request)
    response = render(
        request,
        "h5p/player.html",
        {
            "activity": activity,
            "config": config,
            "assets": assets,
            "preload": preload,
            "inline_files": inline,
            "held": held,
            "frame_scripts": [text for text, _digest in frame_scripts or ()],
        },
    )
    response["Cache-Control"] = "no-store"
    scripts = tuple(digest for url, digest in held_hashes.items() if not url.endswith(".css"))
    scripts += tuple(digest for _text, digest in frame_scripts or ())
    return serving.player_headers_apply(
        response,
        request=request,
        token=token,
        libraries_url=libraries_url,
        script_hashes=scripts,
    )


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def player_file(request, token, path):
    """One file of the activity's extracted package, from private storage."""
    grant = _grant_or_none(token)
    if grant is None:
        return _refused()
    if request.method == "OPTIONS":
        return _files_preflight(request, token)
    storage_prefix = (
        H5PActivity.objects.filter(pk=grant.activity_id)
        .values_list("storage_prefix", flat=True)
        .first()
    )
    if not storage_prefix:
        raise Http404
    # The package's folder is virtual: its libraries come from the shared store.
    if serving.package_file_name(storage_prefix=storage_prefix, path=path) is None:
        raise Http404
    prefix, inner_path = activity_file_location(
        activity_id=grant.activity_id, storage_prefix=storage_prefix, path=path
    )
    opened = serving.package_file_open(storage_prefix=prefix, path=inner_path)
    if opened is None:
        raise Http404
    response = FileResponse(opened, content_type=serving.package_file_content_type(path))
    # The sandboxed frame has an opaque origin, so its fetch() of the package's JSON is a
    # cross-origin request: it must be allowed to read the answer. The token in the path
    # is the secret; anyone holding it may read the file with or without this header.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "private, max-age=3600"
    return serving.player_headers_apply(response, request=request, token=token)


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def library_file(request, activity_id, key, path):
    """One file of a library the activity plays, at an address stable for the package
    version: H5P's code, not the activity's content, so no token; cached for a year."""
    libraries = activity_libraries(activity_id=activity_id)
    folder, _, inner_path = path.partition("/")
    prefix = libraries.folders.get(folder)
    # Another key is another package version (replaced since): never other files under it.
    if key != libraries.key or (prefix is None and path not in (BUNDLE_SCRIPT, BUNDLE_STYLE)):
        raise Http404
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        _allow_reading_from_the_frame(response)
    elif path in (BUNDLE_SCRIPT, BUNDLE_STYLE):
        text = player_bundle_text(
            activity_id=activity_id,
            kind="script" if path == BUNDLE_SCRIPT else "style",
            libraries_url=serving.player_libraries_url(request, activity_id=activity_id, key=key),
        )
        if text is None:
            raise Http404
        response = HttpResponse(text, content_type=serving.package_file_content_type(path))
        response["Access-Control-Allow-Origin"] = "*"
    else:
        opened = serving.package_file_open(storage_prefix=prefix, path=inner_path)
        if opened is None:
            raise Http404
        response = FileResponse(opened, content_type=serving.package_file_content_type(path))
        response["Access-Control-Allow-Origin"] = "*"  # fetched from the frame's opaque origin
    response["Cache-Control"] = serving.LIBRARY_CACHE_CONTROL
    response["Content-Security-Policy"] = serving.LIBRARY_FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _allow_reading_from_the_frame(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "3600"


def _files_preflight(request, token):
    """Some content types load their sounds with an XMLHttpRequest that adds a header
    (X-Requested-With): from the frame's opaque origin that is a cross-origin request,
    which the browser first asks about. Reading a file is all it may do, without cookies."""
    response = HttpResponse(status=204)
    _allow_reading_from_the_frame(response)
    return serving.player_headers_apply(response, request=request, token=token)


@login_required
def my_progress(request):
    """Per module: the activities this learner played, done or not, and their scores."""
    sections = context_from_hooks(MY_PROGRESS_SECTIONS, user=request.user)
    return render(
        request,
        "h5p/my_progress.html",
        {
            "modules": learner_progress_by_module(user=request.user),
            "sections": [sections[key] for key in sorted(sections)],
        },
    )
