"""The trainer app (decision 0015), under /trainer/ in each language: /fr/trainer/, …"""

from django.urls import path

from training_delivery import views

app_name = "trainer"

urlpatterns = [
    path("", views.app_shell, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # Inside the app's address, so the worker's scope is the app and nothing else.
    path("sw.js", views.service_worker, name="service_worker"),
    # The page that plays H5P offline, with a policy of its own (decision 0033-h5p-offline).
    path("h5p-player/", views.h5p_player_host, name="h5p_player"),
]
