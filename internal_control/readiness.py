"""How ready a group is for each standard it holds (issue 21, point 5).

For each standard the group is certified for, the control points that apply to it are
those covering requirements of the standard's active catalogue that apply at the
group's level (a group not assessed yet counts as the lowest level, as for inspections),
for the group or for its members. A control point is **met** when it was inspected and
the latest finding of each inspected member (or of the group) says met or not
applicable; it is a **gap** when it was never inspected, or when some member's latest
finding says not met. The share is met / applicable.

A fixed number of queries for any number of groups (the admin's list reads many).
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from internal_control.models import ControlPoint, Finding, Requirement, RequirementCatalogue
from organisation_levels.models import GroupCertification, LevelAssessment, ProducerGroup
from training_delivery.models import Farmer

NEVER_INSPECTED, NOT_MET = "never_inspected", "not_met"


@dataclass
class Gap:
    control_point: ControlPoint
    why: str  # NEVER_INSPECTED or NOT_MET
    members_not_met: int = 0
    group_not_met: bool = False


@dataclass
class StandardReadiness:
    catalogue: RequirementCatalogue
    applicable: int = 0
    met: int = 0
    gaps: list[Gap] = field(default_factory=list)

    @property
    def standard(self):
        return self.catalogue.standard

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.applicable) if self.applicable else None


def groups_readiness(*, groups) -> dict[int, list[StandardReadiness]]:
    """Group id → its readiness per standard it holds (with an active catalogue)."""
    latest_rank = Subquery(
        LevelAssessment.objects.filter(
            group=OuterRef("pk"), status=LevelAssessment.Status.CONFIRMED
        )
        .order_by("-confirmed_at", "-pk")
        .values("level__rank")[:1]
    )
    ranks = dict(
        ProducerGroup.objects.filter(pk__in=[g.pk for g in groups])
        .annotate(rank=latest_rank)
        .values_list("pk", "rank")
    )
    standards_of: dict[int, set[int]] = {}
    for group_id, standard_id in GroupCertification.objects.filter(group_id__in=ranks).values_list(
        "group_id", "standard_id"
    ):
        standards_of.setdefault(group_id, set()).add(standard_id)
    catalogues = {
        catalogue.standard_id: catalogue
        for catalogue in RequirementCatalogue.objects.filter(
            standard_id__in={s for ids in standards_of.values() for s in ids},
            status=RequirementCatalogue.Status.ACTIVE,
        ).select_related("standard")
    }
    # catalogue id → [(control point id, from-level rank or None)]
    coverage: dict[int, list[tuple[int, int | None]]] = {}
    for catalogue_id, point_id, from_rank in Requirement.control_points.through.objects.filter(
        requirement__catalogue__in=catalogues.values()
    ).values_list("requirement__catalogue_id", "controlpoint_id", "requirement__from_level__rank"):
        coverage.setdefault(catalogue_id, []).append((point_id, from_rank))
    points = ControlPoint.objects.in_bulk({p for pairs in coverage.values() for p, _r in pairs})
    latest = _latest_results(group_ids=list(ranks))

    result: dict[int, list[StandardReadiness]] = {}
    for group in groups:
        rank = ranks.get(group.pk) or 1
        readiness = []
        for standard_id in sorted(
            standards_of.get(group.pk, ()), key=lambda s: str(catalogues.get(s, ""))
        ):
            catalogue = catalogues.get(standard_id)
            if catalogue is None:
                continue
            applicable = sorted(
                {p for p, from_rank in coverage.get(catalogue.pk, []) if (from_rank or 0) <= rank},
                key=lambda p: points[p].code,
            )
            standard = StandardReadiness(catalogue=catalogue, applicable=len(applicable))
            for point_id in applicable:
                results = latest.get((group.pk, point_id), {})
                failing = [who for who, outcome in results.items() if outcome == NOT_MET]
                if not results:
                    standard.gaps.append(Gap(points[point_id], NEVER_INSPECTED))
                elif failing:
                    standard.gaps.append(
                        Gap(
                            points[point_id],
                            NOT_MET,
                            members_not_met=sum(1 for who in failing if who is not None),
                            group_not_met=None in failing,
                        )
                    )
                else:
                    standard.met += 1
            readiness.append(standard)
        result[group.pk] = readiness
    return result


def group_readiness(*, group: ProducerGroup) -> list[StandardReadiness]:
    return groups_readiness(groups=[group])[group.pk]


def _latest_results(*, group_ids) -> dict[tuple[int, int], dict]:
    """(group, control point) → {member id or None for the group: latest result}. Members
    who left the roster no longer count."""
    findings = (
        Finding.objects.filter(inspection__group_id__in=group_ids)
        .filter(
            Q(inspection__farmer__isnull=True)
            | Q(inspection__farmer__in=Farmer.objects.on_roster())
        )
        .order_by("inspection__inspected_on", "inspection__received_at", "pk")
        .values_list("inspection__group_id", "control_point_id", "inspection__farmer_id", "result")
    )
    latest: dict[tuple[int, int], dict] = {}
    for group_id, point_id, farmer_id, outcome in findings:
        # Later rows overwrite earlier ones: the latest inspection's finding counts.
        latest.setdefault((group_id, point_id), {})[farmer_id] = (
            NOT_MET if outcome == Finding.Result.NOT_MET else "met"
        )
    return latest
