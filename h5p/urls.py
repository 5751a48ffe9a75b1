"""The player frame and its package files, without language prefix (decision 0014)."""

from django.urls import path

from h5p import views

app_name = "h5p"
urlpatterns = [
    path("play/<str:token>/", views.player, name="player"),
    path("play/<str:token>/files/<path:path>", views.player_file, name="player_file"),
    # A package version's libraries, cacheable for a year (decision 0025): no token.
    path(
        "libraries/<int:activity_id>-<str:key>/<path:path>",
        views.library_file,
        name="library_file",
    ),
]
