"""/api/v1/inspections/: internal inspections from the inspector's phone."""

from django.urls import path

from internal_control import api

urlpatterns = [
    path("inspections/", api.InspectionUploadView.as_view(), name="api_inspections_upload"),
    # What the field app keeps to inspect offline (control points, members).
    path("inspections/setup/", api.InspectionSetupView.as_view(), name="api_inspections_setup"),
    path(
        "inspections/<uuid:inspection_id>/photos/",
        api.InspectionPhotoView.as_view(),
        name="api_inspection_photos",
    ),
]
