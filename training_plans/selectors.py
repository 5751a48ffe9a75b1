"""Reads for needs, risks and training plans."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisation_levels.models import ProducerGroup
from organisation_levels.people_selectors import people_choosable
from reference.roles import TRAINERS
from training_plans.models import (
    ActionReview,
    NeedsAssessment,
    PlanAction,
    PlanReview,
    RiskAssessment,
    RiskEvidence,
    RiskRating,
    TrainingPlan,
    TrainingPlanItem,
)
from training_plans.risk import RiskLevel


@dataclass(frozen=True)
class RatedPriority:
    """How much one subject matters to a group, and which assessment says so."""

    priority: int  # 1 to 5
    source: str  # "group field consultation, 12 March 2026"


@dataclass(frozen=True)
class RatedRisk:
    level: RiskLevel
    source: str
    residual: bool = False  # the level is the residual one, with mitigation in place


def _latest(assessments):
    return assessments.order_by("-assessed_on", "-pk").first()


def group_need_priorities(*, group: ProducerGroup) -> dict[tuple[str, int], RatedPriority]:
    """("need_area" | "theme", id) → priority: the group's latest needs assessment first;
    for subjects it did not rate, the country's latest national needs assessment.

    Only the latest assessment of each scope counts (as in the coverage report): a newer
    assessment that leaves a subject out means it is no longer a priority there.
    """
    priorities: dict[tuple[str, int], RatedPriority] = {}
    for assessment, label in [
        (_latest(NeedsAssessment.objects.filter(group=group)), _("group field consultation")),
        (
            _latest(NeedsAssessment.objects.filter(country_id=group.country_id, group=None)),
            _("national needs assessment"),
        ),
    ]:
        if assessment is None:
            continue
        for rating in assessment.ratings.order_by("sort_order", "pk"):
            key = (
                ("need_area", rating.need_area_id)
                if rating.need_area_id
                else ("theme", rating.theme_id)
            )
            priorities.setdefault(key, RatedPriority(rating.priority, _source(label, assessment)))
    return priorities


def group_risks(*, group: ProducerGroup) -> dict[int, RatedRisk]:
    """Core risk id → level: the group's latest risk assessment first, else its region's."""
    region = " ".join(group.region.split())
    regional = (
        _latest(
            RiskAssessment.objects.filter(
                group=None, country_id=group.country_id, region__iexact=region
            )
        )
        if region
        else None
    )
    risks: dict[int, RatedRisk] = {}
    for assessment, label in [
        (_latest(RiskAssessment.objects.filter(group=group)), _("group risk assessment")),
        (regional, _("regional risk assessment")),
    ]:
        if assessment is None:
            continue
        for rating in assessment.ratings.order_by("sort_order", "pk"):
            risks.setdefault(
                rating.core_risk_id,
                RatedRisk(
                    # The residual level where one is set (decision 0030-rss-actions).
                    RiskLevel(rating.effective_level),
                    _source(label, assessment),
                    residual=rating.residual_level is not None,
                ),
            )
    return risks


def _source(label: str, assessment) -> str:
    return f"{label}, {date_format(assessment.assessed_on, 'DATE_FORMAT')}"


def group_received_module_ids(*, group: ProducerGroup) -> set[int]:
    """Modules the group has been trained in: delivered items of its training plans.

    Sessions logged by trainers will add to this once they exist.
    """
    return set(
        TrainingPlanItem.objects.filter(
            plan__group=group, status=TrainingPlanItem.Status.DELIVERED, module__isnull=False
        ).values_list("module_id", flat=True)
    )


def group_training_received(*, group: ProducerGroup) -> list[TrainingPlanItem]:
    """Delivered items of the group's plans, latest first (sessions will add to this)."""
    return list(
        TrainingPlanItem.objects.filter(plan__group=group, status=TrainingPlanItem.Status.DELIVERED)
        .select_related("module", "delivery_method")
        .order_by("-planned_until", "-planned_from", "-pk")
    )


def training_plans_of_group(*, group: ProducerGroup) -> QuerySet[TrainingPlan]:
    return group.training_plans.order_by("-starts_on", "-pk")


def training_plan_items(*, plan: TrainingPlan) -> list[TrainingPlanItem]:
    return list(
        plan.items.select_related("module", "trainer", "delivery_method").order_by("position", "pk")
    )


def trainers_for_group(*, group: ProducerGroup, already=()):
    """People who may be named trainer of a plan item of `group`: trainers working in the
    group's country, and whoever is named already. Every country's trainers were offered,
    and accepted, before (issue 14)."""
    return people_choosable(country_ids=[group.country_id], role=TRAINERS, already=already)


MAX_TIMELINE_MONTHS = 36


