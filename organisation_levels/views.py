"""Producer-group pages for managers, platforms and monitoring viewers. Thin: forms
validate, selectors read, services write; each view first finds the group through the
permission rules (organisation_levels.selectors.group_for_user), so a group outside the
user's role is "not found".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from curriculum_site.page_hooks import context_from_hooks
from organisation_levels import selectors, services
from organisation_levels.evidence import evidence_response
from organisation_levels.forms import (
    AssessmentForm,
    CycleCloseForm,
    CycleStartForm,
    ImprovementItemForm,
)
from organisation_levels.models import (
    AssessmentEvidence,
    ImprovementCycle,
    ImprovementItem,
    ImprovementItemEvidence,
    LevelAssessment,
)
from organisation_levels.rubric_words import rubric_words
from organisation_levels.scoring import AnswersInvalid

GROUPS_PER_PAGE = 50

# What the apps above add to a producer group's page (curriculum_site.page_hooks): each
# function registered under this name is called with `group` and the `level` its
# modules are chosen for.
PRODUCER_GROUP_PAGE_CONTEXT = "producer_group_page_context"
# Evidence the apps above offer beside the assessment's questions: each function registered
# under this name is called with `group` and `questions` (question id → (dimension as
# written in the original rubric, question)) and returns {question id: a sentence}. Shown
# to the assessor as evidence only: it never answers a question or changes a score.
LEVEL_ASSESSMENT_HINTS = "level_assessment_hints"


@login_required
def group_list(request):
    groups = selectors.groups_of_user(user=request.user).order_by("country__name", "name")
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "organisation_levels/group_list.html", {"groups": page.object_list, "page": page}
    )


@login_required
def group_detail(request, group_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id)
    context = selectors.group_page(group=group, user=request.user)
    # Training plans build on groups: their next modules and the training received come
    # from that app, which registers under this hook.
    context.update(
        context_from_hooks(PRODUCER_GROUP_PAGE_CONTEXT, group=group, level=context["modules_level"])
    )
    return render(request, "organisation_levels/group_detail.html", context)


@login_required
def assessment_new(request, group_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id, action="change")
    rubric = selectors.active_rubric()
    if rubric is None:
        messages.error(request, _("No level rubric is active yet; ask the technical committee."))
        return redirect("producer_groups:detail", group_id=group.pk)
    form = AssessmentForm(request.POST or None, request.FILES or None, rubric=rubric)
    hints = {}
    for contribute in hooks.get_hooks(LEVEL_ASSESSMENT_HINTS):
        hints.update(contribute(group=group, questions=form.questions))
    form.add_evidence_hints(hints)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_submit(
                group=group,
                answers=form.answers(),
                submitted_by=request.user,
                notes=form.cleaned_data["notes"],
                evidence=form.cleaned_data["evidence"],
                rubric=form.cleaned_data["rubric"],
            )
        except (AnswersInvalid, ValidationError) as error:
            form.add_error(None, error.problems if isinstance(error, AnswersInvalid) else error)
        else:
            return redirect(
                "producer_groups:assessment", group_id=group.pk, assessment_id=assessment.pk
            )
    return render(
        request,
        "organisation_levels/assessment_form.html",
        {"group": group, "form": form, "rubric": rubric},
    )


def _assessment_of(group, assessment_id):
    return get_object_or_404(
        LevelAssessment.objects.select_related(
            "level", "rubric", "submitted_by", "confirmed_by", "group__country"
        ).prefetch_related("evidence"),
        pk=assessment_id,
        group=group,
    )


def _assessment_words(assessment) -> dict:
    """The stored reasons and dimension scores, in the reader's language (decision 0020)."""
    words = rubric_words(assessment.rubric)
    return {
        "holding_back": [words.reason(reason) for reason in assessment.holding_back],
        "scores": [
            {**score, "dimension": words.dimension(score.get("dimension", ""))}
            for score in assessment.scores
        ],
    }


@login_required
def assessment_detail(request, group_id, assessment_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id)
    assessment = _assessment_of(group, assessment_id)
    return render(
        request,
        "organisation_levels/assessment_detail.html",
        {
            "group": group,
            "assessment": assessment,
            **_assessment_words(assessment),
            "may_confirm": selectors.assessment_confirmable_by(
                assessment=assessment, user=request.user
            ),
        },
    )


