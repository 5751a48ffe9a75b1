"""Reads of the monitoring app: the dashboard's figures, and which files a person may fetch."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from monitoring.access import DashboardAccess, Kind
from monitoring.forms import GLOBAL_SCOPE, DashboardFilterForm
from monitoring.models import DataExport, StateOfPlayReport
from monitoring.tables import Table, dashboard_tables, figures_for


def dashboard_title(*, form: DashboardFilterForm) -> str:
    access, data = form.access, form.cleaned_data
    if data.get("group"):
        return _("Dashboard: %(name)s") % {"name": data["group"].name}
    if access.kind == Kind.GROUP:
        groups = list(access.groups[:2])
        if len(groups) == 1:
            return _("Dashboard: %(name)s") % {"name": groups[0].name}
        return _("Dashboard of my producer groups")
    if data.get("country"):
        return _("Dashboard: %(name)s") % {"name": data["country"].name}
    if access.kind == Kind.COUNTRY:
        names = ", ".join(country.name for country in access.countries)
        return _("Dashboard: %(name)s") % {"name": names}
    if access.all_countries:
        return _("Global dashboard")
    return _("Dashboard of the countries you follow")


def dashboard_tables_for(*, form: DashboardFilterForm) -> list[Table]:
    # A group dashboard has no country table: coverage is about a country's curriculum.
    with_countries = form.access.kind != Kind.GROUP
    return dashboard_tables(figures_for(scope=form.scope(), with_countries=with_countries))


def exports_of(*, user) -> QuerySet[DataExport]:
    return DataExport.objects.filter(requested_by=user)


def reports_visible_to(*, access: DashboardAccess) -> QuerySet[StateOfPlayReport]:
    """The committee reads every report; others the reports of their countries. Global
    reports sum up every country, so they are the committee's. Group managers read none."""
    if access.kind == Kind.GROUP:
        return StateOfPlayReport.objects.none()
    reports = StateOfPlayReport.objects.select_related("country", "requested_by")
    if access.all_countries:
        return reports
    return reports.filter(Q(country__in=access.countries))


def report_scopes(*, access: DashboardAccess) -> list[tuple[str, str]]:
    """The scopes a person may ask a report for: the world (committee) and their countries."""
    scopes = [(GLOBAL_SCOPE, _("All countries"))] if access.all_countries else []
    return scopes + [(str(country.pk), country.name) for country in access.countries]


def scope_within_access(*, scope, access: DashboardAccess) -> bool:
    """Whether everything a saved scope covers is still readable with this access."""
    if access.groups is not None:
        allowed = set(access.groups.values_list("pk", flat=True))
        return bool(scope.group_ids) and set(scope.group_ids) <= allowed
    if access.all_countries:
        return True
    allowed = set(access.countries.values_list("pk", flat=True))
    return bool(scope.country_ids) and set(scope.country_ids) <= allowed
