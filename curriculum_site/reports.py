"""Pieces the admin reports share: a country filter scoped to the reader, and cells
typed by people kept as text in spreadsheets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from modules.models import Country

# A spreadsheet treats a cell starting with one of these as a formula; names and titles
# typed by people must stay text when a CSV is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def xlsx_formulas_as_text(sheet) -> None:
    """Text typed by people (titles, notes, names) is never run as a spreadsheet formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def country_filterset(countries_visible_to):
    """A report filter offering only the countries `countries_visible_to(user)` returns.

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
            model = Country
            fields = ["country"]

        def filter_country(self, queryset, name, value):
            return queryset.filter(pk=value.pk)

    return CountryFilterSet