@login_required
@require_POST
def assessment_confirm(request, group_id, assessment_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id)
    assessment = _assessment_of(group, assessment_id)
    try:
        services.assessment_confirm(assessment=assessment, assessor=request.user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Level confirmed: %(level)s.") % {"level": str(assessment.level)}
        )
    return redirect("producer_groups:assessment", group_id=group.pk, assessment_id=assessment.pk)


@login_required
@require_POST
def assessment_return(request, group_id, assessment_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id)
    assessment = _assessment_of(group, assessment_id)
    try:
        services.assessment_return(
            assessment=assessment, assessor=request.user, comment=request.POST.get("comment", "")
        )
    except (PermissionDenied, ValidationError) as refusal:
        messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
    else:
        messages.success(request, _("Assessment sent back to the group with your comment."))
    return redirect("producer_groups:assessment", group_id=group.pk, assessment_id=assessment.pk)


@login_required
def plan(request, group_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id)
    cycles = list(group.improvement_cycles.order_by("-number"))
    cycle = selectors.plan_cycle_chosen(cycles=cycles, number=request.GET.get("cycle"))
    can_change = selectors.user_may_change_group(user=request.user, group=group)
    has_open_cycle = any(c.status == ImprovementCycle.Status.OPEN for c in cycles)
    return render(
        request,
        "organisation_levels/plan.html",
        {
            "group": group,
            "cycles": cycles,
            "cycle": cycle,
            "stages": selectors.cycle_items_by_stage(cycle=cycle) if cycle else [],
            "progress": selectors.plan_progress(cycle=cycle) if cycle else None,
            "can_change": can_change,
            "can_start": can_change and not has_open_cycle,
        },
    )


@login_required
def cycle_start(request, group_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id, action="change")
    form = CycleStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.improvement_cycle_start(
                group=group,
                user=request.user,
                title=form.cleaned_data["title"],
                review_on=form.cleaned_data["review_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("producer_groups:plan", group_id=group.pk)
    return render(request, "organisation_levels/cycle_form.html", {"group": group, "form": form})


@login_required
def cycle_close(request, group_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id, action="change")
    cycle = selectors.group_open_cycle(group=group)
    if cycle is None:
        raise Http404
    form = CycleCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.improvement_cycle_close(
                cycle=cycle,
                user=request.user,
                review_notes=form.cleaned_data["review_notes"],
                next_title=form.cleaned_data["next_title"],
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Cycle closed; unfinished items were carried over."))
            return redirect("producer_groups:plan", group_id=group.pk)
    return render(
        request,
        "organisation_levels/cycle_close.html",
        {"group": group, "cycle": cycle, "form": form, "unfinished": cycle.items.still_open()},
    )


@login_required
def item_edit(request, group_id, item_id=None):
    group = selectors.group_for_user(user=request.user, group_id=group_id, action="change")
    if item_id is None:
        cycle = selectors.group_open_cycle(group=group)
        if cycle is None:
            messages.error(request, _("Start a cycle before adding items to it."))
            return redirect("producer_groups:plan", group_id=group.pk)
        item = ImprovementItem(cycle=cycle)
    else:
        item = selectors.improvement_item_of_group(group=group, item_id=item_id)
        cycle = item.cycle
    if cycle.status != ImprovementCycle.Status.OPEN:
        messages.error(request, _("This cycle is closed; its items can no longer change."))
        return redirect("producer_groups:plan", group_id=group.pk)
    form = ImprovementItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.improvement_item_save(
                item=form.save(commit=False),
                user=request.user,
                modules=form.cleaned_data["modules"],
                evidence=form.cleaned_data["evidence"],
                edited_version=form.cleaned_data.get("edited_version"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("producer_groups:plan", group_id=group.pk)
    return render(
        request,
        "organisation_levels/item_form.html",
        {"group": group, "cycle": cycle, "item": item, "form": form},
    )


EVIDENCE_KINDS = {
    "assessment": (AssessmentEvidence, "assessment__group"),
    "item": (ImprovementItemEvidence, "item__cycle__group"),
}


@login_required
def evidence_download(request, group_id, kind, evidence_id):
    group = selectors.group_for_user(user=request.user, group_id=group_id)
    if kind not in EVIDENCE_KINDS:
        raise Http404
    model, group_path = EVIDENCE_KINDS[kind]
    evidence = get_object_or_404(model, pk=evidence_id, **{group_path: group})
    return evidence_response(evidence)
