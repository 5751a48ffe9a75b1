"""Training-plan pages of a producer group. Thin: forms validate, selectors read,
services write; the group is found through the group rules first, so a group (or a
plan of a group) outside the user's role is "not found"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from curriculum_site.downloads import attachment
from curriculum_site.spreadsheets import XLSX_CONTENT_TYPE
from organisation_levels.selectors import group_for_user, user_may_change_group
from training_plans import selectors, services
from training_plans.exports import training_plan_pdf, training_plan_xlsx
from training_plans.forms import (
    AddModuleForm,
    NextCycleForm,
    PlanActionForm,
    PlanReviewForm,
    TrainingPlanForm,
    TrainingPlanItemForm,
)
from training_plans.models import PlanAction, PlanReview, TrainingPlan, TrainingPlanItem
from training_plans.recommendation import group_recommendation


def _plan_of(group, plan_id):
    return get_object_or_404(TrainingPlan.objects.select_related("group"), pk=plan_id, group=group)


def _item_of(plan, item_id):
    return get_object_or_404(
        TrainingPlanItem.objects.select_related("plan__group"), pk=item_id, plan=plan
    )


@login_required
def plan_list(request, group_id):
    group = group_for_user(user=request.user, group_id=group_id)
    return render(
        request,
        "training_plans/plan_list.html",
        {
            "group": group,
            "plans": selectors.training_plans_of_group(group=group),
            "recommendation": group_recommendation(group=group),
            "can_change": user_may_change_group(user=request.user, group=group),
        },
    )


@login_required
def plan_new(request, group_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    form = TrainingPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.training_plan_create(
            group=group,
            user=request.user,
            title=form.cleaned_data["title"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            currency=form.cleaned_data["currency"],
        )
        messages.success(
            request,
            _("Plan created with %(count)s recommended modules.") % {"count": plan.items.count()},
        )
        return redirect("training_plans:detail", group_id=group.pk, plan_id=plan.pk)
    return render(request, "training_plans/plan_form.html", {"group": group, "form": form})


@login_required
def plan_edit(request, group_id, plan_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    plan = _plan_of(group, plan_id)
    form = TrainingPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.training_plan_save(plan=form.save(commit=False), user=request.user)
        messages.success(request, _("Plan saved."))
        return redirect("training_plans:detail", group_id=group.pk, plan_id=plan.pk)
    return render(
        request, "training_plans/plan_form.html", {"group": group, "form": form, "plan": plan}
    )


@login_required
def plan_detail(request, group_id, plan_id):
    group = group_for_user(user=request.user, group_id=group_id)
    plan = _plan_of(group, plan_id)
    items = selectors.training_plan_items(plan=plan)
    months, rows = selectors.plan_timeline(plan=plan, items=items)
    can_change = user_may_change_group(user=request.user, group=group)
    actions = selectors.plan_actions(plan=plan)
    return render(
        request,
        "training_plans/plan_detail.html",
        {
            "group": group,
            "plan": plan,
            "items": items,
            "actions": actions,
            "actions_budget": selectors.actions_budget_total(actions=actions),
            "reviews": selectors.plan_reviews(plan=plan),
            "followed_by": plan.followed_by.first(),
            "months": months,
            "rows": rows,
            "budget_total": selectors.plan_budget_total(items=items),
            "can_change": can_change,
            "add_form": AddModuleForm(plan=plan) if can_change else None,
        },
    )


@login_required
@require_POST
def item_add(request, group_id, plan_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    plan = _plan_of(group, plan_id)
    form = AddModuleForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            item = services.training_plan_item_add(
                plan=plan, module=form.cleaned_data["module"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(code)s added.") % {"code": item.module_code})
    else:
        messages.error(request, _("Choose a published module that is not in the plan yet."))
    return redirect("training_plans:detail", group_id=group.pk, plan_id=plan.pk)


@login_required
def item_edit(request, group_id, plan_id, item_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    plan = _plan_of(group, plan_id)
    item = _item_of(plan, item_id)
    form = TrainingPlanItemForm(request.POST or None, instance=item, group=group)
    if request.method == "POST" and form.is_valid():
        services.training_plan_item_save(item=form.save(commit=False), user=request.user)
        messages.success(request, _("%(code)s saved.") % {"code": item.module_code})
        return redirect("training_plans:detail", group_id=group.pk, plan_id=plan.pk)
    return render(
        request,
        "training_plans/item_form.html",
        {"group": group, "plan": plan, "item": item, "form": form},
    )


@login_required
@require_POST
def item_move(request, group_id, plan_id, item_id, direction):
    if direction not in ("up", "down"):
        raise Http404
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    item = _item_of(_plan_of(group, plan_id), item_id)
    services.training_plan_item_move(item=item, user=request.user, up=direction == "up")
    return redirect("training_plans:detail", group_id=group.pk, plan_id=plan_id)


@login_required
@require_POST
def item_remove(request, group_id, plan_id, item_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    item = _item_of(_plan_of(group, plan_id), item_id)
    try:
        services.training_plan_item_remove(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(code)s removed.") % {"code": item.module_code})
    return redirect("training_plans:detail", group_id=group.pk, plan_id=plan_id)


@login_required
def plan_export(request, group_id, plan_id, file_format):
    if file_format not in ("xlsx", "pdf"):
        raise Http404
    group = group_for_user(user=request.user, group_id=group_id)
    plan = _plan_of(group, plan_id)
    items = selectors.training_plan_items(plan=plan)
    name = slugify(f"{group.name} {plan.title}") or "training-plan"
    if file_format == "xlsx":
        content = training_plan_xlsx(plan=plan, items=items)
        content_type = XLSX_CONTENT_TYPE
    else:
        content = training_plan_pdf(plan=plan, items=items)
        content_type = "application/pdf"
    return attachment(content, content_type, f"{name}.{file_format}")


# --- Mitigation and support actions, reviews, the next cycle (issue 20, point 6) -----------


def _action_of(plan, action_id):
    return get_object_or_404(
        PlanAction.objects.select_related("plan__group"), pk=action_id, plan=plan
    )


def _service_errors_on(form, error: ValidationError) -> None:
    """A service's refusal shown on the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@login_required
