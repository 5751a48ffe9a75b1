"""Reads of the supply base: a group's risk evidence, its plots' map, the EUDR export."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum

from curriculum_site.lazy_modules import lazy_module
from supply_base.models import DeforestationFlag, Plot, SupplyScope, Tenure

# Imported on first use: a web worker need not carry it (curriculum_site/lazy_modules.py).
shapely = lazy_module("shapely")

# --- Evidence for the risk rating (issue 20, point 4 builds on it) -----------------------


@dataclass(frozen=True)
class FlaggedPlotEvidence:
    plot_id: int
    plot_uuid: str
    plot_name: str
    member_code: str
    area_ha: Decimal
    overlap_ha: Decimal
    layer_name: str
    cut_off_date: str  # ISO date


@dataclass(frozen=True)
class TenureEvidence:
    plot_id: int
    plot_uuid: str
    plot_name: str
    member_code: str
    area_ha: Decimal
    tenure: str  # Tenure value: "undocumented" or "unknown"


@dataclass(frozen=True)
class GroupRiskEvidence:
    """What a group's plots say about two of RSS's core risks: expansion and deforestation
    (plots overlapping forest loss after a cut-off), land rights (plots whose tenure is
    not documented). Member codes, never names: the evidence is shown to whoever rates
    the risk, and names leave the roster only with consent (decision 0023)."""

    plots_total: int
    area_total_ha: Decimal
    flagged_plots: list[FlaggedPlotEvidence] = field(default_factory=list)
    undocumented_tenure: list[TenureEvidence] = field(default_factory=list)

    @property
    def overlap_total_ha(self) -> Decimal:
        return sum((each.overlap_ha for each in self.flagged_plots), Decimal(0))


def risk_evidence_for_group(group) -> GroupRiskEvidence:
    """The group's evidence for the deforestation and land-rights risks, in three queries."""
    plots = Plot.objects.filter(farmer__group=group)
    totals = plots.aggregate(count=Count("pk"), area=Sum("area_ha"))
    flags = (
        DeforestationFlag.objects.filter(plot__farmer__group=group)
        .select_related("plot", "plot__farmer", "layer")
        .order_by("-overlap_ha", "plot__pk")
    )
    flagged = [
        FlaggedPlotEvidence(
            plot_id=flag.plot_id,
            plot_uuid=str(flag.plot.uuid),
            plot_name=flag.plot.name,
            member_code=flag.plot.farmer.member_code,
            area_ha=flag.plot.area_ha,
            overlap_ha=flag.overlap_ha,
            layer_name=flag.layer.name,
            cut_off_date=flag.layer.cut_off_date.isoformat(),
        )
        for flag in flags
    ]
    undocumented = [
        TenureEvidence(
            plot_id=plot.pk,
            plot_uuid=str(plot.uuid),
            plot_name=plot.name,
            member_code=plot.farmer.member_code,
            area_ha=plot.area_ha,
            tenure=plot.tenure,
        )
        for plot in plots.exclude(tenure=Tenure.DOCUMENTED)
        .select_related("farmer")
        .order_by("farmer__member_code", "pk")
    ]
    return GroupRiskEvidence(
        plots_total=totals["count"] or 0,
        area_total_ha=totals["area"] or Decimal(0),
        flagged_plots=flagged,
        undocumented_tenure=undocumented,
    )


# --- The map of a group's plots ---------------------------------------------------------

MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 420, 16
MAP_MAX_PLOTS = 3000


@dataclass(frozen=True)
class MapShape:
    path: str  # SVG path data, or "" for a point
    cx: float
    cy: float
    flagged: bool
    undocumented: bool
    title: str


@dataclass(frozen=True)
class PlotsMap:
    width: int
    height: int
    shapes: list[MapShape]
    plots_total: int
    flagged_total: int
    scale_bar_px: float
    scale_bar_label: str


