"""The SCORM player's files (the course's launch page with the run-time injected)."""

from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scorm import serving
from scorm.manifest import launch_path
from scorm.models import ScormPackage
from scorm.tracking_services import runtime_start_data


def _refused():
    response = HttpResponseForbidden(
        _("This course link has expired or is not yours. Reload the module page."),
        content_type="text/plain; charset=utf-8",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "HEAD"])
def player_root(request, token):
    """The folder the package is served from: nothing to show by itself."""
    raise Http404


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def player_file(request, token, index, path):
    """One file of the package, for the SCO at `index` of its table of contents.

    Authorised by the token alone: inside the sandbox no cookie is sent. The SCO's launch
    page is given the SCORM run-time and the learner's stored data in its <head>.
    """
    grant = serving.player_token_read(token=token, max_age=serving.PLAYER_TOKEN_MAX_AGE)
    if grant is None:
        return _refused()
    user = None
    if grant.user_id is not None:
        user = get_user_model().objects.filter(pk=grant.user_id, is_active=True).first()
        if user is None:
            return _refused()
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD"
        response["Access-Control-Allow-Headers"] = "*"
        return serving.player_headers_apply(response, request=request, token=token)
    package = ScormPackage.objects.filter(pk=grant.package_id).first()
    scos = package.scos if package else []
    if package is None or index >= len(scos):
        raise Http404
    sco = scos[index]
    opened = serving.package_file_open(storage_prefix=package.storage_prefix, path=path)
    if opened is None:
        raise Http404
    content_type = serving.CONTENT_TYPES[serving.file_extension(path)]
    if path == launch_path(sco["launch"]):
        with opened:
            page = opened.read()
        config = {
            "version": package.scorm_version,
            "sco": sco["identifier"],
            "parentOrigin": serving.site_origin(request),
            "tracked": user is not None,
            "start": runtime_start_data(
                package=package,
                sco=sco["identifier"],
                user=user,
                learner_id=serving.learner_key(user.pk) if user else "anonymous",
            ),
        }
        body = serving.runtime_injected(
            page, request=request, version=package.scorm_version, config=config
        )
        response = HttpResponse(body, content_type=content_type)
        # The learner's stored data is in it: never kept by a cache.
        response["Cache-Control"] = "no-store"
    else:
        response = FileResponse(opened, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
    # The frame's origin is opaque, so its fetch() of the course's own data is a
    # cross-origin request; the token in the path is the secret.
    response["Access-Control-Allow-Origin"] = "*"
    return serving.player_headers_apply(response, request=request, token=token)
