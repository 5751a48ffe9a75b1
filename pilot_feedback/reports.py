"""The "Pilot feedback" report in the admin's Reports menu (issue 4, point 6).

Feedback aggregated per generic module across countries, for the technical
committee's next revision. The committee and superusers read every country; a
national platform reads its own country only; anyone else is refused. The table
downloads as CSV or Excel, one row per generic module and country.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from curriculum_site.reports import ReportMenuItem, SummaryReportView, country_filterset
from pilot_feedback.selectors import pilot_feedback_countries_visible_to, pilot_feedback_summary
from reference.models import Country

PilotFeedbackFilterSet = country_filterset(
    pilot_feedback_countries_visible_to, country_model=Country
)


class PilotFeedbackRow:
    """One line of the download: a generic module's feedback from one country."""

    def __init__(self, summary, rating):
        self.code = summary.code
        self.title = summary.title
        self.country = rating.country.name
        self.feedback_count = rating.feedback_count
        self.average_rating = round(rating.average_rating, 1)


class PilotFeedbackReportView(SummaryReportView):
    page_title = _("Pilot feedback")
    header_icon = "comment"
    results_template_name = "pilot_feedback/admin/report_results.html"
    index_url_name = "modules_pilot_feedback_report"
    index_results_url_name = "modules_pilot_feedback_report_results"
    filterset_class = PilotFeedbackFilterSet
    export_filename = "pilot-feedback"
    list_export = ["code", "title", "country", "feedback_count", "average_rating"]
    export_headings = {
        "code": _("Code"),
        "title": _("Generic module"),
        "country": _("Country"),
        "feedback_count": _("Feedback"),
        "average_rating": _("Average rating"),
    }

    def user_may_read(self, user):
        return self.countries.exists()

    @cached_property
    def countries(self):
        return pilot_feedback_countries_visible_to(self.request.user)

    @cached_property
    def summaries(self):
        return pilot_feedback_summary(countries=self.filter_queryset(self.countries))

    def get_queryset(self):
        # The downloadable rows; the page itself shows `summaries`, module by module.
        return [
            PilotFeedbackRow(summary, rating)
            for summary in self.summaries
            for rating in summary.countries
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(summaries=self.summaries, **kwargs)


def pilot_feedback_menu_item():
    return ReportMenuItem(
        _("Pilot feedback"),
        reverse("modules_pilot_feedback_report"),
        name="pilot-feedback",
        icon_name="comment",
        order=1310,
        shown=lambda user: pilot_feedback_countries_visible_to(user).exists(),
    )


urlpatterns = [
    path(
        "reports/pilot-feedback/",
        PilotFeedbackReportView.as_view(),
        name="modules_pilot_feedback_report",
    ),
    path(
        "reports/pilot-feedback/results/",
        PilotFeedbackReportView.as_view(results_only=True),
        name="modules_pilot_feedback_report_results",
    ),
]