def action_edit(request, group_id, plan_id, action_id=None):
    """Add an action (no `action_id`) or change one."""
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    plan = _plan_of(group, plan_id)
    action = _action_of(plan, action_id) if action_id else None
    form = PlanActionForm(request.POST or None, instance=action, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plan_action_save(action=form.save(commit=False), user=request.user)
        except ValidationError as error:
            _service_errors_on(form, error)
        else:
            messages.success(request, _("“%(action)s” saved.") % {"action": saved.title})
            return redirect("training_plans:detail", group_id=group.pk, plan_id=plan.pk)
    return render(
        request,
        "training_plans/action_form.html",
        {"group": group, "plan": plan, "action": action, "form": form},
    )


@login_required
@require_POST
def action_remove(request, group_id, plan_id, action_id):
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    action = _action_of(_plan_of(group, plan_id), action_id)
    try:
        services.plan_action_remove(action=action, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(action)s” removed.") % {"action": action.title})
    return redirect("training_plans:detail", group_id=group.pk, plan_id=plan_id)


@login_required
def review_edit(request, group_id, plan_id, year=None):
    """Review the plan's actions for one cycle (a new one, or correct the `year`'s)."""
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    plan = _plan_of(group, plan_id)
    review = get_object_or_404(PlanReview, plan=plan, year=year) if year else None
    actions = selectors.plan_actions(plan=plan)
    form = PlanReviewForm(request.POST or None, actions=actions, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_review_record(
                plan=plan,
                user=request.user,
                year=form.cleaned_data["year"],
                reviewed_on=form.cleaned_data["reviewed_on"],
                summary=form.cleaned_data["summary"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Review saved."))
            return redirect("training_plans:detail", group_id=group.pk, plan_id=plan.pk)
    return render(
        request,
        "training_plans/review_form.html",
        {"group": group, "plan": plan, "review": review, "form": form},
    )


@login_required
def plan_next(request, group_id, plan_id):
    """The next cycle's plan, with the unfinished actions carried over."""
    group = group_for_user(user=request.user, group_id=group_id, action="change")
    plan = _plan_of(group, plan_id)
    form = NextCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            following = services.training_plan_next_cycle(
                plan=plan, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors_on(form, error)
        else:
            messages.success(
                request,
                _("Next plan created; %(count)s unfinished actions carried over.")
                % {"count": following.actions.count()},
            )
            return redirect("training_plans:detail", group_id=group.pk, plan_id=following.pk)
    return render(
        request, "training_plans/next_cycle_form.html", {"group": group, "plan": plan, "form": form}
    )
