from django.urls import path, re_path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(
        r"^tables/(?P<key>[a-z-]+)\.(?P<file_format>csv|xlsx)$",
        views.table_export,
        name="table_export",
    ),
    path("exports/", views.export_start, name="export_start"),
    path("exports/<int:export_id>/", views.export_detail, name="export_detail"),
    path("exports/<int:export_id>/status/", views.export_status, name="export_status"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
    path("reports/", views.reports, name="reports"),
    re_path(
        r"^reports/(?P<report_id>[0-9]+)/(?P<kind>pdf|xlsx)$",
        views.report_download,
        name="report_download",
    ),
]
