"""Importing a producer group's plots from a GeoJSON, KML or zipped shapefile (issue 20,
point 2).

Each feature names its farmer by member code on the group's roster, and may give its
name, crop, tenure and (for a point) its declared area. Every feature is checked first:
if any has a problem, nothing is stored and every problem is listed with the feature's
number and name. The same file imported twice into a group is refused: it would
double every plot.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from curriculum_site.spreadsheets import Problem, folded
from organisation_levels.models import ProducerGroup
from supply_base.geo_files import Feature, geo_file_read
from supply_base.geometry import GeometryError, geometry_check, plot_area_limits
from supply_base.models import Plot, PlotImport, PlotSource
from supply_base.plot_values import PlotVocabulary, property_values
from supply_base.risk_evidence import risk_evidence_refresh_on_commit

FOUR_PLACES = Decimal("0.0001")


@dataclass
class PlotImportReport:
    added: int = 0
    problems: list[Problem] = field(default_factory=list)
    plots: list[Plot] = field(default_factory=list)


def hectares(value) -> Decimal:
    return Decimal(str(value)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def plot_build(*, farmer, geometry, fields: dict, source: str, user, country_iso: str) -> Plot:
    """An unsaved plot from checked values; raises GeometryError for its location or area."""
    checked = geometry_check(geometry, country_iso=country_iso)
    declared = fields.get("declared_area")
    if checked.area_ha is None:
        if declared is None:
            raise GeometryError(
                _("A plot given as a point needs its area in hectares (an “area_ha” value).")
            )
        low, high = plot_area_limits()
        if not (low <= float(declared) <= high):
            raise GeometryError(
                _("The declared area, %(area)s ha, is not from %(low)s to %(high)s ha.")
                % {"area": declared, "low": f"{low:g}", "high": f"{high:g}"}
            )
        area = hectares(declared)
    else:
        area = hectares(checked.area_ha)
    return Plot(
        farmer=farmer,
        name=fields.get("name", ""),
        commodity=fields.get("commodity"),
        tenure=fields["tenure"],
        tenure_document=fields.get("tenure_document", ""),
        tenure_notes=fields.get("tenure_notes", ""),
        geometry=checked.geometry,
        area_ha=area,
        longitude=checked.longitude,
        latitude=checked.latitude,
        source=source,
        recorded_by=user,
    )


def _feature_problems(feature: Feature, errors: dict[str, str]) -> list[Problem]:
    return [
        Problem(feature.number, column, f"{feature.label}: {message}")
        for column, message in errors.items()
    ]


def plot_import(*, group, file_name: str, data: bytes, user) -> PlotImportReport:
    """Check every feature; store every plot, or none. Raises GeoFileError for a file
    unfit as a whole."""
    if not ProducerGroup.objects.changeable_by(user).filter(pk=group.pk).exists():
        # The view offers only the groups the user keeps: this refuses a forged request.
        raise PermissionDenied
    digest = hashlib.sha256(data).hexdigest()
    earlier = PlotImport.objects.filter(group=group, sha256=digest).first()
    if earlier:
        return PlotImportReport(problems=[_already_imported(earlier)])
    features = geo_file_read(name=file_name, data=data)
    farmers = {folded(farmer.member_code): farmer for farmer in group.farmers.on_roster()}
    vocabulary = PlotVocabulary()
    country_iso = group.country.iso_code
    problems, plots = [], []
    for feature in features:
        if feature.problem:
            problems.append(
                Problem(feature.number, "geometry", f"{feature.label}: {feature.problem}")
            )
            continue
        values = property_values(feature.properties)
        fields, errors = vocabulary.check(values)
        code = values.get("member_code", "")
        farmer = farmers.get(folded(code))
        if not code:
            errors["member_code"] = _("The feature names no farmer: give a “member_code”.")
        elif farmer is None:
            errors["member_code"] = _(
                "No farmer with member code %(code)s is on the roster of %(group)s."
            ) % {"code": code, "group": group.name}
        try:
            plot = (
                plot_build(
                    farmer=farmer,
                    geometry=feature.geometry,
                    fields=fields,
                    source=PlotSource.IMPORTED,
                    user=user,
                    country_iso=country_iso,
                )
                if not errors
                else None
            )
        except GeometryError as error:
            errors["geometry"] = error.message
            plot = None
        if not errors and plot is not None:
            plots.append(plot)
        problems += _feature_problems(feature, errors)
    if problems:
        return PlotImportReport(problems=problems)
    try:
        return _store(group=group, file_name=file_name, digest=digest, plots=plots, user=user)
    except IntegrityError:
        # The same file was imported at the same moment (a double click): one import won.
        earlier = PlotImport.objects.filter(group=group, sha256=digest).first()
        return PlotImportReport(problems=[_already_imported(earlier)] if earlier else [])


def _already_imported(earlier: PlotImport) -> Problem:
    return Problem(
        None,
        "",
        _(
            "This file was already imported on %(date)s (%(count)s plots): nothing was "
            "imported again. Change the file, or delete those plots first."
        )
        % {"date": date_format(earlier.imported_at, "SHORT_DATE_FORMAT"), "count": earlier.plots},
    )


@transaction.atomic
def _store(*, group, file_name, digest, plots, user) -> PlotImportReport:
    batch = PlotImport.objects.create(
        group=group, file_name=file_name[:255], sha256=digest, plots=len(plots), imported_by=user
    )
    for plot in plots:
        plot.imported_from = batch
    Plot.objects.bulk_create(plots)
    # The tenure evidence of the group's risk rating changes with its plots (decision 0029).
    risk_evidence_refresh_on_commit([group.pk])
    return PlotImportReport(added=len(plots), plots=plots)
