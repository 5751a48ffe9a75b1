"""The "H5P activities" and "H5P by module" reports in the admin's Reports menu (issue 3,
point 7).

Aggregates only: how many learners played, how many tries, their average best score
and how many completed, per activity and per module; never one learner's answers.
Read by those who may change H5P activities: the technical committee and superusers.
Both tables download as CSV or Excel; their query counts do not grow with learners.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from curriculum_site.reports import ReportMenuItem, SummaryReportView
from h5p.library_store import h5p_library_report
from h5p.tracking_selectors import h5p_activity_report, h5p_module_report, h5p_reports_allowed

NUMBER_HEADINGS = {
    "learners": _("Learners"),
    "attempts": _("Attempts"),
    "average_score": _("Average best score (%)"),
    "completed": _("Learners who completed"),
    "completion_rate": _("Completion rate (%)"),
    "taken_in": _("Taken on (page, language): attempts"),
}


class H5PReportView(SummaryReportView):
    def user_may_read(self, user):
        return h5p_reports_allowed(user)


class H5PActivityReportView(H5PReportView):
    page_title = _("H5P activities")
    header_icon = "form"
    results_template_name = "h5p/admin/activity_report_results.html"
    index_url_name = "h5p_activity_report"
    index_results_url_name = "h5p_activity_report_results"
    export_filename = "h5p-activities"
    list_export = ["title", "modules", *NUMBER_HEADINGS]
    export_headings = {"title": _("Activity"), "modules": _("In modules"), **NUMBER_HEADINGS}

    def get_queryset(self):
        return h5p_activity_report()


class H5PModuleReportView(H5PReportView):
    page_title = _("H5P by module")
    header_icon = "doc-full"
    results_template_name = "h5p/admin/module_report_results.html"
    index_url_name = "h5p_module_report"
    index_results_url_name = "h5p_module_report_results"
    export_filename = "h5p-modules"
    list_export = ["title", "activities", *NUMBER_HEADINGS]
    export_headings = {
        "title": _("Module"),
        "activities": _("Activities"),
        **NUMBER_HEADINGS,
        "completed": _("Learners who completed every activity"),
    }

    def get_queryset(self):
        return h5p_module_report()


class H5PLibraryReportView(H5PReportView):
    """Every library version in the shared store (decision 0021), and who uses it."""

    page_title = _("H5P libraries")
    header_icon = "code"
    results_template_name = "h5p/admin/library_report_results.html"
    index_url_name = "h5p_library_report"
    index_results_url_name = "h5p_library_report_results"
    export_filename = "h5p-libraries"
    list_export = [
        "title",
        "version",
        "content_hash",
        "file_count",
        "size",
        "activity_count",
        "activities",
        "notes",
    ]
    export_headings = {
        "title": _("Library"),
        "version": _("Version"),
        "content_hash": _("Content hash"),
        "file_count": _("Files"),
        "size": _("Size in bytes"),
        "activity_count": _("Activities using it"),
        "activities": _("Used by"),
        "notes": _("Notes"),
    }

    def get_queryset(self):
        return h5p_library_report()


def menu_items():
    return [
        ReportMenuItem(
            _("H5P activities"),
            reverse("h5p_activity_report"),
            name="h5p-activities",
            icon_name="form",
            order=1320,
            shown=h5p_reports_allowed,
        ),
        ReportMenuItem(
            _("H5P by module"),
            reverse("h5p_module_report"),
            name="h5p-modules",
            icon_name="doc-full",
            order=1321,
            shown=h5p_reports_allowed,
        ),
        ReportMenuItem(
            _("H5P libraries"),
            reverse("h5p_library_report"),
            name="h5p-libraries",
            icon_name="code",
            order=1322,
            shown=h5p_reports_allowed,
        ),
    ]


urlpatterns = [
    path("reports/h5p-activities/", H5PActivityReportView.as_view(), name="h5p_activity_report"),
    path(
        "reports/h5p-activities/results/",
        H5PActivityReportView.as_view(results_only=True),
        name="h5p_activity_report_results",
    ),
    path("reports/h5p-modules/", H5PModuleReportView.as_view(), name="h5p_module_report"),
    path(
        "reports/h5p-modules/results/",
        H5PModuleReportView.as_view(results_only=True),
        name="h5p_module_report_results",
    ),
    path("reports/h5p-libraries/", H5PLibraryReportView.as_view(), name="h5p_library_report"),
    path(
        "reports/h5p-libraries/results/",
        H5PLibraryReportView.as_view(results_only=True),
        name="h5p_library_report_results",
    ),
]
