"""The sync API of the trainer app (issue 7), under /api/v1/."""

from django.urls import path

from training_delivery import api, api_group_work, api_h5p

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
    # H5P activities of the modules kept offline (decision 0033-h5p-offline).
    path(
        "modules/<int:module_id>/h5p/<int:activity_id>/",
        api_h5p.OfflineActivityView.as_view(),
        name="api_h5p_offline",
    ),
    # One library version such an activity plays, kept once on the phone.
    path(
        "modules/<int:module_id>/h5p/<int:activity_id>/libraries/<str:name>/",
        api_h5p.OfflineLibraryView.as_view(),
        name="api_h5p_offline_library",
    ),
    path("h5p-results/", api_h5p.OfflineResultsView.as_view(), name="api_h5p_results"),
    path("group-work/", api_group_work.GroupWorkView.as_view(), name="api_group_work"),
    path(
        "group-work/assessments/",
        api_group_work.AssessmentUploadView.as_view(),
        name="api_group_work_assessments",
    ),
    path(
        "group-work/plan-items/",
        api_group_work.PlanItemUpdatesView.as_view(),
        name="api_group_work_plan_items",
    ),
    path(
        "devices/<int:device_id>/revoke/",
        api.DeviceRevokeView.as_view(),
        name="api_device_revoke",
    ),
]
