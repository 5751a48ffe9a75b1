"""Reads for learner tracking: which modules hold which activities, progress, reports.

Which live module holds which activity comes from Wagtail's reference index (filled
whenever a page is saved; for a page that is live it describes the published
version), never from searching the StreamField JSON. Every function here runs a fixed
number of queries, whatever the number of learners.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, ReferenceIndex

from h5p.models import H5PActivity, H5PProgress, H5PStatement
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


def module_families(pages: dict[int, Page]) -> dict[int, str]:
    """Page id → the module it is a version of (issue 16, point 4).

    A generic module, its translations, the national adaptations made of it and their
    translations all show the same activities: one learner's attempt is one attempt,
    whichever of them showed it. Their common key is the generic module's Wagtail
    `translation_key`; an adaptation names its generic module by `source_id` (read by
    name: the adaptation app is on the same floor as this one and is not imported).
    One query for the generic modules the adaptations name.
    """
    sources = {
        page.source_id for page in pages.values() if getattr(page, "source_id", None) is not None
    }
    source_keys = dict(Page.objects.filter(pk__in=sources).values_list("pk", "translation_key"))
    families = {}
    for page_id, page in pages.items():
        source_id = getattr(page, "source_id", None)
        key = source_keys.get(source_id) if source_id is not None else page.translation_key
        families[page_id] = str(key or page.translation_key)
    return families


def locale_languages() -> dict[int, str]:
    """Locale id → language code, in one query (pages' locales are not loaded with them)."""
    return dict(Locale.objects.values_list("pk", "language_code"))


def family_representative(pages: list[Page], languages: dict[int, str]) -> Page:
    """The page that names a family of modules: the generic module in the reader's
    language, else the generic module in another language, else an adaptation."""
    language = (get_language() or "").split("-")[0]

    def rank(page):
        generic = getattr(page, "source_id", None) is None
        same_language = languages.get(page.locale_id, "").split("-")[0] == language
        return (not generic, not same_language, page.pk)

    return min(pages, key=rank)


def taken_on_label(page: Page | None, language: str) -> str:
    """ "Module title (fr)": where an attempt was taken."""
    title = str(page) if page is not None else _("an unknown page")
    return f"{title} ({language})" if language else title


@dataclass
class ActivityProgress:
    activity: H5PActivity
    progress: H5PProgress | None
    taken_on: str = ""

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
    """Every live module holding an activity this learner played, with all its activities.

    A module shown in several versions (translations, national adaptations) is listed
    once, and each activity once in it, with the page and language of the learner's
    latest attempt (issue 16, point 4).
    """
    progress = {
        row.activity_id: row
        for row in H5PProgress.objects.filter(user=user)
        .exclude(attempts=0, completed=False, state="")
        .select_related("last_page")
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
    families = module_families(pages)
    grouped: dict[str, tuple[list[Page], set[int]]] = {}
    for module_id, activity_ids in placements.items():
        if module_id not in pages:
            continue
        members, ids = grouped.setdefault(families[module_id], ([], set()))
        members.append(pages[module_id])
        ids.update(activity_ids)
    languages = locale_languages()
    result = []
    for members, activity_ids in grouped.values():
        items = []
        for pk in activity_ids:
            if pk not in activities:
                continue
            row = progress.get(pk)
            taken_on = ""
            if row is not None and row.attempts:
                taken_on = taken_on_label(row.last_page, row.last_language)
            items.append(ActivityProgress(activity=activities[pk], progress=row, taken_on=taken_on))
        items.sort(key=lambda item: item.activity.localized.title)
        result.append(
            ModuleProgress(module=family_representative(members, languages), activities=items)
        )
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


def attempts_taken_on() -> dict[int, list[tuple[int | None, str, int]]]:
    """Activity id → [(page id, language, attempts)], most attempts first: one query."""
    rows = (
        H5PStatement.objects.filter(is_attempt=True)
        .values_list("activity_id", "page_id", "language")
        .annotate(count=Count("pk"))
        .order_by("activity_id", "-count", "page_id", "language")
    )
    taken: dict[int, list[tuple[int | None, str, int]]] = {}
    for activity_id, page_id, language, count in rows:
        taken.setdefault(activity_id, []).append((page_id, language, count))
    return taken


def taken_in_text(entries, pages: dict[int, Page]) -> str:
    """ "Soil health (fr): 3; Santé du sol (fr): 1": attempts by page and language."""
    return "; ".join(
        f"{taken_on_label(pages.get(page_id), language)}: {count}"
        for page_id, language, count in entries
    )


@dataclass
class ActivityReportRow:
    activity: H5PActivity
    modules: str
    learners: int
    attempts: int
    average_score: float | None  # percent, over each learner's best score
    completed: int
    taken_in: str = ""

    @property
    def title(self) -> str:
        return self.activity.localized.title

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.completed / self.learners, 1) if self.learners else None


def h5p_activity_report() -> list[ActivityReportRow]:
    """Per activity: learners who played it, attempts, average best score, completion."""
    placements = module_activity_ids()
    modules_of = activity_module_ids(placements=placements)
    taken = attempts_taken_on()
    taken_pages = {page_id for entries in taken.values() for page_id, _lang, _n in entries}
    pages = modules_by_id(set(placements.keys()) | (taken_pages - {None}))
    # The originals: everything is tracked against them; a translation only words one.
    activities = (
        H5PActivity.objects.originals()
        .annotate(
            learner_count=Count("progress", filter=Q(progress__attempts__gt=0)),
            attempt_count=Sum("progress__attempts"),
            average_best=Avg("progress__best_score"),
            completed_count=Count("progress", filter=Q(progress__completed=True)),
        )
        .order_by("title", "pk")
    )
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
            taken_in=taken_in_text(taken.get(activity.pk, []), pages),
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
    taken_in: str = ""

    @property
    def title(self) -> str:
        return str(self.module)

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.completed / self.learners, 1) if self.learners else None


