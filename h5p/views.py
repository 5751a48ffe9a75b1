"""The H5P player frame, its files, and the learner's "My progress" page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from curriculum_site.page_hooks import context_from_hooks
from h5p import serving
from h5p.library_store import activity_file_location
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
    config = {
        "contentId": str(activity.pk),
        "title": activity.localized.title,
        "filesUrl": serving.player_files_url(request, token),
        "frameJs": assets["frame_js"],
        "frameCss": assets["frame_css"],
        # Statements name the activity by a stable address, never by the token.
        "objectIri": request.build_absolute_uri(f"/h5p/activities/{activity.pk}"),
        "parentOrigin": serving.site_origin(request),
    }
    response = render(
        request,
        "h5p/player.html",
        {"activity": activity, "config": config, "assets": assets},
    )
    response["Cache-Control"] = "no-store"
    return serving.player_headers_apply(response, request=request, token=token)


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


def _files_preflight(request, token):
    """Some content types load their sounds with an XMLHttpRequest that adds a header
    (X-Requested-With): from the frame's opaque origin that is a cross-origin request,
    which the browser first asks about. Reading a file is all it may do, without cookies."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "3600"
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
