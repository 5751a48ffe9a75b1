"""Volumes bought per farmer and season, from the buyer's spreadsheet (issue 20, point 1).

One file is one RSS scope's purchases: each row names a roster farmer of one of the
scope's groups (by group and member code), a season, a commodity of the scope and a
volume in kilograms. A row for a farmer, season and commodity already imported replaces
its volume (the buyer's file is corrected and sent again). Every row is checked first;
if any has a problem, nothing is stored and every problem is listed with its row.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum_site.spreadsheets import (
    ImportColumn,
    ImportRow,
    Problem,
    SheetSpec,
    folded,
    new_workbook,
    template_add_guide,
    template_add_sheet,
    template_csv,
    upload_read,
    workbook_bytes,
)
from supply_base.models import FarmerVolume, SupplyScope
from training_delivery.models import Farmer

MAX_ROWS = 20_000
MAX_VOLUME_KG = Decimal("10000000")  # ten thousand tonnes: more is a typing slip

COLUMNS = (
    ImportColumn(
        "group",
        gettext_lazy("Producer group"),
        gettext_lazy("The group's name; may be left empty when the scope has one group."),
        "Asante Cocoa Farmers",
    ),
    ImportColumn(
        "member_code",
        gettext_lazy("Member code"),
        gettext_lazy("The farmer's code on the group's roster."),
        "ACFC-001",
        required=True,
        as_text=True,
    ),
    ImportColumn(
        "season",
        gettext_lazy("Season"),
        gettext_lazy("As the buyer names it, such as 2025/26."),
        "2025/26",
        required=True,
        as_text=True,
    ),
    ImportColumn(
        "commodity",
        gettext_lazy("Commodity"),
        gettext_lazy("One of the scope's commodities."),
        "Cocoa",
        required=True,
    ),
    ImportColumn(
        "volume_kg",
        gettext_lazy("Volume (kg)"),
        gettext_lazy("Kilograms bought, such as 1250.5."),
        "1250",
        required=True,
    ),
)
SPEC = SheetSpec(
    columns=COLUMNS,
    max_rows=MAX_ROWS,
    no_rows=gettext_lazy("The file has a header row but no volumes."),
    too_much_data=gettext_lazy(
        "The workbook holds far more data than the volumes need. Save only the volumes sheet."
    ),
)
LABELS = SPEC.labels


@dataclass
class VolumeImportReport:
    added: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def volume_template_csv() -> bytes:
    return template_csv(COLUMNS)


def volume_template_xlsx() -> bytes:
    workbook = new_workbook()
    title = _("Volumes")
    template_add_sheet(workbook, title=title, columns=COLUMNS, first=True)
    template_add_guide(
        workbook,
        sheets=[(title, COLUMNS)],
        notes=[
            _("One row per farmer, season and commodity."),
            _("If any row has a problem, nothing is imported and every problem is listed."),
        ],
        lists=[],
    )
    return workbook_bytes(workbook)


def volume_import_read(*, file) -> list[ImportRow]:
    return upload_read(file=file, spec=SPEC)


def volume_import(*, scope: SupplyScope, rows: list[ImportRow], user) -> VolumeImportReport:
    """Check every row; store every volume, or none."""
    if not SupplyScope.objects.changeable_by(user).filter(pk=scope.pk).exists():
        raise PermissionDenied
    groups = list(scope.groups.all())
    groups_by_name = {folded(group.name): group for group in groups}
    farmers = {
        (farmer.group_id, folded(farmer.member_code)): farmer
        for farmer in Farmer.objects.filter(group__in=groups).on_roster()
    }
    commodities = {}
    for commodity in scope.commodities.all():
        commodities[folded(commodity.name)] = commodity
        commodities[folded(commodity.slug)] = commodity
    problems, volumes, seen = [], [], {}
    for row in rows:
        values, errors = row.values, {}
        group_name = values.get("group", "").strip()
        group = groups_by_name.get(folded(group_name)) if group_name else None
        if group_name and group is None:
            errors["group"] = _("%(group)s is not a producer group of this scope.") % {
                "group": group_name
            }
        elif not group_name:
            if len(groups) == 1:
                group = groups[0]
            else:
                errors["group"] = _("Name the producer group: this scope has several.")
        code = values.get("member_code", "").strip()
        farmer = farmers.get((group.pk, folded(code))) if group else None
        if not code:
            errors["member_code"] = _("The member code is empty.")
        elif group and farmer is None:
            errors["member_code"] = _(
                "No farmer with member code %(code)s is on the roster of %(group)s."
            ) % {"code": code, "group": group.name}
        season = values.get("season", "").strip().removesuffix(".0")
        if not season:
            errors["season"] = _("The season is empty.")
        elif len(season) > 20:
            errors["season"] = _("The season is longer than 20 characters.")
        commodity_text = values.get("commodity", "")
        commodity = commodities.get(folded(commodity_text))
        if commodity is None:
            errors["commodity"] = (
                _("“%(value)s” is not a commodity of this scope.") % {"value": commodity_text}
                if commodity_text
                else _("The commodity is empty.")
            )
        try:
            volume = Decimal(values.get("volume_kg", "").replace(",", "").strip())
        except InvalidOperation:
            volume = None
        if volume is None or not volume.is_finite() or volume < 0 or volume > MAX_VOLUME_KG:
            errors["volume_kg"] = _(
                "The volume must be a number of kilograms from 0 to %(limit)s."
            ) % {"limit": f"{MAX_VOLUME_KG:,}"}
            volume = None
        if farmer and commodity and season:
            key = (farmer.pk, folded(season), commodity.pk)
            if key in seen:
                errors["member_code"] = _(
                    "This farmer, season and commodity are also on row %(row)s."
                ) % {"row": seen[key]}
            seen.setdefault(key, row.number)
        problems += [
            Problem(row.number, LABELS[column], message) for column, message in errors.items()
        ]
        if not errors:
            volumes.append((farmer, season, commodity, volume.quantize(Decimal("0.01"))))
    if problems:
        return VolumeImportReport(problems=problems)
    return _store(scope=scope, volumes=volumes)


@transaction.atomic
def _store(*, scope, volumes) -> VolumeImportReport:
    existing = {
        (volume.farmer_id, folded(volume.season), volume.commodity_id): volume
        for volume in FarmerVolume.objects.select_for_update().filter(scope=scope)
    }
    new, changed = [], []
    for farmer, season, commodity, kilograms in volumes:
        known = existing.get((farmer.pk, folded(season), commodity.pk))
        if known is None:
            new.append(
                FarmerVolume(
                    scope=scope,
                    farmer=farmer,
                    season=season,
                    commodity=commodity,
                    volume_kg=kilograms,
                )
            )
        else:
            known.volume_kg = kilograms
            changed.append(known)
    FarmerVolume.objects.bulk_create(new)
    FarmerVolume.objects.bulk_update(changed, ["volume_kg"])
    return VolumeImportReport(added=len(new), updated=len(changed))
