"""The sync API of the trainer app (issue 7), under /api/v1/."""

from django.urls import path

from training_delivery import api

urlpatterns = [
    path("token/", api.TokenView.as_view(), name="api_token"),
    path("sessions/", api.SessionUploadView.as_view(), name="api_sessions_upload"),
    path(
        "sessions/<uuid:session_uuid>/photos/",
        api.SessionPhotoView.as_view(),
        name="api_session_photos",
    ),
    path("sync/", api.SyncDownloadView.as_view(), name="api_sync_download"),
    path("devices/", api.DeviceListView.as_view(), name="api_devices"),
    path(
        "modules/<int:module_id>/offline/",
        api.ModuleOfflineView.as_view(),
        name="api_module_offline",
    ),
    path(
        "devices/<int:device_id>/revoke/",
        api.DeviceRevokeView.as_view(),
        name="api_device_revoke",
    ),
]
