"""Writes for organisation levels. Keyword-only, typed, transactional."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisation_levels.evidence import CheckedUpload
from organisation_levels.models import (
    AssessmentEvidence,
    ImprovementCycle,
    ImprovementItem,
    ImprovementItemEvidence,
    LevelAssessment,
    ProducerGroup,
    Rubric,
)
from organisation_levels.scoring import level_compute
from organisation_levels.selectors import active_rubric, user_is_assessor, user_may_change_group


def rubric_next_version() -> int:
    return (Rubric.objects.originals().aggregate(highest=Max("version"))["highest"] or 0) + 1


@transaction.atomic
def rubric_save(*, rubric: Rubric) -> Rubric:
    """Store a rubric version as written in the admin: a new one takes the next version
    number, and one saved as active becomes the version new assessments use (the one
    active until now retires)."""
    if not rubric.pk:
        rubric.version = rubric_next_version()
    rubric.save()
    if rubric.status == Rubric.Status.ACTIVE:
        rubric_activate(rubric=rubric)
    return rubric


@transaction.atomic
def rubric_activate(*, rubric: Rubric) -> Rubric:
    """Make `rubric` the one new assessments use; the previously active one is retired."""
    Rubric.objects.originals().select_for_update().filter(status=Rubric.Status.ACTIVE).exclude(
        pk=rubric.pk
    ).update(status=Rubric.Status.RETIRED)
    rubric.status = Rubric.Status.ACTIVE
    rubric.activated_at = rubric.activated_at or timezone.now()
    rubric.save(update_fields=["status", "activated_at"])
    return rubric


@transaction.atomic
def assessment_submit(
    *,
    group: ProducerGroup,
    answers: dict[str, int],
    submitted_by,
    notes: str = "",
    evidence: Sequence[CheckedUpload] = (),
    rubric: Rubric | None = None,
) -> LevelAssessment:
    """Score the answers with the rubric and store the result with its reasons and evidence.

    `rubric` is the version the form showed (default: the active one); answering a
    version that was retired meanwhile is refused, so answers never meet questions
    they were not given for. Raises PermissionDenied for someone who may not change
    the group, and scoring.AnswersInvalid (naming each question) for incomplete
    answers; in both cases nothing is stored.
    """
    _require_change(group, submitted_by, _("You may not assess this producer group."))
    active = active_rubric()
    if active is None:
        raise ValidationError(_("No level rubric is active; ask the technical committee."))
    if rubric is not None and rubric.pk != active.pk:
        raise ValidationError(
            _(
                "The level rubric changed to version %(version)s while you were answering. "
                "Open the form again to answer the current questions."
            )
            % {"version": active.version}
        )
    rubric = active
    result = level_compute(rubric=rubric, answers=answers)
    assessment = LevelAssessment.objects.create(
        group=group,
        rubric=rubric,
        answers=dict(answers),
        level=result.level,
        scores=[{"dimension": s.name, "percent": s.percent} for s in result.scores],
        holding_back=result.holding_back,
        notes=notes,
        submitted_by=submitted_by,
    )
    _evidence_store(lambda: AssessmentEvidence(assessment=assessment), evidence, submitted_by)
    return assessment


def _require_change(group: ProducerGroup, user, message: str) -> None:
    if not user_may_change_group(user=user, group=group):
        raise PermissionDenied(message)


def _evidence_store(new_row, uploads: Sequence[CheckedUpload], user) -> None:
    """Store each upload as a row from `new_row()`; on any failure, remove what was stored.

    Each file is written to storage before its row: if a later file or row fails,
    the transaction drops the rows, and this drops the files they pointed at.
    """
    stored = []
    try:
        for checked in uploads:
            evidence = new_row()
            evidence.original_name = checked.name
            evidence.size = checked.size
            evidence.uploaded_by = user
            evidence.file.save(checked.name, checked.upload, save=False)
            stored.append(evidence.file)
            evidence.save()
    except Exception:
        for file in stored:
            file.storage.delete(file.name)
        raise


@transaction.atomic
def assessment_confirm(*, assessment: LevelAssessment, assessor) -> LevelAssessment:
    """An assessor of the group's national platform confirms the level; never the submitter."""
    assessment = LevelAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not user_is_assessor(user=assessor, group=assessment.group):
        raise PermissionDenied(_("Only the country's national platform confirms an assessment."))
    if assessor.pk == assessment.submitted_by_id:
        raise PermissionDenied(_("Someone other than the person who submitted it must confirm."))
    if assessment.status == LevelAssessment.Status.CONFIRMED:
        return assessment
    assessment.status = LevelAssessment.Status.CONFIRMED
    assessment.confirmed_by = assessor
    assessment.confirmed_at = timezone.now()
    assessment.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return assessment


