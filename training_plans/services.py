"""Writes for training plans. Keyword-only, typed, transactional; each checks permission."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from modules.models import TrainingModulePage
from organisation_levels.models import ProducerGroup
from organisation_levels.selectors import user_may_change_group
from training_plans.models import TrainingPlan, TrainingPlanItem
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
