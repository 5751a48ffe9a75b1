"""What internal control gives the rest of a group's work (issue 21, point 5).

- **Training.** An open non-conformity recommends the modules linked to its control
  point, with the finding as the reason (`finding_reasons`, registered under
  training_plans' RECOMMENDATION_REASONS hook). The reason is composed when it is read,
  in the reader's language (decision 0020), from the data: code, title, date, count.
- **Improvement plan.** A finding "not met" becomes an item of the group's open
  plan-do-check-act cycle (stage "Act": a correction), with the control point's modules
  (`non_conformity_improvement_item`). The same control point failing again, for the
  same member or another, links to the item already open (following it into the next
  cycle when it was carried over), so a recurring finding never makes a second item.
- **Level assessment.** Where the rubric asks about internal control, the assessment
  form shows what the inspections say (`assessment_hints`) as evidence beside the
  question. It never answers for the assessor and never changes a score.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from internal_control.models import ControlPoint, Inspection, NonConformity, Severity
from organisation_levels.models import ImprovementCycle, ImprovementItem, ProducerGroup
from organisation_levels.services import improvement_cycle_start
from training_delivery.models import Farmer
from training_plans.recommendation import ExtraReason

# How urgent a finding makes its modules, on the recommendation's 1-to-5 scale: a
# critical finding ranks with a need rated 5, a minor one below the urgent threshold (4),
# so a warning does not push the group's most pressing needs down the list.
PRIORITY_BY_SEVERITY = {Severity.MINOR: 3, Severity.MAJOR: 4, Severity.CRITICAL: 5}


def finding_reasons(*, group: ProducerGroup) -> list[ExtraReason]:
    """One reason per (module, control point) of the group's open non-conformities. Two
    queries whatever the number of findings."""
    open_by_point = {
        row["finding__control_point_id"]: row
        for row in NonConformity.objects.filter(group=group, status=NonConformity.Status.OPEN)
        .values("finding__control_point_id")
        .annotate(
            members=Count("farmer", distinct=True),
            of_group=Count("pk") - Count("farmer"),
            latest=Max("finding__inspection__inspected_on"),
        )
    }
    if not open_by_point:
        return []
    reasons = []
    points = ControlPoint.objects.filter(pk__in=open_by_point).prefetch_related("modules")
    for point in points.order_by("code"):
        row = open_by_point[point.pk]
        reason = finding_reason(
            code=point.code,
            title=point.title,
            found_on=row["latest"],
            members=row["members"],
            of_group=bool(row["of_group"]),
        )
        for module in point.modules.all():
            reasons.append(
                ExtraReason(
                    module_id=module.pk,
                    priority=PRIORITY_BY_SEVERITY.get(point.severity, 4),
                    reason=reason,
                )
            )
    return reasons


def finding_reason(*, code, title, found_on, members: int, of_group: bool) -> str:
    """The finding in words, in the active language: 'not met at the internal inspection
    of 5 Dec 2026: ICS-03 Chemicals stored safely (2 members)'."""
    found = _("not met at the internal inspection of %(date)s: %(code)s %(title)s") % {
        "date": date_format(found_on, "DATE_FORMAT"),
        "code": code,
        "title": title,
    }
    if members:
        found += " " + ngettext("(%(count)s member)", "(%(count)s members)", members) % {
            "count": members
        }
    elif of_group:
        found += " " + _("(the group itself)")
    return found