@dataclass(frozen=True)
class TimelineRow:
    item: TrainingPlanItem
    months: list[bool]  # one per month of the plan: is the item planned then?


def plan_timeline(*, plan: TrainingPlan, items: list[TrainingPlanItem]):
    """Months of the plan (at most 36) and, per item, the months it is planned in."""
    months = []
    year, month_number = plan.starts_on.year, plan.starts_on.month
    last = (plan.ends_on.year, plan.ends_on.month)
    while (year, month_number) <= last and len(months) < MAX_TIMELINE_MONTHS:
        months.append(date(year, month_number, 1))
        year, month_number = (year + 1, 1) if month_number == 12 else (year, month_number + 1)
    rows = []
    for item in items:
        start = item.planned_from and item.planned_from.replace(day=1)
        end = item.planned_until or item.planned_from
        end = end and end.replace(day=1)
        rows.append(
            TimelineRow(
                item=item,
                months=[bool(start and start <= month <= end) for month in months],
            )
        )
    return months, rows


def plan_budget_total(*, items: list[TrainingPlanItem]):
    """The budget of the items not cancelled."""
    return sum(
        (
            item.budget
            for item in items
            if item.budget is not None and item.status != TrainingPlanItem.Status.CANCELLED
        ),
        Decimal(0),
    )


def group_risk_ratings(*, group: ProducerGroup) -> QuerySet[RiskRating]:
    """The ratings an action of the group's plan may cite: the group's own risk
    assessments and those of its region."""
    region = " ".join(group.region.split())
    regional = Q(
        assessment__group=None,
        assessment__country_id=group.country_id,
        assessment__region__iexact=region,
    )
    return (
        RiskRating.objects.filter(Q(assessment__group=group) | (regional if region else Q(pk=None)))
        .select_related("core_risk", "assessment")
        .order_by("-assessment__assessed_on", "sort_order", "pk")
    )


def plan_actions(*, plan: TrainingPlan) -> list[PlanAction]:
    return list(
        plan.actions.select_related("core_risk", "risk_rating", "carried_from__plan").order_by(
            "position", "pk"
        )
    )


def plan_reviews(*, plan: TrainingPlan) -> list[PlanReview]:
    return list(
        plan.reviews.prefetch_related(
            Prefetch("actions", queryset=ActionReview.objects.select_related("action"))
        ).order_by("-year")
    )


def actions_budget_total(*, actions: list[PlanAction]) -> Decimal:
    """The budget of the actions not dropped, in the plan's currency (others apart)."""
    return sum(
        (
            action.budget
            for action in actions
            if action.budget is not None
            and action.status != PlanAction.Status.DROPPED
            and action.budget_currency == action.plan.currency
        ),
        Decimal(0),
    )


def risk_evidence_by_rating(*, assessment: RiskAssessment) -> list[tuple]:
    """(rating, its evidence rows) for each rating of the assessment, in order."""
    rows: dict[int, list[RiskEvidence]] = {}
    for row in assessment.evidence_rows.order_by("sort_order", "pk"):
        rows.setdefault(row.core_risk_id, []).append(row)
    return [
        (rating, rows.get(rating.core_risk_id, []))
        for rating in assessment.ratings.select_related("core_risk").order_by("sort_order", "pk")
    ]


def risk_evidence_unrated(*, assessment: RiskAssessment) -> list[RiskEvidence]:
    """The evidence rows about core risks the assessment does not rate: only those a check
    wrote can be there (the admin form refuses a person's), and they ask for a rating."""
    rated = assessment.ratings.values("core_risk")
    return list(
        assessment.evidence_rows.exclude(core_risk__in=rated)
        .select_related("core_risk")
        .order_by("sort_order", "pk")
    )


def latest_group_risk_assessment(*, group: ProducerGroup) -> RiskAssessment | None:
    """The group's own latest risk assessment: where a higher app adds its evidence."""
    return _latest(RiskAssessment.objects.filter(group=group))


def actions_reviewed_in(
    *, year: int, country_ids: list[int] | None = None
) -> list[tuple[PlanAction, ActionReview | None]]:
    """The actions of the plans running in `year`, each with that year's review of it (or
    None), for the yearly report. Two queries whatever the number of actions."""
    actions = PlanAction.objects.filter(
        plan__starts_on__year__lte=year, plan__ends_on__year__gte=year
    ).select_related("plan__group__country", "core_risk")
    if country_ids is not None:
        actions = actions.filter(plan__group__country_id__in=country_ids)
    actions = list(
        actions.order_by("plan__group__country__name", "plan__group__name", "plan", "position")
    )
    reviews = {
        row.action_id: row
        for row in ActionReview.objects.filter(
            review__year=year, action__in=[action.pk for action in actions]
        )
    }
    return [(action, reviews.get(action.pk)) for action in actions]
