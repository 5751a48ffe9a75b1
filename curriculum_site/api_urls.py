"""The API, version 1: one router for every app, and its OpenAPI schema (decision 0012)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("", include("training_delivery.api_urls")),
    path("", include("h5p.api_urls")),
]
