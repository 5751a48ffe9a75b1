"""Checks and measures of plot and forest-loss geometry (issue 20, points 2 and 3).

Every refusal names the feature ("Feature 3 (“North field”)") and says what is wrong in
words a committee member can act on. Areas are geodesic: pyproj's Geod measures the
polygon on the WGS 84 ellipsoid, so a hectare is a hectare at the equator and in
northern Myanmar alike, with no projection to choose.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from curriculum_site.lazy_modules import lazy_module
from supply_base.country_bounds import country_bounds

# Imported on first use: a web worker need not carry them (curriculum_site/lazy_modules.py).
pyproj = lazy_module("pyproj")
shapely = lazy_module("shapely")
SQUARE_METRES_PER_HECTARE = 10_000
# The plausible size of a smallholder's plot; settings may widen or narrow it.
DEFAULT_MIN_PLOT_HA = 0.01
DEFAULT_MAX_PLOT_HA = 1000
# A ring walked with a phone or drawn in a GIS has at most this many points; more is a
# file of another kind (a whole district) or an attack on the server's time.
MAX_RING_POINTS = 10_000


class GeometryError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedGeometry:
    geometry: dict  # GeoJSON, as stored
    shape: shapely.Point | shapely.Polygon
    area_ha: float | None  # geodesic for a polygon; None for a point
    longitude: float
    latitude: float


def plot_area_limits() -> tuple[float, float]:
    return (
        float(getattr(settings, "SUPPLY_BASE_MIN_PLOT_HA", DEFAULT_MIN_PLOT_HA)),
        float(getattr(settings, "SUPPLY_BASE_MAX_PLOT_HA", DEFAULT_MAX_PLOT_HA)),
    )


def geodesic_area_ha(polygon) -> float:
    """The area on the WGS 84 ellipsoid, in hectares (holes taken out)."""
    area, _perimeter = _geod().geometry_area_perimeter(polygon)
    return abs(area) / SQUARE_METRES_PER_HECTARE


def _position(value) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise GeometryError(_("A point must be written as [longitude, latitude]."))
    lon, lat = value[0], value[1]
    if isinstance(lon, bool) or isinstance(lat, bool):
        raise GeometryError(_("A point must be written as [longitude, latitude]."))
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise GeometryError(_("A coordinate is not a number.")) from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise GeometryError(_("A coordinate is not a number."))
    if not (-180 <= lon <= 180) or not (-90 <= lat <= 90):
        hint = ""
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            hint = " " + _("Are latitude and longitude swapped? GeoJSON gives longitude first.")
        raise GeometryError(
            _(
                "The point %(lon)s, %(lat)s is off the globe: longitude must be from -180 "
                "to 180 and latitude from -90 to 90."
            )
            % {"lon": lon, "lat": lat}
            + hint
        )
    return lon, lat


def _ring(value) -> list[tuple[float, float]]:
    if not isinstance(value, list) or not value:
        raise GeometryError(_("The polygon has no points."))
    if len(value) > MAX_RING_POINTS:
        raise GeometryError(
            _("The boundary has more than %(limit)s points.") % {"limit": MAX_RING_POINTS}
        )
    points = [_position(each) for each in value]
    if len(points) < 4:
        raise GeometryError(
            _(
                "The boundary has %(count)s points: a closed boundary needs at least three "
                "corners and the first point again at the end."
            )
            % {"count": len(points)}
        )
    if points[0] != points[-1]:
        raise GeometryError(
            _(
                "The boundary is not closed: its last point must be the same as its first "
                "(%(lon)s, %(lat)s)."
            )
            % {"lon": points[0][0], "lat": points[0][1]}
        )
    return points


def _polygon(coordinates) -> shapely.Polygon:
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(_("The polygon has no points."))
    outer = _ring(coordinates[0])
    holes = [_ring(ring) for ring in coordinates[1:]]
    polygon = shapely.Polygon(outer, holes)
    if not polygon.is_valid:
        reason = shapely.is_valid_reason(polygon)
        if reason.startswith("Self-intersection") or reason.startswith("Ring Self-intersection"):
            where = reason[reason.find("[") :] if "[" in reason else ""
            raise GeometryError(
                _(
                    "The boundary crosses itself%(where)s: walk or draw it again so that its "
                    "sides do not cross."
                )
                % {"where": f" {where}" if where else ""}
            )
        if reason.startswith("Too few points"):
            raise GeometryError(_("The boundary has too few distinct points to enclose an area."))
        raise GeometryError(
            _("The boundary is not a valid polygon (%(reason)s).") % {"reason": reason}
        )
    return polygon


def _inside_country(points, iso_code: str) -> None:
    box = country_bounds(iso_code)
    if box is None:
        return
    west, south, east, north = box
    for lon, lat in points:
        if not (west <= lon <= east and south <= lat <= north):
            raise GeometryError(
                _(
                    "The point %(lon)s, %(lat)s is outside %(country)s (longitude %(west)s to "
                    "%(east)s, latitude %(south)s to %(north)s)."
                )
                % {
                    "lon": lon,
                    "lat": lat,
                    "country": iso_code.upper(),
                    "west": west,
                    "east": east,
                    "south": south,
                    "north": north,
                }
            )


def geometry_check(geometry, *, country_iso: str, check_area: bool = True) -> CheckedGeometry:
    """A plot's GeoJSON geometry checked; raises GeometryError with the first problem."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise GeometryError(_("The feature has no geometry."))
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "MultiPolygon" and isinstance(coordinates, list) and len(coordinates) == 1:
        # A one-part multipolygon, as many GIS programs save every polygon.
        kind, coordinates = "Polygon", coordinates[0]
    if kind == "Point":
        lon, lat = _position(coordinates)
        _inside_country([(lon, lat)], country_iso)
        return CheckedGeometry(
            {"type": "Point", "coordinates": [lon, lat]}, shapely.Point(lon, lat), None, lon, lat
        )
    if kind == "Polygon":
        polygon = _polygon(coordinates)
        _inside_country(polygon.exterior.coords, country_iso)
        area = geodesic_area_ha(polygon)
        low, high = plot_area_limits()
        if check_area and not (low <= area <= high):
            raise GeometryError(
                _(
                    "The plot measures %(area)s ha: a plot is expected to measure from %(low)s "
                    "to %(high)s ha. Check the boundary, or the units of the file."
                )
                % {"area": _rounded(area), "low": f"{low:g}", "high": f"{high:g}"}
            )
        centre = polygon.representative_point()
        stored = {
            "type": "Polygon",
            "coordinates": [[list(point) for point in ring] for ring in _rings(polygon)],
        }
        return CheckedGeometry(stored, polygon, area, centre.x, centre.y)
    if kind == "MultiPolygon":
        raise GeometryError(_("The feature has several polygons: give each part as its own plot."))
    raise GeometryError(
        _("A plot is a Point or a Polygon, not a %(kind)s.") % {"kind": kind or "?"}
    )


