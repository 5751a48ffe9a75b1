"""Reads for needs, risks and training plans."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisation_levels.models import ProducerGroup
from training_plans.models import (
    NeedRating,
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


def group_need_priorities(*, group: ProducerGroup) -> dict[tuple[str, int], RatedPriority]:
    """("need_area" | "theme", id) → priority, from the group's latest rating of that subject,
    else from the country's latest national needs assessment. Two queries."""
    group_ratings = NeedRating.objects.filter(assessment__group=group)
    national_ratings = NeedRating.objects.filter(
        assessment__country_id=group.country_id, assessment__group__isnull=True
    )
    priorities: dict[tuple[str, int], RatedPriority] = {}
    for ratings, label in [
        (group_ratings, _("group field consultation")),
        (national_ratings, _("national needs assessment")),
    ]:
        newest_first = ratings.select_related("assessment").order_by(
            "-assessment__assessed_on", "-assessment_id"
        )
        for rating in newest_first:
            key = (
                ("need_area", rating.need_area_id)
                if rating.need_area_id
                else (
                    "theme",
                    rating.theme_id,
                )
            )
            # The first one seen is the newest; the group's own view wins over the country's.
            priorities.setdefault(
                key, RatedPriority(rating.priority, _source(label, rating.assessment))
            )
    return priorities


def group_risks(*, group: ProducerGroup) -> dict[int, RatedRisk]:
    """Core risk id → level, from the group's latest rating of it, else its region's."""
    group_ratings = RiskRating.objects.filter(assessment__group=group)
    regional_ratings = (
        RiskRating.objects.filter(
            assessment__group__isnull=True,
            assessment__country_id=group.country_id,
            assessment__region__iexact=group.region.strip(),
        )
        if group.region.strip()
        else RiskRating.objects.none()
    )
    risks: dict[int, RatedRisk] = {}
    for ratings, label in [
        (group_ratings, _("group risk assessment")),
        (regional_ratings, _("regional risk assessment")),
    ]:
        newest_first = ratings.select_related("assessment").order_by(
            "-assessment__assessed_on", "-assessment_id"
        )
        for rating in newest_first:
            risks.setdefault(
                rating.core_risk_id,
                RatedRisk(RiskLevel(rating.level), _source(label, rating.assessment)),
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


def trainers_for_group(*, group: ProducerGroup):
    """People who may be named trainer of a plan item: the Trainers role."""
    from django.contrib.auth import get_user_model

    from modules.roles import TRAINERS

    return (
        get_user_model()
        .objects.filter(groups__name=TRAINERS, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class TimelineRow:
    item: TrainingPlanItem
    months: list[bool]  # one per month of the plan: is the item planned then?


def plan_timeline(*, plan: TrainingPlan, items: list[TrainingPlanItem]):
    """Months of the plan (at most 36) and, per item, the months it is planned in."""
    months = []
    month = plan.starts_on.replace(day=1)
    while month <= plan.ends_on and len(months) < 36:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
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
