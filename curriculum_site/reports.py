"""Pieces the admin reports share: the report view and its menu item, a country filter
scoped to the reader, and cells typed by people kept as text in spreadsheets."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from curriculum_site.spreadsheets import csv_text


def country_filterset(countries_visible_to, *, country_model):
    """A report filter offering only the countries `countries_visible_to(user)` returns.
    The country model is given: this app, under every other, imports none of them.

    A platform asking for another country's id then gets an invalid choice and still
    sees only its own rows.
    """

    class CountryFilterSet(WagtailFilterSet):
        country = django_filters.ModelChoiceFilter(
            label=_("Country"),
            queryset=lambda request: countries_visible_to(request.user),
            method="filter_country",
        )

        class Meta:
            model = country_model
            fields = ["country"]

        def filter_country(self, queryset, name, value):
            return queryset.filter(pk=value.pk)

    return CountryFilterSet


class SummaryReportView(ReportView):
    """A report of aggregates: refused to those `user_may_read` says no to, on one page
    (a few hundred rows at most, compared side by side), downloads guarded against
    formulas. The rows are computed whole, so filtering is the subclass's own."""

    paginate_by = None
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        str: {ReportView.FORMAT_CSV: csv_text},
    }

    def user_may_read(self, user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filtered_queryset(self):
        return self.get_queryset()


class ReportMenuItem(MenuItem):
    """A Reports menu entry shown to those `shown(user)` lets read the report."""

    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown

    def is_shown(self, request):
        return self.shown(request.user)