def _rings(polygon):
    return [polygon.exterior.coords, *(ring.coords for ring in polygon.interiors)]


def _rounded(area: float) -> str:
    return f"{area:.4f}" if area < 1 else f"{area:,.2f}"


def loss_shape(geometry) -> shapely.Polygon:
    """A forest-loss polygon (or multipolygon) as shapely reads it, repaired if a GIS
    export left it slightly invalid: loss maps come from raster cells traced by
    software, and a repaired bow-tie still shows where the forest went."""
    try:
        found = shapely.geometry.shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        raise GeometryError(_("The geometry cannot be read.")) from None
    if found.geom_type not in {"Polygon", "MultiPolygon"}:
        raise GeometryError(
            _("Forest loss is a Polygon or a MultiPolygon, not a %(kind)s.")
            % {"kind": found.geom_type}
        )
    for lon, lat in _all_points(found):
        _position([lon, lat])
    return found if found.is_valid else shapely.make_valid(found)


def _all_points(found):
    polygons = found.geoms if found.geom_type == "MultiPolygon" else [found]
    for polygon in polygons:
        for ring in _rings(polygon):
            yield from ring


@functools.cache
def _geod():
    """The WGS 84 ellipsoid, made once, on first use."""
    return pyproj.Geod(ellps="WGS84")
