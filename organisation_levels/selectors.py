"""Reads for producer groups, their levels and their improvement plans."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from modules.models import TrainingModulePage
from organisation_levels.models import (
    ImprovementCycle,
    ImprovementItem,
    LevelAssessment,
    ProducerGroup,
    Rubric,
)
from reference.models import OrganisationLevel


def group_for_user(*, user, group_id: int, action: str = "view") -> ProducerGroup:
    """The group, if `user` may `view` or `change` it; otherwise "not found".

    Not found rather than forbidden, so nobody learns which groups exist elsewhere.
    """
    groups = ProducerGroup.objects.select_related("country")
    allowed = groups.changeable_by(user) if action == "change" else groups.visible_to(user)
    try:
        return allowed.get(pk=group_id)
    except ProducerGroup.DoesNotExist:
        raise Http404 from None


def active_rubric() -> Rubric | None:
    """The rubric new assessments use. Activating one retires the others; should two ever
    be active for a moment (the admin saves before the hook retires), the newest wins."""
    return (
        Rubric.objects.originals()
        .filter(status=Rubric.Status.ACTIVE)
        .order_by("-activated_at", "-version")
        .first()
    )


def improvement_item_of_group(*, group: ProducerGroup, item_id: int) -> ImprovementItem:
    try:
        return ImprovementItem.objects.select_related("cycle").get(pk=item_id, cycle__group=group)
    except ImprovementItem.DoesNotExist:
        raise Http404 from None


def plan_cycle_chosen(*, cycles: list[ImprovementCycle], number: str | None):
    """The cycle asked for by its number, else the latest; an unknown number is not found."""
    if not number:
        return cycles[0] if cycles else None
    for cycle in cycles:
        if str(cycle.number) == number:
            return cycle
    raise Http404


def user_may_change_group(*, user, group: ProducerGroup) -> bool:
    return ProducerGroup.objects.changeable_by(user).filter(pk=group.pk).exists()


def groups_of_user(*, user) -> QuerySet[ProducerGroup]:
    return ProducerGroup.objects.visible_to(user).select_related("country")


def group_current_level(*, group: ProducerGroup) -> OrganisationLevel | None:
    """The level of the group's latest confirmed assessment (None before the first one)."""
    latest = (
        LevelAssessment.objects.filter(group=group, status=LevelAssessment.Status.CONFIRMED)
        .select_related("level")
        .first()
    )
    return latest.level if latest else None


def group_level_history(*, group: ProducerGroup) -> QuerySet[LevelAssessment]:
    """Every assessment of the group, oldest first, for its history and level chart."""
    return (
        LevelAssessment.objects.filter(group=group)
        .select_related("level", "rubric", "submitted_by", "confirmed_by")
        .order_by("submitted_at", "pk")
    )


def level_chart_data(*, history, levels) -> dict:
    """What the level chart draws: one point per assessment, levels as the y axis."""
    return {
        "levels": [{"rank": level.rank, "name": str(level)} for level in levels],
        "points": [
            {
                "date": assessment.submitted_at.date().isoformat(),
                "rank": assessment.level.rank,
                "confirmed": assessment.status == LevelAssessment.Status.CONFIRMED,
            }
            for assessment in history
        ],
    }


@dataclass(frozen=True)
class PlanProgress:
    """Counts for one cycle. Dropped and carried-over items do not count against it."""

    done: int = 0
    in_progress: int = 0
    to_do: int = 0
    overdue: int = 0
    by_stage: dict = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return self.done + self.in_progress + self.to_do

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0


def plan_progress(*, cycle: ImprovementCycle) -> PlanProgress:
    """Progress of one cycle, counted in the database in one query."""
    status = ImprovementItem.Status
    today = timezone.localdate()
    rows = (
        cycle.items.values("stage")
        .annotate(
            done=Count("pk", filter=Q(status=status.DONE)),
            in_progress=Count("pk", filter=Q(status=status.IN_PROGRESS)),
            to_do=Count("pk", filter=Q(status=status.TO_DO)),
            overdue=Count(
                "pk",
                filter=Q(status__in=ImprovementItem.OPEN_STATUSES, due_date__lt=today),
            ),
        )
        .order_by()
    )
    totals = {"done": 0, "in_progress": 0, "to_do": 0, "overdue": 0}
    by_stage = {}
    for row in rows:
        for key in totals:
            totals[key] += row[key]
        by_stage[row["stage"]] = {
            "done": row["done"],
            "counted": row["done"] + row["in_progress"] + row["to_do"],
        }
    return PlanProgress(**totals, by_stage=by_stage)


def group_open_cycle(*, group: ProducerGroup) -> ImprovementCycle | None:
    return group.improvement_cycles.filter(status=ImprovementCycle.Status.OPEN).first()


def cycle_items_by_stage(*, cycle: ImprovementCycle) -> list[tuple[str, str, list]]:
    """(stage value, stage label, items) in plan-do-check-act order, overdue items first."""
    items = cycle.items.prefetch_related(
        Prefetch("modules", queryset=TrainingModulePage.objects.order_by("code")),
        "evidence_files",
    ).order_by("due_date", "pk")
    grouped = {stage: [] for stage in ImprovementItem.Stage.values}
    for item in items:
        grouped[item.stage].append(item)
    for stage_items in grouped.values():
        stage_items.sort(key=lambda item: not item.is_overdue)  # stable: keeps date order
    return [(stage.value, stage.label, grouped[stage.value]) for stage in ImprovementItem.Stage]


def user_is_assessor(*, user, group: ProducerGroup) -> bool:
    """Assessors are the members of the group's national platform (and superusers)."""
    if not user.is_active:
        return False
    platform = group.country.national_platform_group_id
    return user.is_superuser or (platform is not None and user.groups.filter(pk=platform).exists())


def assessment_confirmable_by(*, assessment: LevelAssessment, user) -> bool:
    return (
        assessment.status == LevelAssessment.Status.SUBMITTED
        and user.pk != assessment.submitted_by_id
        and user_is_assessor(user=user, group=assessment.group)
    )


def group_page(*, group: ProducerGroup, user) -> dict:
    """Everything the group page shows; a fixed number of queries whatever the history."""
    levels = list(OrganisationLevel.objects.originals().order_by("rank"))
    history = list(group_level_history(group=group))
    confirmed = [a for a in history if a.status == LevelAssessment.Status.CONFIRMED]
    level = confirmed[-1].level if confirmed else None
    cycle = group_open_cycle(group=group)
    return {
        "group": group,
        "level": level,
        # Until a first confirmed assessment, the lowest level's modules are where to start.
        "modules_level": level or (levels[0] if levels else None),
        "waiting": [a for a in history if a.status == LevelAssessment.Status.SUBMITTED],
        "history": list(reversed(history)),
        "chart": level_chart_data(history=history, levels=levels),
        "cycle": cycle,
        "progress": plan_progress(cycle=cycle) if cycle else None,
        "overdue_items": list(cycle.items.overdue().order_by("due_date")[:5]) if cycle else [],
        "can_change": user_may_change_group(user=user, group=group),
        "certifications": list(group.certifications.select_related("standard")),
        "commodities": list(group.commodities.all()),
    }
