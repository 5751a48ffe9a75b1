"""Calls and meetings on the site, in the visitor's language (issue 21, point 6)."""

from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:event_id>/", views.event_detail, name="detail"),
]
