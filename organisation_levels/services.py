"""Writes for organisation levels. Keyword-only, typed, transactional."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from organisation_levels.models import Rubric


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
