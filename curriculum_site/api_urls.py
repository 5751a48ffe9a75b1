"""The API, version 1: one router for every app, and its OpenAPI schema (decision 0012)."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ (a photo upload for a "session" that is not a UUID):
    not found, in JSON. Without it the address would fall through to the site's pages and
    be answered in HTML, or refused as a form posted without its CSRF token."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("", include("training_delivery.api_urls")),
    path("", include("h5p.api_urls")),
    path("", include("scorm.api_urls")),
    path("", include("internal_control.api_urls")),
    path("", include("supply_base.api_urls")),
    path("", include("consultation.api_urls")),
    re_path(r"^", not_found),
]
