"""The player frame and its package files, without language prefix (decision 0014)."""

from django.urls import path

from h5p import views

app_name = "h5p"
urlpatterns = [
    path("play/<str:token>/", views.player, name="player"),
    path("play/<str:token>/files/<path:path>", views.player_file, name="player_file"),
]