def non_conformity_improvement_item(
    *, non_conformity: NonConformity, user
) -> ImprovementItem | None:
    """The improvement-plan item for a new non-conformity: the item already open for the
    same control point of the group, else a new one in the group's open cycle (a cycle is
    started when the group has none). Called inside the inspection's transaction."""
    point = non_conformity.finding.control_point
    earlier = (
        NonConformity.objects.filter(
            group_id=non_conformity.group_id,
            finding__control_point=point,
            improvement_item__isnull=False,
        )
        .exclude(pk=non_conformity.pk)
        .select_related("improvement_item")
        .order_by("-pk")
        .first()
    )
    item = _latest_copy(earlier.improvement_item) if earlier else None
    if item is None or not item.is_open:
        cycle = _open_cycle(group=non_conformity.group, user=user)
        if cycle is None:
            return None
        item = ImprovementItem.objects.create(
            cycle=cycle,
            stage=ImprovementItem.Stage.ACT,
            # Data, not words: the code and title read the same in every language.
            description=f"{point.code} {point.title}: {non_conformity.corrective_action}"[:2000],
            owner=_("Internal inspector"),
            due_date=non_conformity.deadline,
        )
        item.modules.set(point.modules.all())
    elif item.due_date is None or non_conformity.deadline < item.due_date:
        # A recurrence with a shorter deadline brings the item's due date forward.
        item.due_date = non_conformity.deadline
        item.save(update_fields=["due_date", "updated_at"])
    non_conformity.improvement_item = item
    non_conformity.save(update_fields=["improvement_item"])
    return item


def _latest_copy(item: ImprovementItem) -> ImprovementItem:
    """The item as it goes on now: closing a cycle copies unfinished items forward."""
    seen = {item.pk}
    while True:
        following = item.carried_into.order_by("-pk").first()
        if following is None or following.pk in seen:
            return item
        seen.add(following.pk)
        item = following


def _open_cycle(*, group: ProducerGroup, user) -> ImprovementCycle | None:
    cycle = group.improvement_cycles.filter(status=ImprovementCycle.Status.OPEN).first()
    if cycle is not None:
        return cycle
    try:
        return improvement_cycle_start(
            group=group, user=user, title=_("Corrections from internal inspections")
        )
    except ValidationError:
        # Someone started one at the same moment: use theirs.
        return group.improvement_cycles.filter(status=ImprovementCycle.Status.OPEN).first()


# --- The level assessment ---------------------------------------------------------------

# The rule: a question of the rubric's dimension whose name (in the original version,
# whatever the reader's language) contains these words is "about internal control".
INTERNAL_CONTROL_DIMENSION = "internal control"


def assessment_hints(*, group: ProducerGroup, questions: dict) -> dict[str, str]:
    """For each question about internal control (see INTERNAL_CONTROL_DIMENSION), what the
    group's internal inspections of the last twelve months say, as evidence for the
    assessor. `questions`: question id → (original dimension name, question)."""
    asked = [
        question_id
        for question_id, (dimension, _question) in questions.items()
        if INTERNAL_CONTROL_DIMENSION in str(dimension).lower()
    ]
    if not asked:
        return {}
    hint = internal_control_summary(group=group)
    return {question_id: hint for question_id in asked}


def internal_control_summary(*, group: ProducerGroup) -> str:
    since = timezone.localdate().replace(year=timezone.localdate().year - 1)
    inspected = Inspection.objects.filter(group=group, inspected_on__gte=since).aggregate(
        members=Count("farmer", distinct=True), first=Min("inspected_on")
    )
    roster = Farmer.objects.on_roster().filter(group=group).count()
    open_ncs = NonConformity.objects.filter(group=group, status=NonConformity.Status.OPEN)
    counts = open_ncs.aggregate(
        total=Count("pk"), critical=Count("pk", filter=Q(severity=Severity.CRITICAL))
    )
    if not inspected["members"] and not counts["total"]:
        return _(
            "From the internal control records: no internal inspection was recorded in the "
            "last twelve months. This is evidence for your answer, not the answer."
        )
    return _(
        "From the internal control records: %(inspected)s of %(roster)s members inspected "
        "in the last twelve months; %(open)s open non-conformities, %(critical)s of them "
        "critical. This is evidence for your answer, not the answer."
    ) % {
        "inspected": inspected["members"],
        "roster": roster,
        "open": counts["total"],
        "critical": counts["critical"],
    }
