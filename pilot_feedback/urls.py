"""The pilot-feedback page: /feedback/adapted/<page id>/ (in each site language)."""

from django.urls import path

from pilot_feedback import views

app_name = "pilot_feedback"

urlpatterns = [
    path("adapted/<int:page_id>/", views.pilot_feedback_new, name="new"),
]
