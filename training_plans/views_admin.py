"""The "Coverage gaps" report in the admin's Reports menu (issue 6, point 4).

Urgent needs and high risks that no module answers, grouped by country. The
technical committee and superusers read every country; a national platform reads
its own; anyone else is refused. The table downloads as CSV or Excel.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from curriculum_site.reports import ReportMenuItem, SummaryReportView, country_filterset
from reference.models import Country
from training_plans.coverage import coverage_countries_visible_to, coverage_gaps

CoverageFilterSet = country_filterset(coverage_countries_visible_to, country_model=Country)


class CoverageRow:
    """One line of the download: a gap with its country's name."""

    def __init__(self, country, gap):
        self.country = country.name
        self.subject = gap.subject
        self.kind = gap.kind_label
        self.rated_in = gap.rated_in_text
        self.rating = gap.rating_label
        self.module_count = gap.module_count
        self.gap = gap.gap_label


class CoverageGapsView(SummaryReportView):
    page_title = _("Coverage gaps")
    header_icon = "warning"
    results_template_name = "training_plans/admin/coverage_gaps_results.html"
    index_url_name = "training_plans_coverage_gaps"
    index_results_url_name = "training_plans_coverage_gaps_results"
    filterset_class = CoverageFilterSet
    export_filename = "coverage-gaps"
    list_export = ["country", "subject", "kind", "rated_in", "rating", "module_count", "gap"]
    export_headings = {
        "country": _("Country"),
        "subject": _("Subject"),
        "kind": _("Kind"),
        "rated_in": _("Rated in"),
        "rating": _("Highest rating"),
        "module_count": _("Modules in the backpack"),
        "gap": _("Gap"),
    }

    def user_may_read(self, user):
        return self.countries.exists()

    @cached_property
    def countries(self):
        return coverage_countries_visible_to(self.request.user)

    @cached_property
    def coverage(self):
        return coverage_gaps(countries=self.filter_queryset(self.countries))

    def get_queryset(self):
        # The downloadable rows; the page itself shows `coverage`, country by country.
        return [CoverageRow(item.country, gap) for item in self.coverage for gap in item.gaps]

    def get_context_data(self, **kwargs):
        return super().get_context_data(coverage=self.coverage, **kwargs)


def coverage_gaps_menu_item():
    return ReportMenuItem(
        _("Coverage gaps"),
        reverse("training_plans_coverage_gaps"),
        name="coverage-gaps",
        icon_name="warning",
        order=1300,
        shown=lambda user: coverage_countries_visible_to(user).exists(),
    )


urlpatterns = [
    path("reports/coverage-gaps/", CoverageGapsView.as_view(), name="training_plans_coverage_gaps"),
    path(
        "reports/coverage-gaps/results/",
        CoverageGapsView.as_view(results_only=True),
        name="training_plans_coverage_gaps_results",
    ),
]
