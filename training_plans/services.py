"""Writes for training plans. Keyword-only, typed, transactional; each checks permission."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.models import TrainingModulePage
from organisation_levels.models import ProducerGroup
from organisation_levels.selectors import user_may_change_group
from reference.models import NeedArea
from training_plans.models import (
    ActionReview,
    PlanAction,
    PlanReview,
    RiskAssessment,
    RiskEvidence,
    TrainingPlan,
    TrainingPlanItem,
)
from training_plans.recommendation import group_recommendation


def _require_change(group: ProducerGroup, user) -> None:
    if not user_may_change_group(user=user, group=group):
        raise PermissionDenied(_("You may not change this group's training plans."))


@transaction.atomic
def training_plan_create(
    *,
    group: ProducerGroup,
    user,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    currency: str = "",
) -> TrainingPlan:
    """A plan holding today's recommendation for the group, in its order, with its reasons."""
    _require_change(group, user)
    plan = TrainingPlan(
        group=group,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        currency=currency.upper(),
        created_by=user,
    )
    plan.full_clean()
    plan.save()
    TrainingPlanItem.objects.bulk_create(
        [
            _item_for(plan, recommendation.module, recommendation.reasons, position)
            for position, recommendation in enumerate(group_recommendation(group=group))
        ]
    )
    return plan


def _item_for(plan, module, reasons, position) -> TrainingPlanItem:
    return TrainingPlanItem(
        plan=plan,
        module=module,
        module_code=module.code,
        module_title=module.title,
        reasons=list(reasons),
        position=position,
        # The first way the module says it can be delivered is a sensible default.
        delivery_method=next(iter(module.delivery_methods.all()), None),
    )


@transaction.atomic
def training_plan_save(*, plan: TrainingPlan, user) -> TrainingPlan:
    """Store the plan's own fields (title, period, currency, notes) from a validated form."""
    _require_change(plan.group, user)
    plan.currency = plan.currency.upper()
    plan.save()
    return plan


@transaction.atomic
def training_plan_item_add(
    *, plan: TrainingPlan, module: TrainingModulePage, user
) -> TrainingPlanItem:
    """Add a module; it takes the recommendation's reasons when it is recommended."""
    _require_change(plan.group, user)
    if plan.items.filter(module=module).exists():
        raise ValidationError(_("%(code)s is already in this plan.") % {"code": module.code})
    recommended = {r.module.pk: r.reasons for r in group_recommendation(group=plan.group)}
    reasons = recommended.get(module.pk) or [_("added by hand")]
    highest = plan.items.aggregate(highest=Max("position"))["highest"]
    item = _item_for(plan, module, reasons, 0 if highest is None else highest + 1)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Someone added it at the same moment; the constraint keeps one.
        raise ValidationError(
            _("%(code)s is already in this plan.") % {"code": module.code}
        ) from None
    return item


@transaction.atomic
def training_plan_item_save(*, item: TrainingPlanItem, user) -> TrainingPlanItem:
    """Store an item changed in a validated form (period, trainer, method, budget, status)."""
    _require_change(item.plan.group, user)
    item.save()
    return item


@transaction.atomic
def training_plan_item_remove(*, item: TrainingPlanItem, user) -> None:
    _require_change(item.plan.group, user)
    if item.status == TrainingPlanItem.Status.DELIVERED:
        # A delivered module is part of the group's training record.
        raise ValidationError(
            _("%(code)s was delivered; mark another status first if that was a mistake.")
            % {"code": item.module_code}
        )
    item.delete()


