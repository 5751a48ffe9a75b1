"""Reads for internal control: the crosswalk between standards and control points."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from internal_control.models import (
    DEFAULT_SANCTIONS,
    ControlPoint,
    Requirement,
    RequirementCatalogue,
    Sanction,
    SanctionRule,
    Severity,
)


@dataclass
class StandardCrosswalk:
    catalogue: RequirementCatalogue
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def uncovered(self) -> list[Requirement]:
        return [req for req in self.requirements if not req.control_points.all()]

    @property
    def covered_percent(self) -> int:
        if not self.requirements:
            return 0
        return round(100 * (len(self.requirements) - len(self.uncovered)) / len(self.requirements))


def catalogues_in_force():
    """Per standard, the catalogue the crosswalk reads: the active one, else the newest draft."""
    chosen = {}
    for catalogue in RequirementCatalogue.objects.select_related("standard").order_by(
        "standard__name", "-version"
    ):
        current = chosen.get(catalogue.standard_id)
        if current is None or (
            catalogue.status == RequirementCatalogue.Status.ACTIVE
            and current.status != RequirementCatalogue.Status.ACTIVE
        ):
            chosen[catalogue.standard_id] = catalogue
    return [c for c in chosen.values() if c.status != RequirementCatalogue.Status.RETIRED]


def crosswalk(*, catalogues=None) -> list[StandardCrosswalk]:
    """For each catalogue: its requirements with the control points covering them.
    Three queries whatever the number of standards and requirements."""
    catalogues = list(catalogues if catalogues is not None else catalogues_in_force())
    requirements = (
        Requirement.objects.filter(catalogue__in=catalogues)
        .select_related("from_level")
        .prefetch_related(
            Prefetch("control_points", queryset=ControlPoint.objects.order_by("code"))
        )
        .order_by("catalogue_id", "sort_order", "pk")
    )
    by_catalogue: dict[int, list[Requirement]] = {}
    for requirement in requirements:
        by_catalogue.setdefault(requirement.catalogue_id, []).append(requirement)
    return [
        StandardCrosswalk(catalogue=catalogue, requirements=by_catalogue.get(catalogue.pk, []))
        for catalogue in catalogues
    ]


def control_point_standards(*, catalogues=None) -> dict[int, list[str]]:
    """For each control point id: the standards (in force) whose requirements it covers."""
    catalogues = list(catalogues if catalogues is not None else catalogues_in_force())
    pairs = (
        Requirement.control_points.through.objects.filter(requirement__catalogue__in=catalogues)
        .values_list("controlpoint_id", "requirement__catalogue__standard__name")
        .distinct()
    )
    found: dict[int, set[str]] = {}
    for control_point_id, standard in pairs:
        found.setdefault(control_point_id, set()).add(standard)
    return {key: sorted(value) for key, value in found.items()}


@dataclass
class SanctionRuleShown:
    severity: str
    severity_label: str
    sanction_label: str
    days_to_correct: int
    own: bool  # the group's own rule, else the default


def group_sanction_rules(*, group) -> list[SanctionRuleShown]:
    """The rule for each severity: the group's own, else the default (decision 0027)."""
    own = {rule.severity: rule for rule in SanctionRule.objects.filter(group=group)}
    shown = []
    for severity, label in Severity.choices:
        rule = own.get(severity)
        sanction, days = (
            (rule.sanction, rule.days_to_correct) if rule else DEFAULT_SANCTIONS[severity]
        )
        shown.append(
            SanctionRuleShown(
                severity=severity,
                severity_label=str(label),
                sanction_label=str(Sanction(sanction).label),
                days_to_correct=days,
                own=rule is not None,
            )
        )
    return shown
