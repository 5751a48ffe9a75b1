"""Reads for producer groups and their levels."""

from django.db.models import QuerySet

from organisation_levels.models import LevelAssessment, OrganisationLevel, ProducerGroup


def group_current_level(*, group: ProducerGroup) -> OrganisationLevel | None:
    """The level of the group's latest confirmed assessment (None before the first one)."""
    latest = (
        LevelAssessment.objects.filter(group=group, status=LevelAssessment.Status.CONFIRMED)
        .select_related("level")
        .first()
    )
    return latest.level if latest else None


def group_level_history(*, group: ProducerGroup) -> QuerySet[LevelAssessment]:
    """Every assessment of the group, oldest first, for its history and level chart."""
    return (
        LevelAssessment.objects.filter(group=group)
        .select_related("level", "rubric", "submitted_by", "confirmed_by")
        .order_by("submitted_at", "pk")
    )
