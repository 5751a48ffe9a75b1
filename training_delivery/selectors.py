"""Reads for field delivery: whose sessions a person may record, and what the trainer app needs."""

import datetime

from django.db.models import Q, QuerySet

from adaptation.models import AdaptedModulePage
from modules.models import TrainingModulePage
from organisation_levels.models import LevelAssessment, ProducerGroup
from reference.models import OrganisationLevel
from training_delivery.models import Farmer


def groups_user_may_record_for(*, user) -> QuerySet[ProducerGroup]:
    """Groups whose sessions `user` may record: those they train, and their platform's.

    A trainer records sessions only for the groups the platform assigned them to;
    the platform records any of its country's groups (it types in paper forms).
    Managers and monitoring viewers do not record sessions.
    """
    if not user.is_active:
        return ProducerGroup.objects.none()
    if user.is_superuser:
        return ProducerGroup.objects.all()
    return ProducerGroup.objects.filter(
        Q(trainers=user) | Q(country__national_platform_group__in=user.groups.all())
    ).distinct()


def groups_of_trainer(*, user) -> QuerySet[ProducerGroup]:
    """The groups the trainer app shows `user`: the ones they may record sessions for."""
    return groups_user_may_record_for(user=user).select_related("country").order_by("name", "pk")


def farmers_changed(*, groups, since: datetime.datetime | None) -> QuerySet[Farmer]:
    """Roster rows of these groups changed after `since` (all of them without it), removals too."""
    farmers = Farmer.objects.filter(group__in=groups)
    if since is not None:
        farmers = farmers.filter(updated_at__gt=since)
    return farmers.order_by("group_id", "member_code")


def modules_usable_in(*, country_ids=None) -> tuple[QuerySet, QuerySet]:
    """The live modules a session in these countries may cover: generic ones, in any
    language, and the countries' own adaptations (every country's without `country_ids`).
    Two querysets, generic and adapted."""
    generic = TrainingModulePage.objects.live()
    adapted = AdaptedModulePage.objects.live()
    if country_ids is not None:
        adapted = adapted.filter(country_id__in=country_ids)
    return generic, adapted


def module_countries(*, page_ids, country_ids=None) -> dict[int, int | None]:
    """Page id -> the country of the adaptation (None for a generic module), for the live
    modules among `page_ids` usable in these countries (in any without `country_ids`).
    Two queries whatever the number of ids."""
    generic, adapted = modules_usable_in(country_ids=country_ids)
    usable = {
        page_id: None for page_id in generic.filter(pk__in=page_ids).values_list("pk", flat=True)
    }
    usable.update(adapted.filter(pk__in=page_ids).values_list("pk", "country_id"))
    return usable


def group_level_paths(*, group_ids) -> dict[int, dict]:
    """Group id -> {"level": the level's id, "path": translation keys of the live generic
    modules written for that level}: what the trainer app keeps offline for the group
    (issue 18, point 1). The level is the latest confirmed assessment's, else the lowest
    (as on the group's page: start there until a level is confirmed). An adaptation is on
    the path when the generic module it adapts is. Three queries whatever the groups."""
    lowest = OrganisationLevel.objects.originals().order_by("rank").values_list("pk", flat=True)
    lowest = lowest.first()
    level_of: dict[int, int] = {}
    for group_id, level_id in (
        LevelAssessment.objects.filter(group__in=group_ids, status=LevelAssessment.Status.CONFIRMED)
        .order_by("group_id", "-submitted_at", "-pk")
        .values_list("group_id", "level_id")
    ):
        level_of.setdefault(group_id, level_id)
    keys: dict[int, set[str]] = {}
    for level_id, key in (
        TrainingModulePage.objects.live()
        .filter(levels__isnull=False)
        .values_list("levels", "translation_key")
    ):
        keys.setdefault(level_id, set()).add(str(key))
    paths = {}
    for group_id in group_ids:
        level = level_of.get(group_id, lowest)
        paths[group_id] = {"level": level, "path": sorted(keys.get(level, ()))}
    return paths
