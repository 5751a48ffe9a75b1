"""/api/v1/grievances/: grievances from the trainer app."""

from django.urls import path

from consultation import api

urlpatterns = [
    path("grievances/", api.GrievanceUploadView.as_view(), name="api_grievances_upload"),
]
