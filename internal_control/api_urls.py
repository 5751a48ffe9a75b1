"""/api/v1/inspections/: internal inspections from the inspector's phone."""

from django.urls import path

from internal_control import api

urlpatterns = [
    path("inspections/", api.InspectionUploadView.as_view(), name="api_inspections_upload")
]