def h5p_module_report() -> list[ModuleReportRow]:
    """Per live module with activities: learners, attempts, average best score, and how
    many learners completed every activity of the module.

    A module and its translations and national adaptations are one row (issue 16,
    point 4): they show the same activities, and an attempt counts once whichever
    showed it; the row says on which of them and in which language attempts were taken.
    Two aggregate queries per module: the count grows with the modules that hold
    activities (a few dozen), never with the learners.
    """
    placements = module_activity_ids()
    taken = attempts_taken_on()
    taken_pages = {page_id for entries in taken.values() for page_id, _lang, _n in entries}
    pages = modules_by_id(set(placements.keys()) | (taken_pages - {None}))
    families = module_families({pk: pages[pk] for pk in placements if pk in pages})
    grouped: dict[str, tuple[list[Page], set[int]]] = {}
    for module_id, activity_ids in placements.items():
        if module_id not in pages:
            continue
        members, ids = grouped.setdefault(families[module_id], ([], set()))
        members.append(pages[module_id])
        ids.update(activity_ids)
    languages = locale_languages()
    rows = []
    for members, activity_set in grouped.values():
        activity_ids = sorted(activity_set)
        member_ids = {page.pk for page in members}
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
        where: dict[tuple[int | None, str], int] = {}
        for activity_id in activity_ids:
            for page_id, language, count in taken.get(activity_id, []):
                if page_id is None or page_id in member_ids:
                    where[(page_id, language)] = where.get((page_id, language), 0) + count
        entries = sorted(
            ((page_id, language, count) for (page_id, language), count in where.items()),
            key=lambda entry: (-entry[2], entry[0] or 0, entry[1]),
        )
        rows.append(
            ModuleReportRow(
                module=family_representative(members, languages),
                activities=len(activity_ids),
                learners=totals["learners"],
                attempts=totals["attempts"] or 0,
                average_score=_percent(totals["average"]),
                completed=completed,
                taken_in=taken_in_text(entries, pages),
            )
        )
    rows.sort(key=lambda row: row.title)
    return rows
