"""Reads for learner tracking: which modules hold which activities, progress, reports.

Which live module holds which activity comes from Wagtail's reference index (filled
whenever a page is saved; for a page that is live it describes the published
version), never from searching the StreamField JSON. Every function here runs a fixed
number of queries, whatever the number of learners.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q, Sum
from wagtail.models import Page, ReferenceIndex

from h5p.models import H5PActivity, H5PProgress
from modules.selectors import module_page_types


def module_activity_ids(*, module_ids=None) -> dict[int, list[int]]:
    """Live generic and adapted modules → ids of the H5P activities in their bodies."""
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(H5PActivity),
    )
    if module_ids is not None:
        references = references.filter(object_id__in=[str(pk) for pk in module_ids])
    placements: dict[int, set[int]] = {}
    for object_id, activity_id in references.values_list("object_id", "to_object_id"):
        placements.setdefault(int(object_id), set()).add(int(activity_id))
    live = set(
        Page.objects.live()
        .type(*module_page_types())
        .filter(pk__in=placements.keys())
        .values_list("pk", flat=True)
    )
    return {page_id: sorted(ids) for page_id, ids in placements.items() if page_id in live}


def activity_module_ids(*, placements: dict[int, list[int]]) -> dict[int, list[int]]:
    """The same placements read the other way: activity id → ids of the modules holding it."""
    modules: dict[int, list[int]] = {}
    for module_id, activity_ids in placements.items():
        for activity_id in activity_ids:
            modules.setdefault(activity_id, []).append(module_id)
    return modules


def modules_by_id(module_ids) -> dict[int, Page]:
    """The specific pages (generic and adapted modules), by id, in two or three queries."""
    return {page.pk: page for page in Page.objects.filter(pk__in=module_ids).specific()}


@dataclass
class ActivityProgress:
    activity: H5PActivity
    progress: H5PProgress | None

    @property
    def completed(self) -> bool:
        return bool(self.progress and self.progress.completed)


@dataclass
class ModuleProgress:
    module: Page
    activities: list[ActivityProgress] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.activities if item.completed)

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def completed(self) -> bool:
        # A module counts as completed when every one of its activities is.
        return self.total > 0 and self.done == self.total


def learner_progress_by_module(*, user) -> list[ModuleProgress]:
    """Every live module holding an activity this learner played, with all its activities."""
    progress = {
        row.activity_id: row
        for row in H5PProgress.objects.filter(user=user).exclude(
            attempts=0, completed=False, state=""
        )
    }
    if not progress:
        return []
    placements = {
        module_id: activity_ids
        for module_id, activity_ids in module_activity_ids().items()
        if progress.keys() & set(activity_ids)
    }
    activities = H5PActivity.objects.in_bulk(
        {pk for activity_ids in placements.values() for pk in activity_ids}
    )
    pages = modules_by_id(placements.keys())
    result = []
    for module_id, activity_ids in placements.items():
        module = pages.get(module_id)
        if module is None:
            continue
        items = [
            ActivityProgress(activity=activities[pk], progress=progress.get(pk))
            for pk in activity_ids
            if pk in activities
        ]
        items.sort(key=lambda item: item.activity.title)
        result.append(ModuleProgress(module=module, activities=items))
    result.sort(key=lambda item: (getattr(item.module, "code", ""), item.module.title))
    return result


def module_completed_for(*, user, module) -> bool | None:
    """Whether the learner completed every activity of a live module; None if it has none."""
    activity_ids = module_activity_ids(module_ids=[module.pk]).get(module.pk, [])
    if not activity_ids:
        return None
    done = H5PProgress.objects.filter(
        user=user, activity_id__in=activity_ids, completed=True
    ).count()
    return done == len(activity_ids)


REPORTS_PERMISSION = "h5p.change_h5pactivity"


def h5p_reports_allowed(user) -> bool:
    """Those who may change H5P activities: the technical committee, who author and place
    them, and superusers. A permission, not a group look-up: the admin menu asks on every
    page, and Django caches a user's permissions for the request."""
    return user.is_authenticated and user.is_active and user.has_perm(REPORTS_PERMISSION)


def _percent(value):
    return None if value is None else round(value * 100, 1)


@dataclass
class ActivityReportRow:
    activity: H5PActivity
    modules: str
    learners: int
    attempts: int
    average_score: float | None  # percent, over each learner's best score
    completed: int

    @property
    def title(self) -> str:
        return self.activity.title

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.completed / self.learners, 1) if self.learners else None


def h5p_activity_report() -> list[ActivityReportRow]:
    """Per activity: learners who played it, attempts, average best score, completion."""
    placements = module_activity_ids()
    modules_of = activity_module_ids(placements=placements)
    pages = modules_by_id(placements.keys())
    activities = H5PActivity.objects.annotate(
        learner_count=Count("progress", filter=Q(progress__attempts__gt=0)),
        attempt_count=Sum("progress__attempts"),
        average_best=Avg("progress__best_score"),
        completed_count=Count("progress", filter=Q(progress__completed=True)),
    ).order_by("title", "pk")
    return [
        ActivityReportRow(
            activity=activity,
            modules=", ".join(
                sorted(
                    str(pages[module_id])
                    for module_id in modules_of.get(activity.pk, [])
                    if module_id in pages
                )
            ),
            learners=activity.learner_count,
            attempts=activity.attempt_count or 0,
            average_score=_percent(activity.average_best),
            completed=activity.completed_count,
        )
        for activity in activities
    ]


@dataclass
class ModuleReportRow:
    module: Page
    activities: int
    learners: int
    attempts: int
    average_score: float | None
    completed: int

    @property
    def title(self) -> str:
        return str(self.module)

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.completed / self.learners, 1) if self.learners else None


def h5p_module_report() -> list[ModuleReportRow]:
    """Per live module with activities: learners, attempts, average best score, and how
    many learners completed every activity of the module.

    Two aggregate queries per module: the count grows with the modules that hold
    activities (a few dozen), never with the learners.
    """
    placements = module_activity_ids()
    pages = modules_by_id(placements.keys())
    rows = []
    for module_id, activity_ids in placements.items():
        if module_id not in pages:
            continue
        played = H5PProgress.objects.filter(activity_id__in=activity_ids, attempts__gt=0)
        totals = played.aggregate(
            learners=Count("user", distinct=True),
            attempts=Sum("attempts"),
            average=Avg("best_score"),
        )
        completed = (
            H5PProgress.objects.filter(activity_id__in=activity_ids, completed=True)
            .values("user")
            .annotate(done=Count("activity", distinct=True))
            .filter(done=len(activity_ids))
            .count()
        )
        rows.append(
            ModuleReportRow(
                module=pages[module_id],
                activities=len(activity_ids),
                learners=totals["learners"],
                attempts=totals["attempts"] or 0,
                average_score=_percent(totals["average"]),
                completed=completed,
            )
        )
    rows.sort(key=lambda row: row.title)
    return rows
