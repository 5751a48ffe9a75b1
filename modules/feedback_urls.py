"""The pilot-feedback page: /feedback/adapted/<page id>/ (in each site language)."""

from django.urls import path

from modules import feedback_views

app_name = "pilot_feedback"

urlpatterns = [
    path("adapted/<int:page_id>/", feedback_views.pilot_feedback_new, name="new"),
]