@transaction.atomic
def training_plan_item_move(*, item: TrainingPlanItem, user, up: bool) -> None:
    """Swap the item with its neighbour above (or below); the ends stay where they are."""
    _require_change(item.plan.group, user)
    items = list(item.plan.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour = index - 1 if up else index + 1
    if not 0 <= neighbour < len(items):
        return
    items[index], items[neighbour] = items[neighbour], items[index]
    # Renumber all: positions may have gaps or ties after removals and concurrent adds.
    for position, each in enumerate(items):
        each.position = position
    TrainingPlanItem.objects.bulk_update(items, ["position"])


# --- Evidence of risk ratings (issue 20, point 4) ----------------------------------------


@transaction.atomic
def risk_evidence_add(
    *,
    assessment: RiskAssessment,
    core_risk: NeedArea,
    kind: str,
    description: str,
    observed_on: datetime.date,
    figure: Decimal | int | None = None,
    unit: str = "",
    link: str = "",
    source_key: str = "",
    user=None,
) -> RiskEvidence:
    """Add one piece of evidence to a risk assessment, for the rating of `core_risk`.

    For the apps above this one (the supply base's deforestation flags, tenure counts):
    with a `source_key` ("supply_base:deforestation"), a second call for the same
    assessment and core risk updates the row it wrote instead of adding another. With a
    `user`, only someone who may change the assessment may add to it; without one the
    caller is the system itself (a check run by the platform). Bad values raise a
    ValidationError naming each field, and nothing is stored.
    """
    if user is not None and not (
        RiskAssessment.objects.changeable_by(user).filter(pk=assessment.pk).exists()
    ):
        raise PermissionDenied(_("You may not change this risk assessment."))
    row = None
    if source_key:
        row = RiskEvidence.objects.filter(
            assessment=assessment, core_risk=core_risk, source_key=source_key
        ).first()
    if row is None:
        highest = assessment.evidence_rows.aggregate(highest=Max("sort_order"))["highest"]
        row = RiskEvidence(
            assessment=assessment,
            core_risk=core_risk,
            source_key=source_key,
            sort_order=0 if highest is None else highest + 1,
        )
    row.kind = kind
    row.description = " ".join(str(description).split())
    row.observed_on = observed_on
    row.figure = None if figure is None else Decimal(str(figure))
    row.unit = unit.strip()
    row.link = link.strip()
    row.full_clean(exclude=["assessment"])
    if not core_risk.kind == NeedArea.Kind.CORE_RISK:
        raise ValidationError({"core_risk": _("Choose one of the core risks.")})
    row.save()
    return row


# --- The action plan beyond training, and its review (issue 20, point 6) ------------------


@transaction.atomic
def plan_action_save(*, action: PlanAction, user) -> PlanAction:
    """Store an action added or changed in a validated form; a new one goes last."""
    _require_change(action.plan.group, user)
    action.currency = action.currency.upper()
    if action.risk_rating_id and not action.core_risk_id:
        # The rating says which core issue the action addresses.
        action.core_risk_id = action.risk_rating.core_risk_id
    action.full_clean()
    if action.pk is None:
        highest = action.plan.actions.aggregate(highest=Max("position"))["highest"]
        action.position = 0 if highest is None else highest + 1
    action.save()
    return action


@transaction.atomic
def plan_action_remove(*, action: PlanAction, user) -> None:
    _require_change(action.plan.group, user)
    if action.reviews.exists():
        # A reviewed action is part of the plan's record (RSS step 5).
        raise ValidationError(
            _("“%(action)s” was reviewed; mark it dropped instead.") % {"action": action.title}
        )
    action.delete()


@dataclass(frozen=True)
class ActionRating:
    action_id: int
    effectiveness: str
    evidence: str = ""


@transaction.atomic
def plan_review_record(
    *,
    plan: TrainingPlan,
    user,
    year: int,
    reviewed_on: datetime.date,
    summary: str = "",
    ratings: list[ActionRating],
) -> PlanReview:
    """Record (or correct) the review of one cycle: each action rated once, with evidence.

    Refuses with errors by field (`year`, `reviewed_on`, `action-<id>`) and stores nothing.
    """
    _require_change(plan.group, user)
    errors: dict[str, list[str]] = {}
    if not plan.starts_on.year <= year <= plan.ends_on.year:
        errors["year"] = [
            _("Choose a year of the plan, %(start)s to %(end)s.")
            % {"start": plan.starts_on.year, "end": plan.ends_on.year}
        ]
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = [_("The date cannot be in the future.")]
    actions = {action.pk: action for action in plan.actions.all()}
    seen = set()
    for rating in ratings:
        key = f"action-{rating.action_id}"
        if rating.action_id not in actions:
            errors[key] = [_("This action is not in the plan.")]
        elif rating.action_id in seen:
            errors[key] = [_("This action is rated twice.")]
        elif rating.effectiveness not in ActionReview.Effectiveness.values:
            errors[key] = [_("Choose effective, partly effective, not effective or too early.")]
        elif (
            rating.effectiveness != ActionReview.Effectiveness.TOO_EARLY
            and not rating.evidence.strip()
        ):
            errors[key] = [_("Say what shows how well it worked.")]
        seen.add(rating.action_id)
    if not ratings:
        errors["actions"] = [_("Rate at least one action.")]
    if errors:
        raise ValidationError(errors)
    review, _created = PlanReview.objects.update_or_create(
        plan=plan,
        year=year,
        defaults={"reviewed_on": reviewed_on, "summary": summary.strip(), "reviewed_by": user},
    )
    for rating in ratings:
        ActionReview.objects.update_or_create(
            review=review,
            action_id=rating.action_id,
            defaults={"effectiveness": rating.effectiveness, "evidence": rating.evidence.strip()},
        )
    return review


@transaction.atomic
def training_plan_next_cycle(
    *,
    plan: TrainingPlan,
    user,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> TrainingPlan:
    """The next cycle's plan: today's recommendation for the group's training (modules not
    delivered yet come back by themselves), and a copy of each unfinished action, linked
    to the action it continues."""
    _require_change(plan.group, user)
    if plan.followed_by.exists():
        raise ValidationError(
            {
                "title": _("This plan was already carried into “%(title)s”.")
                % {"title": plan.followed_by.first().title}
            }
        )
    if starts_on <= plan.starts_on:
        raise ValidationError(
            {
                "starts_on": _("The next plan starts after this one, which starts on %(day)s.")
                % {"day": plan.starts_on}
            }
        )
    following = training_plan_create(
        group=plan.group,
        user=user,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        currency=plan.currency,
    )
    following.follows = plan
    following.save(update_fields=["follows"])
    carried = []
    for position, action in enumerate(
        plan.actions.filter(status__in=PlanAction.UNFINISHED).order_by("position", "pk")
    ):
        carried.append(
            PlanAction(
                plan=following,
                position=position,
                kind=action.kind,
                title=action.title,
                core_risk_id=action.core_risk_id,
                risk_rating_id=action.risk_rating_id,
                owner=action.owner,
                budget=action.budget,
                currency=action.currency,
                # Dates of the old cycle would fall outside the new plan: set them anew.
                starts_on=None,
                ends_on=None,
                indicator=action.indicator,
                status=action.status,
                notes=action.notes,
                carried_from=action,
            )
        )
    PlanAction.objects.bulk_create(carried)
    return following
