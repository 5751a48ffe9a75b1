"""/api/v1/plots/: plots walked with the trainer's phone."""

from django.urls import path

from supply_base import api

urlpatterns = [path("plots/", api.PlotUploadView.as_view(), name="api_plots_upload")]
