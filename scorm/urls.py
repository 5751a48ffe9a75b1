"""The SCORM player's files, without language prefix (decision 0026)."""

from django.urls import path

from scorm import views

app_name = "scorm"
urlpatterns = [
    path("play/<str:token>/", views.player_root, name="player_root"),
    path("play/<str:token>/<int:index>/<path:path>", views.player_file, name="player_file"),
]
