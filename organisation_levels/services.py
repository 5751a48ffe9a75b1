"""Writes for organisation levels. Keyword-only, typed, transactional."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation_levels.models import LevelAssessment, ProducerGroup, Rubric
from organisation_levels.scoring import level_compute


def rubric_next_version() -> int:
    return (Rubric.objects.aggregate(highest=Max("version"))["highest"] or 0) + 1


@transaction.atomic
def rubric_activate(*, rubric: Rubric) -> Rubric:
    """Make `rubric` the one new assessments use; the previously active one is retired."""
    Rubric.objects.select_for_update().filter(status=Rubric.Status.ACTIVE).exclude(
        pk=rubric.pk
    ).update(status=Rubric.Status.RETIRED)
    rubric.status = Rubric.Status.ACTIVE
    rubric.activated_at = rubric.activated_at or timezone.now()
    rubric.save(update_fields=["status", "activated_at"])
    return rubric


@transaction.atomic
def assessment_submit(
    *, group: ProducerGroup, answers: dict[str, int], submitted_by, notes: str = ""
) -> LevelAssessment:
    """Score the answers with the active rubric and store the result with its reasons.

    Raises PermissionDenied for someone who may not change the group, and
    scoring.AnswersInvalid (naming each question) for incomplete answers; in both
    cases nothing is stored.
    """
    if not ProducerGroup.objects.changeable_by(submitted_by).filter(pk=group.pk).exists():
        raise PermissionDenied(_("You may not assess this producer group."))
    rubric = Rubric.objects.get(status=Rubric.Status.ACTIVE)
    result = level_compute(rubric=rubric, answers=answers)
    return LevelAssessment.objects.create(
        group=group,
        rubric=rubric,
        answers=dict(answers),
        level=result.level,
        scores=[{"dimension": s.name, "percent": s.percent} for s in result.scores],
        holding_back=result.holding_back,
        notes=notes,
        submitted_by=submitted_by,
    )


@transaction.atomic
def assessment_confirm(*, assessment: LevelAssessment, assessor) -> LevelAssessment:
    """An assessor of the group's national platform confirms the level; never the submitter."""
    assessment = LevelAssessment.objects.select_for_update().get(pk=assessment.pk)
    platform_group = assessment.group.country.national_platform_group
    is_assessor = assessor.is_superuser or (
        platform_group is not None and assessor.groups.filter(pk=platform_group.pk).exists()
    )
    if not is_assessor:
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
