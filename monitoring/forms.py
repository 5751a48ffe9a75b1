"""The dashboard's filters: country, commodity, level, group (for managers) and period.

The choices come from the person's access (monitoring.access), so a forged country or
group id is an invalid choice with a message, never a wider scope.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.access import DashboardAccess, Kind
from monitoring.indicators import Scope
from reference.models import Commodity, OrganisationLevel

# Long enough for a multi-year review, short enough to keep a query on a slow server sane.
LONGEST_PERIOD_YEARS = 10
# No session of Backpack is older, and a plan looks at most a year ahead.
EARLIEST_DAY = datetime.date(2000, 1, 1)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """This year so far: what a dashboard opened without filters shows."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), today


class DashboardFilterForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=None, required=False, empty_label=_("All countries")
    )
    commodity = forms.ModelChoiceField(
        label=_("Commodity"),
        queryset=Commodity.objects.order_by("name"),
        required=False,
        empty_label=_("All commodities"),
    )
    level = forms.ModelChoiceField(
        label=_("Organisation level"),
        queryset=OrganisationLevel.objects.order_by("rank"),
        required=False,
        empty_label=_("All levels"),
        help_text=_("The groups' level at the end of the period."),
    )
    group = forms.ModelChoiceField(
        label=_("Producer group"), queryset=None, required=False, empty_label=_("All my groups")
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, access: DashboardAccess, **kwargs):
        super().__init__(data, **kwargs)
        self.access = access
        self.fields["country"].queryset = access.countries
        for name in ("commodity", "level"):  # the originals (decision 0020)
            self.fields[name].queryset = self.fields[name].queryset.originals()
        if access.groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = access.groups
        # One country to choose from is no choice: the field is left out.
        if access.kind != Kind.GLOBAL and access.countries.count() <= 1:
            del self.fields["country"]
        start, end = default_period()
        self.fields["start"].initial, self.fields["end"].initial = start, end

    def clean(self):
        cleaned = super().clean()
        default_start, default_end = default_period()
        start = cleaned.get("start") or default_start
        end = cleaned.get("end") or default_end
        latest_day = timezone.localdate() + datetime.timedelta(days=366)
        for name, day in (("start", start), ("end", end)):
            if not EARLIEST_DAY <= day <= latest_day:
                self.add_error(
                    name,
                    _("Choose a day between %(first)s and %(last)s.")
                    % {"first": EARLIEST_DAY.isoformat(), "last": latest_day.isoformat()},
                )
        if self.errors:  # the period is checked only once its days are sensible
            return cleaned
        if start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        elif end.year - start.year >= LONGEST_PERIOD_YEARS:
            self.add_error(
                "start",
                _("A period can cover at most %(years)s years.") % {"years": LONGEST_PERIOD_YEARS},
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def scope(self) -> Scope:
        """The scope to compute; call only on a valid form."""
        data = self.cleaned_data
        country, group = data.get("country"), data.get("group")
        if country:
            country_ids = (country.pk,)
        elif self.access.all_countries:
            country_ids = ()
        else:
            # `or (0,)`: an empty tuple would mean "every country"; no country has id 0.
            country_ids = tuple(self.access.countries.values_list("pk", flat=True)) or (0,)
        if group:
            group_ids = (group.pk,)
        elif self.access.groups is not None:
            group_ids = tuple(self.access.groups.values_list("pk", flat=True)) or (0,)
        else:
            group_ids = ()
        return Scope(
            start=data["start"],
            end=data["end"],
            country_ids=country_ids,
            commodity_ids=(data["commodity"].pk,) if data.get("commodity") else (),
            level_ids=(data["level"].pk,) if data.get("level") else (),
            group_ids=group_ids,
        )

    def filters_text(self, *, beside_title: bool = False) -> str:
        """The filters in words, for export file headers and the report. `beside_title`:
        without the group or country the dashboard's title already names."""
        data = self.cleaned_data
        parts = [
            _("%(start)s to %(end)s")
            % {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        ]
        named = set()
        if beside_title:
            named = (
                {"group"} if data.get("group") else {"country"} if data.get("country") else set()
            )
        for name in ("country", "commodity", "level", "group"):
            if data.get(name) and name not in named:
                parts.append(str(data[name]))
        return " · ".join(parts)


# Reports go back this many years; older years have no delivery data in Backpack.
REPORT_YEARS_BACK = 5
GLOBAL_SCOPE = "global"


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    scope = forms.ChoiceField(label=_("For"))

    def __init__(self, data=None, *, scopes: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year, this_year - REPORT_YEARS_BACK - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        # Last year is the one a yearly review is about.
        self.fields["year"].initial = this_year - 1
        self.fields["scope"].choices = scopes

    def country_id(self) -> int | None:
        scope = self.cleaned_data["scope"]
        return None if scope == GLOBAL_SCOPE else int(scope)
