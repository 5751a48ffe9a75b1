"""The "SCORM courses" report in the admin's Reports menu (issue 22).

Aggregates only, per course: learners, who completed and passed every part, the
average score and time. Read by those who may change SCORM packages; downloads as CSV
or Excel like the H5P reports.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from curriculum_site.reports import ReportMenuItem, SummaryReportView
from scorm.tracking_selectors import scorm_package_report, scorm_reports_allowed

HEADINGS = {
    "title": _("Course"),
    "version": _("SCORM version"),
    "parts": _("Parts"),
    "learners": _("Learners"),
    "completed": _("Learners who completed"),
    "completion_rate": _("Completion rate (%)"),
    "passed": _("Learners who passed"),
    "average_score": _("Average score (%)"),
    "average_minutes": _("Average time (minutes)"),
}


class ScormReportView(SummaryReportView):
    page_title = _("SCORM courses")
    header_icon = "media"
    results_template_name = "scorm/admin/report_results.html"
    index_url_name = "scorm_report"
    index_results_url_name = "scorm_report_results"
    export_filename = "scorm-courses"
    list_export = list(HEADINGS)
    export_headings = HEADINGS

    def user_may_read(self, user):
        return scorm_reports_allowed(user)

    def get_queryset(self):
        return scorm_package_report()


def menu_item():
    return ReportMenuItem(
        _("SCORM courses"),
        reverse("scorm_report"),
        name="scorm-courses",
        icon_name="media",
        order=1322,
        shown=scorm_reports_allowed,
    )


urlpatterns = [
    path("reports/scorm-courses/", ScormReportView.as_view(), name="scorm_report"),
    path(
        "reports/scorm-courses/results/",
        ScormReportView.as_view(results_only=True),
        name="scorm_report_results",
    ),
]