@transaction.atomic
def assessment_return(*, assessment: LevelAssessment, assessor, comment: str) -> LevelAssessment:
    """An assessor sends a submitted assessment back to the group, saying why; the same
    people as confirm it. The group then submits a new assessment."""
    assessment = LevelAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not user_is_assessor(user=assessor, group=assessment.group):
        raise PermissionDenied(_("Only the country's national platform confirms an assessment."))
    if assessor.pk == assessment.submitted_by_id:
        raise PermissionDenied(_("Someone other than the person who submitted it must confirm."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what the group should check or correct."))
    if assessment.status != LevelAssessment.Status.SUBMITTED:
        raise ValidationError(_("Only an assessment waiting for an assessor can be sent back."))
    assessment.status = LevelAssessment.Status.RETURNED
    assessment.confirmed_by = assessor  # who decided, and when
    assessment.confirmed_at = timezone.now()
    assessment.returned_comment = comment
    assessment.save(update_fields=["status", "confirmed_by", "confirmed_at", "returned_comment"])
    return assessment


# --- The QMS improvement plan -------------------------------------------------------


@transaction.atomic
def improvement_cycle_start(
    *,
    group: ProducerGroup,
    user,
    title: str,
    starts_on: datetime.date | None = None,
    review_on: datetime.date | None = None,
) -> ImprovementCycle:
    """Open the group's next plan-do-check-act cycle; refused while one is still open."""
    _require_change(group, user, _("You may not change this group's improvement plan."))
    # Serialise starts for one group (PostgreSQL); the constraint still guards SQLite.
    ProducerGroup.objects.select_for_update().filter(pk=group.pk).order_by().first()
    if group.improvement_cycles.filter(status=ImprovementCycle.Status.OPEN).exists():
        raise ValidationError(
            _("This group already has an open cycle. Close it before starting a new one.")
        )
    highest = group.improvement_cycles.aggregate(highest=Max("number"))["highest"] or 0
    cycle = ImprovementCycle(
        group=group,
        number=highest + 1,
        title=title,
        starts_on=starts_on or timezone.localdate(),
        review_on=review_on,
    )
    cycle.full_clean()
    try:
        # The constraints are the last word if two people start a cycle at the same moment.
        with transaction.atomic():
            cycle.save()
    except IntegrityError:
        raise ValidationError(_("Someone else started a cycle for this group just now.")) from None
    return cycle


@transaction.atomic
def improvement_cycle_close(
    *,
    cycle: ImprovementCycle,
    user,
    review_notes: str,
    next_title: str,
    next_review_on: datetime.date | None = None,
) -> ImprovementCycle:
    """Close the cycle and open the next one, carrying every unfinished item into it.

    The carried item is a copy (same stage, owner, due date, modules and status)
    that points back at the original and takes its evidence files along; the
    original is marked "carried over", so the closed cycle still shows what was
    left undone.
    """
    cycle = ImprovementCycle.objects.select_for_update().get(pk=cycle.pk)
    _require_change(cycle.group, user, _("You may not change this group's improvement plan."))
    if cycle.status != ImprovementCycle.Status.OPEN:
        raise ValidationError(_("This cycle is already closed."))
    cycle.status = ImprovementCycle.Status.CLOSED
    cycle.review_notes = review_notes
    cycle.closed_at = timezone.now()
    cycle.closed_by = user
    cycle.save(update_fields=["status", "review_notes", "closed_at", "closed_by"])

    next_cycle = improvement_cycle_start(
        group=cycle.group, user=user, title=next_title, review_on=next_review_on
    )
    unfinished = list(cycle.items.still_open().prefetch_related("modules"))
    for item in unfinished:
        copy = ImprovementItem.objects.create(
            cycle=next_cycle,
            stage=item.stage,
            description=item.description,
            owner=item.owner,
            due_date=item.due_date,
            status=item.status,
            evidence_notes=item.evidence_notes,
            carried_from=item,
        )
        copy.modules.set(item.modules.all())
        # Evidence gathered so far belongs to the work, which goes on in the new cycle.
        item.evidence_files.update(item=copy)
    ImprovementItem.objects.filter(pk__in=[item.pk for item in unfinished]).update(
        status=ImprovementItem.Status.CARRIED_OVER
    )
    return next_cycle


@transaction.atomic
def improvement_item_save(
    *,
    item: ImprovementItem,
    user,
    modules=None,
    evidence: Sequence[CheckedUpload] = (),
    edited_version: int | None = None,
) -> ImprovementItem:
    """Store a new or changed item of an open cycle, with its modules and new evidence files.

    `item` comes from a validated form (not yet saved). `edited_version` is the version
    the form showed: if someone changed the item since, nothing is stored and the
    ValidationError names who (the rule of organisation_levels/phone_sync.py). Finishing
    an item stamps its completion date, which on-time reporting uses; reopening clears it.
    """
    cycle = ImprovementCycle.objects.select_for_update().get(pk=item.cycle_id)
    _require_change(cycle.group, user, _("You may not change this group's improvement plan."))
    if cycle.status != ImprovementCycle.Status.OPEN:
        raise ValidationError(_("This cycle is closed; its items can no longer change."))
    if item.status == ImprovementItem.Status.CARRIED_OVER:
        raise ValidationError(_("Only closing a cycle carries items over."))
    if item.status == ImprovementItem.Status.DONE:
        item.completed_on = item.completed_on or timezone.localdate()
    else:
        item.completed_on = None
    # The cycle's lock above serialises changes of its items: the version read here is
    # the last one stored, and an update made offline from an older one is refused
    # (organisation_levels/phone_sync.py).
    if item.pk:
        stored = ImprovementItem.objects.select_related("updated_by").get(pk=item.pk)
        if edited_version is not None and stored.version != edited_version:
            raise ValidationError(
                _(
                    "“%(item)s” was changed by %(person)s on %(when)s after you opened it. "
                    "Open it again to see their change, then make yours."
                )
                % {
                    "item": str(stored),
                    "person": (
                        stored.updated_by.get_full_name() or stored.updated_by.get_username()
                    )
                    if stored.updated_by
                    else _("someone"),
                    "when": formats.date_format(
                        timezone.localtime(stored.updated_at), "DATETIME_FORMAT"
                    ),
                }
            )
        item.version = stored.version + 1
    item.updated_by = user
    item.save()
    if modules is not None:
        item.modules.set(modules)
    _evidence_store(lambda: ImprovementItemEvidence(item=item), evidence, user)
    return item
