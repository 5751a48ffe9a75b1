"""Writes of the supply base that are not imports: a plot walked with a phone."""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from supply_base.deforestation import plots_check
from supply_base.geometry import GeometryError
from supply_base.models import Plot, PlotSource
from supply_base.plot_import import plot_build
from supply_base.plot_values import PlotVocabulary
from supply_base.risk_evidence import risk_evidence_refresh, risk_evidence_refresh_on_commit
from training_delivery.models import Farmer


@dataclass
class WalkedPlotIn:
    id: uuid.UUID
    farmer_id: int
    points: list[list[float]]
    name: str = ""
    commodity: str = ""
    tenure: str = "unknown"
    tenure_document: str = ""
    area_ha: Decimal | None = None


@dataclass
class WalkedPlotResult:
    status: str  # "accepted", "already_known", "refused"
    errors: dict = field(default_factory=dict)
    area_ha: Decimal | None = None
    flagged: bool = False


def plot_walked_record(*, user, data: WalkedPlotIn) -> WalkedPlotResult:
    """Check one walked plot and store it, or refuse it naming each field; an id already
    stored is "already known". A trainer walks the plots of the groups they train; the
    group's platform and managers may too."""
    farmer = (
        Farmer.objects.visible_to(user)
        .on_roster()
        .select_related("group__country")
        .filter(pk=data.farmer_id)
        .first()
    )
    if farmer is None:
        # Another country's farmer, or one this person does not work with: not revealed.
        return WalkedPlotResult("refused", {"farmer": [_("You do not work with this farmer.")]})
    # After the permission check, so an id says nothing to someone outside the group.
    known = Plot.objects.filter(uuid=data.id).first()
    if known is not None:
        return WalkedPlotResult("already_known", area_ha=known.area_ha)
    fields, problems = PlotVocabulary().check(
        {
            "name": data.name,
            "commodity": data.commodity,
            "tenure": data.tenure,
            "tenure_document": data.tenure_document,
            "area_ha": "" if data.area_ha is None else str(data.area_ha),
        }
    )
    errors = {key: [message] for key, message in problems.items()}
    if len(data.points) == 1:
        geometry = {"type": "Point", "coordinates": data.points[0]}
    else:
        geometry = {"type": "Polygon", "coordinates": [data.points]}
    plot = None
    if not errors:
        try:
            plot = plot_build(
                farmer=farmer,
                geometry=geometry,
                fields=fields,
                source=PlotSource.WALKED,
                user=user,
                country_iso=farmer.group.country.iso_code,
            )
        except GeometryError as error:
            errors["points"] = [error.message]
    if errors:
        return WalkedPlotResult("refused", errors)
    plot.uuid = data.id
    try:
        with transaction.atomic():
            plot.save()
    except IntegrityError:
        # The same walk arrived twice at once: the other request stored it.
        return WalkedPlotResult("already_known", area_ha=plot.area_ha)
    plots_check(plots=[plot])
    # Its tenure counts in the group's risk evidence, flagged or not (decision 0029).
    risk_evidence_refresh_on_commit([farmer.group_id])
    return WalkedPlotResult(
        "accepted", area_ha=plot.area_ha, flagged=plot.deforestation_flags.exists()
    )


# The supply base's evidence on the group's risk rating (issue 20, point 4): kept in its
# own module, which the deforestation check and the imports call too.
__all__ = [
    "WalkedPlotIn",
    "WalkedPlotResult",
    "plot_walked_record",
    "risk_evidence_refresh",
    "risk_evidence_refresh_on_commit",
]
