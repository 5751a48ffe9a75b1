"""The RSS supply base (issue 20, points 1 to 3): who sources, from whom, and where they farm."""

from supply_base.models.entities import (
    EntityKind,
    FarmerVolume,
    ImplementingEntity,
    SupplyScope,
)
from supply_base.models.forest import DeforestationFlag, ForestLossArea, ForestLossLayer
from supply_base.models.plots import Plot, PlotImport, PlotSource, Tenure, TenureDocument

__all__ = [
    "DeforestationFlag",
    "EntityKind",
    "FarmerVolume",
    "ForestLossArea",
    "ForestLossLayer",
    "ImplementingEntity",
    "Plot",
    "PlotImport",
    "PlotSource",
    "SupplyScope",
    "Tenure",
    "TenureDocument",
]