def group_plots_map(group) -> PlotsMap | None:
    """The group's plots drawn to fit a frame, or None when it has none.

    Drawn on the server as SVG rather than on a tiled web map: no tile server to reach
    (the network may be closed and the site's policy loads no outside images), no
    script to download on a slow phone, and the page prints (decision
    0029-supply-base-geometry)."""
    plots = list(
        Plot.objects.filter(farmer__group=group)
        .prefetch_related(Prefetch("deforestation_flags", to_attr="flags"))
        .order_by("pk")[:MAP_MAX_PLOTS]
    )
    if not plots:
        return None
    shapes = [shapely.geometry.shape(plot.geometry) for plot in plots]
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    # Longitude degrees shrink with latitude: an equirectangular frame at the plots'
    # middle latitude keeps their shapes true enough at the scale of a group.
    stretch = math.cos(math.radians((south + north) / 2)) or 1e-6
    span_x = max((east - west) * stretch, 1e-5)
    span_y = max(north - south, 1e-5)
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    scale = min(inner_w / span_x, inner_h / span_y)
    offset_x = MAP_MARGIN + (inner_w - span_x * scale) / 2
    offset_y = MAP_MARGIN + (inner_h - span_y * scale) / 2

    def xy(lon, lat):
        return (
            round(offset_x + (lon - west) * stretch * scale, 1),
            round(offset_y + (north - lat) * scale, 1),
        )

    drawn = []
    for plot, found in zip(plots, shapes, strict=True):
        # No member code or name: the group's page is read by the committee and monitoring
        # viewers, who see figures, not rosters (decision 0023).
        title = " · ".join(part for part in (plot.name, f"{plot.area_ha} ha") if part)
        undocumented = plot.tenure != Tenure.DOCUMENTED
        if found.geom_type == "Point":
            cx, cy = xy(found.x, found.y)
            drawn.append(MapShape("", cx, cy, bool(plot.flags), undocumented, title))
            continue
        # Fewer points than a pixel can show: a walked boundary has hundreds.
        found = found.simplify(0.5 / scale / max(stretch, 1e-6), preserve_topology=True)
        parts = []
        for ring in [found.exterior, *found.interiors]:
            points = [xy(lon, lat) for lon, lat in ring.coords]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        centre = found.representative_point()
        cx, cy = xy(centre.x, centre.y)
        drawn.append(MapShape("".join(parts), cx, cy, bool(plot.flags), undocumented, title))
    metres_per_px = 111_320 / scale
    bar_metres = _round_distance(metres_per_px * 120)
    bar_label = f"{bar_metres / 1000:g} km" if bar_metres >= 1000 else f"{bar_metres:g} m"
    return PlotsMap(
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        shapes=drawn,
        plots_total=Plot.objects.filter(farmer__group=group).count(),
        flagged_total=sum(1 for each in drawn if each.flagged),
        scale_bar_px=round(bar_metres / metres_per_px, 1),
        scale_bar_label=bar_label,
    )


def _round_distance(metres: float) -> float:
    """1, 2 or 5 times a power of ten, at most `metres`."""
    power = 10 ** math.floor(math.log10(max(metres, 1)))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power


# --- The EU deforestation regulation's GeoJSON ------------------------------------------


def eudr_plots(*, scope: SupplyScope):
    """The plots of the scope's supply base, with what the export writes."""
    return (
        Plot.objects.filter(farmer__group__in=scope.groups.all())
        .select_related("farmer", "farmer__group__country", "commodity")
        .order_by("farmer__group__name", "farmer__member_code", "pk")
    )


def eudr_feature_collection(*, plots) -> dict:
    """Plots as the GeoJSON that due-diligence statements take (EUDR Article 9: the
    geolocation of each plot; a point only for plots of at most 4 hectares).

    The producer's name is written only for a farmer who consented to the use of their
    data (decision 0023); otherwise the property is absent and the plot is known by its
    identifier."""
    features = []
    for plot in plots:
        farmer = plot.farmer
        properties = {
            "PlotId": str(plot.uuid),
            "ProducerCountry": farmer.group.country.iso_code.upper(),
            "ProductionPlace": plot.name or farmer.group.name,
            "Area": float(plot.area_ha),
            "Commodity": plot.commodity.name if plot.commodity else None,
        }
        if farmer.consent_given and not farmer.erased_at and farmer.name:
            properties["ProducerName"] = farmer.name
        features.append({"type": "Feature", "geometry": plot.geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
