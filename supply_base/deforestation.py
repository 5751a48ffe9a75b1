"""The deforestation check (issue 20, point 3): forest-loss layers, and the plots they flag.

A layer is uploaded by a national platform as GeoJSON (polygons of forest lost, from
Global Forest Watch or a national map) with its cut-off date. Loss dated on or before
the cut-off is left out when the file dates its polygons; an undated polygon counts as
loss after the cut-off, as the platform declares by uploading it with that date.

The overlaps are found with an STRtree (shapely's spatial index, bulk-queried once for
all plots), and each overlap's area is measured geodesically. A point plot inside loss
is flagged with no overlap area: a point has none to measure.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum_site.lazy_modules import lazy_module
from curriculum_site.spreadsheets import Problem
from supply_base.country_bounds import country_bounds
from supply_base.geo_files import GeoFileError, geojson_read
from supply_base.geometry import GeometryError, geodesic_area_ha, loss_shape
from supply_base.models import DeforestationFlag, ForestLossArea, ForestLossLayer, Plot
from supply_base.plot_import import hectares
from supply_base.risk_evidence import risk_evidence_refresh_on_commit

# Imported on first use: a web worker need not carry it (curriculum_site/lazy_modules.py).
shapely = lazy_module("shapely")

DATE_KEYS = ("loss_date", "lost_on", "date", "alert_date")
YEAR_KEYS = ("loss_year", "lossyear", "year")


@dataclass
class LayerUploadReport:
    layer: ForestLossLayer | None = None
    flagged: int = 0
    left_out: int = 0  # polygons dated on or before the cut-off
    problems: list[Problem] = field(default_factory=list)


def _lost_on(properties: dict) -> tuple[datetime.date | None, str]:
    """The date the file gives the loss, and a problem if it gives one we cannot read."""
    lowered = {str(key).lower(): value for key, value in properties.items()}
    for key in DATE_KEYS:
        value = lowered.get(key)
        if value not in (None, ""):
            try:
                return datetime.date.fromisoformat(str(value)[:10]), ""
            except ValueError:
                return None, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
    for key in YEAR_KEYS:
        value = lowered.get(key)
        if value not in (None, ""):
            try:
                year = int(float(value))
            except (TypeError, ValueError):
                return None, _("“%(value)s” is not a year.") % {"value": value}
            # Global Forest Watch's loss year counts from 2000: 21 is 2021.
            year = 2000 + year if 0 < year < 100 else year
            if not 2000 <= year <= 2100:
                return None, _("“%(value)s” is not a year.") % {"value": value}
            # Only the year is known: its last day, so loss in the cut-off's year counts
            # as before it only when the cut-off is that year's end.
            return datetime.date(year, 12, 31), ""
    return None, ""


def forest_loss_upload(
    *, country, name: str, source: str, cut_off_date, file_name: str, data: bytes, user
) -> LayerUploadReport:
    """Check the file; store the layer and flag the country's plots, or store nothing.
    Raises GeoFileError for a file unfit as a whole."""
    if not _keeps_country(user, country):
        # The view offers only the platform's own countries: this refuses a forged request.
        raise PermissionDenied
    if not file_name.lower().endswith((".geojson", ".json")):
        raise GeoFileError(
            _(
                "Upload the forest-loss layer as GeoJSON (.geojson). A GeoTIFF must be turned "
                "into polygons first, in a GIS or on the site that made it."
            )
        )
    digest = hashlib.sha256(data).hexdigest()
    earlier = ForestLossLayer.objects.filter(country=country, sha256=digest).first()
    if earlier:
        return LayerUploadReport(
            problems=[
                Problem(
                    None,
                    "",
                    _("This file was already uploaded as the layer “%(name)s”.")
                    % {"name": earlier.name},
                )
            ]
        )
    features = geojson_read(data)
    box = country_bounds(country.iso_code)
    areas, problems, left_out = [], [], 0
    for feature in features:
        message = feature.problem
        lost_on = None
        if not message:
            try:
                found = loss_shape(feature.geometry)
            except GeometryError as error:
                message = error.message
            else:
                lost_on, message = _lost_on(feature.properties)
                if not message and box and not found.intersects(shapely.box(*box)):
                    message = _("The area is outside %(country)s.") % {"country": country.name}
        if message:
            problems.append(Problem(feature.number, "geometry", f"{feature.label}: {message}"))
            continue
        if lost_on is not None and lost_on <= cut_off_date:
            left_out += 1
            continue
        areas.append((shapely.geometry.mapping(found), lost_on))
    if problems:
        return LayerUploadReport(problems=problems)
    with transaction.atomic():
        layer = ForestLossLayer.objects.create(
            country=country,
            name=name,
            source=source,
            cut_off_date=cut_off_date,
            sha256=digest,
            areas_count=len(areas),
            uploaded_by=user,
        )
        ForestLossArea.objects.bulk_create(
            ForestLossArea(layer=layer, geometry=_plain(geometry), lost_on=lost_on)
            for geometry, lost_on in areas
        )
        flagged = layer_check(layer=layer)
    return LayerUploadReport(layer=layer, flagged=flagged, left_out=left_out)


def _keeps_country(user, country) -> bool:
    return user.is_active and (
        user.is_superuser
        or country.national_platform_group_id in set(user.groups.values_list("pk", flat=True))
    )


def _plain(geometry) -> dict:
    # shapely's mapping holds tuples; JSON round-trips them as lists.
    return json.loads(json.dumps(geometry))


def overlaps(plot_shapes: list, loss_shapes: list) -> dict[int, float]:
    """{index of plot: hectares overlapping loss}, for the plots touching any loss.

    One bulk query of the STRtree finds every (plot, loss) pair whose shapes intersect;
    only those pairs are intersected and measured. A plot's overlap is measured on the
    union of the loss it touches, so loss polygons that overlap each other are not
    counted twice.
    """
    import numpy  # here: a web worker need not carry it (curriculum_site/lazy_modules.py)

    if not plot_shapes or not loss_shapes:
        return {}
    tree = shapely.STRtree(loss_shapes)
    plot_indexes, loss_indexes = tree.query(numpy.asarray(plot_shapes), predicate="intersects")
    touching: dict[int, list[int]] = {}
    for plot_index, loss_index in zip(plot_indexes.tolist(), loss_indexes.tolist(), strict=True):
        touching.setdefault(plot_index, []).append(loss_index)
    result = {}
    for plot_index, losses in touching.items():
        plot = plot_shapes[plot_index]
        if plot.geom_type == "Point":
            result[plot_index] = 0.0
            continue
        loss = (
            loss_shapes[losses[0]]
            if len(losses) == 1
            else shapely.union_all([loss_shapes[each] for each in losses])
        )
        common = plot.intersection(loss)
        area = geodesic_area_ha(common) if not common.is_empty else 0.0
        # Touching along an edge or at a corner is no loss on the plot.
        if area > 0:
            result[plot_index] = area
    return result


def layer_check(*, layer: ForestLossLayer, plots: Iterable[Plot] | None = None) -> int:
    """Flag the plots (by default every plot of the layer's country) overlapping the
    layer's loss; a plot no longer overlapping loses its flag. Returns the flags made."""
    if plots is None:
        plots = Plot.objects.filter(farmer__group__country=layer.country_id)
    plots = list(plots.only("pk", "geometry") if hasattr(plots, "only") else plots)
    loss_shapes = [
        shapely.geometry.shape(area) for area in layer.areas.values_list("geometry", flat=True)
    ]
    plot_shapes = [shapely.geometry.shape(plot.geometry) for plot in plots]
    found = overlaps(plot_shapes, loss_shapes)
    with transaction.atomic():
        earlier = DeforestationFlag.objects.filter(
            layer=layer, plot__in=[plot.pk for plot in plots]
        )
        # The groups whose flags change (lifted, kept or new): their risk evidence is
        # written again when this commits, and only theirs (decision 0029).
        groups = set(earlier.values_list("plot__farmer__group_id", flat=True))
        earlier.delete()
        DeforestationFlag.objects.bulk_create(
            DeforestationFlag(layer=layer, plot_id=plots[index].pk, overlap_ha=hectares(area))
            for index, area in found.items()
        )
        if found:
            groups |= set(
                Plot.objects.filter(pk__in=[plots[index].pk for index in found])
                .values_list("farmer__group_id", flat=True)
                .distinct()
            )
        ForestLossLayer.objects.filter(pk=layer.pk).update(checked_at=timezone.now())
        risk_evidence_refresh_on_commit(groups)
    return len(found)


def plots_check(*, plots: list[Plot]) -> None:
    """New plots checked against every layer of their countries."""
    by_country: dict[int, list[Plot]] = {}
    for plot in plots:
        by_country.setdefault(plot.farmer.group.country_id, []).append(plot)
    for country_id, country_plots in by_country.items():
        for layer in ForestLossLayer.objects.filter(country_id=country_id):
            layer_check(layer=layer, plots=country_plots)
