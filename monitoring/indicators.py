"""Delivery indicators (issue 8, point 1), computed in the database.

Each function takes a `Scope` (period, and optionally countries, commodities and
groups) and returns plain numbers, so a dashboard, an export and the yearly report
read the same figures. Every one is a fixed number of queries, whatever the data.

"Reached" counts people, not attendances: a farmer at ten sessions is one farmer
reached. Sessions without a roster count heads (`women_count`…), which cannot be
told apart across sessions; they are reported beside the unique count, never added
to it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from adaptation.models import AdaptedModulePage
from adaptation.selectors import live_adaptations
from meetings.models import Event, EventAttendance
from modules.models import TrainingModulePage
from modules.selectors import published_modules
from monitoring import delivery_figures
from monitoring.models import ModuleFigures, SessionFigures
from organisation_levels.models import ImprovementItem, LevelAssessment, ProducerGroup
from reference.localized import localized_names
from reference.models import Country, NeedArea, OrganisationLevel, Theme

# AGE_BANDS and UNKNOWN_AGE are read from here by the tables (monitoring.tables).
from training_delivery.models import (  # noqa: F401
    AGE_BANDS,
    UNKNOWN_AGE,
    Farmer,
    SessionModule,
    TrainingSession,
    age_band,
)
from training_plans.coverage import (
    HIGH_PRIORITY,
    latest_needs_assessments,
    latest_risk_assessments,
)
from training_plans.models import NeedRating, RiskRating
from training_plans.risk import RiskLevel


@dataclass(frozen=True)
class Scope:
    """What a figure is about: a period (both days included) and optional filters."""

    start: datetime.date
    end: datetime.date
    country_ids: tuple[int, ...] = field(default=())
    commodity_ids: tuple[int, ...] = field(default=())
    group_ids: tuple[int, ...] = field(default=())
    # Groups whose level at the period's end is one of these (see `level_at`).
    level_ids: tuple[int, ...] = field(default=())

    ID_FIELDS: ClassVar[tuple[str, ...]] = (
        "country_ids",
        "commodity_ids",
        "group_ids",
        "level_ids",
    )

    @property
    def narrowed_to_groups(self) -> bool:
        """True when the scope picks some groups of its countries, not whole countries."""
        return bool(self.commodity_ids or self.group_ids or self.level_ids)

    def groups(self):
        groups = ProducerGroup.objects.all()
        if self.country_ids:
            groups = groups.filter(country_id__in=self.country_ids)
        if self.commodity_ids:
            groups = groups.filter(
                pk__in=ProducerGroup.commodities.through.objects.filter(
                    commodity_id__in=self.commodity_ids
                ).values("producergroup_id")
            )
        if self.group_ids:
            groups = groups.filter(pk__in=self.group_ids)
        if self.level_ids:
            groups = groups.alias(level_at_end=level_at(self.end, "level_id")).filter(
                level_at_end__in=self.level_ids
            )
        return groups

    def sessions(self):
        sessions = TrainingSession.objects.filter(date__gte=self.start, date__lte=self.end)
        if self.country_ids:
            sessions = sessions.filter(group__country_id__in=self.country_ids)
        if self.narrowed_to_groups:
            sessions = sessions.filter(group__in=self.groups().values("pk"))
        return sessions


def _day_after(day: datetime.date) -> datetime.datetime:
    moment = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(moment)


def level_at(day: datetime.date, column: str = "level__rank"):
    """A subquery for the group's level at the end of `day`: its latest assessment confirmed
    by then. A level counts from its confirmation, since a submitted assessment may still be
    refused by the assessor."""
    return Subquery(
        LevelAssessment.objects.filter(
            group=OuterRef("pk"),
            status=LevelAssessment.Status.CONFIRMED,
            confirmed_at__lt=_day_after(day),
        )
        .order_by("-confirmed_at", "-pk")
        .values(column)[:1]
    )


def farmers_reached(*, scope: Scope) -> dict:
    """Unique roster farmers at the scope's sessions, by gender and by age band; and the
    head counts of sessions without a roster. Two queries."""
    by_gender, by_band = farmers_by_gender_and_band(scope=scope)
    return {
        "unique_farmers": sum(by_gender.values()),
        "by_gender": by_gender,
        "by_age_band": by_band,
        "head_counts": head_counts(scope=scope),
    }


def farmers_by_gender_and_band(*, scope: Scope) -> tuple[dict[str, int], dict[str, int]]:
    """Unique roster farmers at the scope's sessions, by gender and by age band. One query."""
    # Who attended is read from the days kept per farmer, group and year (decision 0036),
    # not from the attendance rows. Within one year, a farmer's only row of the year is
    # that farmer: those rows are counted as they are, by the gender and birth year they
    # carry. The few farmers with rows for several groups, and every farmer of a scope
    # over several years, are counted once each from the roster (a semi-join).
    attended = delivery_figures.attended_in(scope)

    # Counted by gender and birth year (a few hundred pairs), the age band worked out
    # here from the birth year: one CASE per row in the database cost more than the count.
    def counted(rows):
        return rows.values("gender", "birth_year").annotate(farmers=Count("pk")).order_by()

    if scope.start.year == scope.end.year:
        sole = counted(attended.filter(sole=True))
        shared = counted(
            Farmer.objects.filter(pk__in=attended.filter(sole=False).values("farmer_id"))
        )
        rows = sole.union(shared, all=True)
    else:
        rows = counted(Farmer.objects.filter(pk__in=attended.values("farmer_id")))
    by_gender: dict[str, int] = {}
    by_band: dict[str, int] = {}
    for row in rows:
        # A farmer without a birth year has no age: no band matches, so "unknown".
        band = age_band(row["birth_year"], scope.end.year)
        by_gender[row["gender"]] = by_gender.get(row["gender"], 0) + row["farmers"]
        by_band[band] = by_band.get(band, 0) + row["farmers"]
    return by_gender, by_band


def head_counts(*, scope: Scope) -> dict:
    """Women, men and others counted by head at the scope's sessions without a roster.
    One query."""
    # The session rows keep heads only for sessions without a roster (decision 0036): no
    # anti-join with the attendance is left to run.
    return delivery_figures.in_scope(SessionFigures.objects, scope).aggregate(
        women=Coalesce(Sum("women"), 0),
        men=Coalesce(Sum("men"), 0),
        other=Coalesce(Sum("other"), 0),
    )


def sessions_by_method(*, scope: Scope) -> dict[str, dict]:
    """Sessions and training hours per delivery method. One query."""
    rows = (
        delivery_figures.in_scope(SessionFigures.objects, scope)
        .values("method")
        .annotate(sessions=Count("pk"), time=Sum("duration"))
        .order_by("method")
    )
    return {
        row["method"]: {
            "sessions": row["sessions"],
            "hours": round(row["time"].total_seconds() / 3600, 2) if row["time"] else 0.0,
        }
        for row in rows
    }


def modules_delivered(*, scope: Scope) -> dict:
    """How often modules were delivered, and how many different ones. One query.

    A module is counted once whatever language or adaptation taught it: pages are told
    apart by translation key, and an adaptation counts as its generic source."""
    # The module rows carry the translation key already (decision 0036): no join with
    # the pages and their adaptations at read time. Grouped by key first, then counted:
    # a hash of a few hundred keys, where COUNT(DISTINCT) sorted every row.
    per_module = (
        delivery_figures.in_scope(ModuleFigures.objects, scope)
        .values("module_key")
        .annotate(times=Sum("deliveries"))
        .order_by()
    )
    return per_module.aggregate(deliveries=Coalesce(Sum("times"), 0), modules=Count("module_key"))


def knowledge_gain(*, scope: Scope) -> dict:
    """The average of (post - pre), on the 0 to 100 scale, over the attendances with both
    scores: a farmer checked at two sessions gives two gains. One query."""
    # Each session row keeps how many attendances have both scores and their sums
    # (decision 0036): the averages are those sums over that count, as AVG would give.
    sums = delivery_figures.in_scope(SessionFigures.objects, scope).aggregate(
        scored=Coalesce(Sum("scored"), 0),
        pre=Coalesce(Sum("pre_total"), 0),
        post=Coalesce(Sum("post_total"), 0),
    )
    scored = sums["scored"]

    def average(total):
        return round(total / scored, 1) if scored else None

    return {
        "attendances_scored": scored,
        "average_pre": average(sums["pre"]),
        "average_post": average(sums["post"]),
        "average_gain": average(sums["post"] - sums["pre"]),
    }


def groups_by_level(*, scope: Scope) -> dict:
    """Groups by level at the period's start and end, and those that moved up. Two queries.

    A group moved up when its level at the end ranks above its level at the start; a group
    first assessed during the period had no level to move from, so it is counted apart
    ("first assessed"), not as moving up.
    """
    pairs = (
        scope.groups()
        .annotate(level_start=level_at(scope.start - datetime.timedelta(days=1), "level_id"))
        .annotate(level_end=level_at(scope.end, "level_id"))
        .values("level_start", "level_end")
        .annotate(groups=Count("pk"))
        .order_by()
    )
    levels = list(OrganisationLevel.objects.originals().order_by("rank"))
    rank = {level.pk: level.rank for level in levels}
    at_end = {level.pk: 0 for level in levels}
    at_start = {level.pk: 0 for level in levels}
    moved_up = {level.pk: 0 for level in levels}  # by level reached
    progression = []
    first_assessed = not_assessed = total = 0
    for row in pairs:
        start, end, count = row["level_start"], row["level_end"], row["groups"]
        total += count
        progression.append({"from": start, "to": end, "groups": count})
        if end is None:
            not_assessed += count
            continue
        at_end[end] += count
        if start is None:
            first_assessed += count
            continue
        at_start[start] += count
        if rank[end] > rank[start]:
            moved_up[end] += count
    return {
        "total": total,
        "levels": [
            {
                "level": level,
                "groups_at_start": at_start[level.pk],
                "groups": at_end[level.pk],
                "moved_up_to": moved_up[level.pk],
            }
            for level in levels
        ],
        "not_assessed": not_assessed,
        "first_assessed": first_assessed,
        "moved_up": sum(moved_up.values()),
        "progression": progression,
    }


def improvement_items_on_time(*, scope: Scope, today: datetime.date | None = None) -> dict:
    """Improvement-plan items due in the period, and how many were done by their due date.
    One query.

    Dropped items do not count (the group decided not to do them). Closing a cycle marks
    its unfinished items "carried over" and copies them, due date included, into the next
    cycle: the work is judged once, by its copy, so the carried-over originals do not
    count. The share on time is of the items whose due date has passed by `today`.
    """
    status = ImprovementItem.Status
    today = today or timezone.localdate()
    items = ImprovementItem.objects.filter(
        due_date__gte=scope.start, due_date__lte=scope.end
    ).exclude(status__in=[status.DROPPED, status.CARRIED_OVER])
    # Every item belongs to a group: without filters, no semi-join with all the groups
    # (it made the query ten times its hand-written SQL at national scale, issue 19).
    if scope.country_ids or scope.narrowed_to_groups:
        items = items.filter(cycle__group__in=scope.groups().values("pk"))
    done = Q(status=status.DONE)
    on_time = done & Q(completed_on__lte=F("due_date"))
    figures = items.aggregate(
        due=Count("pk"),
        done_on_time=Count("pk", filter=on_time),
        done_late=Count("pk", filter=done & ~on_time),
        overdue=Count(
            "pk",
            filter=Q(status__in=ImprovementItem.OPEN_STATUSES, due_date__lt=today),
        ),
        not_yet_due=Count(
            "pk",
            filter=Q(status__in=ImprovementItem.OPEN_STATUSES, due_date__gte=today),
        ),
    )
    already_due = figures["due"] - figures["not_yet_due"]
    figures["percent_on_time"] = _percent(figures["done_on_time"], already_due)
    return figures


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def adaptation_coverage(*, scope: Scope) -> list[dict]:
    """Per country: how many backpack modules it has adapted, and how many it can read in
    each of its languages. Nine queries, whatever the number of countries and modules.

    A backpack module is the original of a live, public module of the backpack. It is
    *adapted* in a country when the country has a live adaptation of it. It is
    *available* in one of the country's languages when a live page of the module exists
    in that language (the original or a translation), or a live adaptation of it in that
    country is in that language.
    """
    countries = Country.objects.order_by("name")
    if scope.country_ids:
        countries = countries.filter(pk__in=scope.country_ids)
    countries = list(countries.prefetch_related("languages"))  # two queries
    keys = set(published_modules().values_list("translation_key", flat=True))
    # Module translation key → the locales it is live in; page id → its translation key.
    live_in: dict = {}
    key_of_page: dict[int, object] = {}
    for page_id, key, locale_id in (
        Page.objects.live()
        .filter(translation_key__in=keys)
        .values_list("pk", "translation_key", "locale_id")
    ):
        live_in.setdefault(key, set()).add(locale_id)
        key_of_page[page_id] = key
    adapted: dict[int, dict] = {country.pk: {} for country in countries}  # key → locales
    for country_id, source_id, locale_id in live_adaptations(
        country_ids=[country.pk for country in countries]
    ):
        key = key_of_page.get(source_id)
        if key is not None:  # else the source is no longer a live backpack module
            adapted[country_id].setdefault(key, set()).add(locale_id)
    rows = []
    for country in countries:
        languages = []
        for locale in country.languages.all():
            available = sum(
                1
                for key in keys
                if locale.pk in live_in.get(key, ())
                or locale.pk in adapted[country.pk].get(key, ())
            )
            languages.append(
                {
                    "language": locale.get_display_name(),
                    "code": locale.language_code,
                    "modules": available,
                    "percent": _percent(available, len(keys)),
                }
            )
        rows.append(
            {
                "country": country,
                "backpack_modules": len(keys),
                "adapted": len(adapted[country.pk]),
                "percent_adapted": _percent(len(adapted[country.pk]), len(keys)),
                "languages": languages,
            }
        )
    return rows


def priority_needs_covered(*, scope: Scope) -> dict:
    """How many high-priority needs and high risks were answered by training delivered in
    the period. Six queries.

    The needs and risks are those of `training_plans.coverage`: priority 4 or 5, or a
    high risk, in the latest assessment of each scope made by the period's end. One is
    *covered* when a session of the period delivered a module tagged with its subject (the
    original, a translation or an adaptation of it) to the group it was rated for; a
    national need, to any group of the country; a regional risk, to any group of that
    region. When the scope picks groups (commodity, level or group filter), only those
    groups' own assessments count.
    """
    country_ids = scope.country_ids or Country.objects.values("pk")
    needs = NeedRating.objects.filter(
        assessment__in=latest_needs_assessments(country_ids, as_of=scope.end),
        priority__gte=HIGH_PRIORITY,
    )
    risks = RiskRating.objects.filter(
        assessment__in=latest_risk_assessments(country_ids, as_of=scope.end),
        # The residual level where mitigation set one (decision 0030-rss-actions).
        effective_level=RiskLevel.HIGH,
    )
    if scope.narrowed_to_groups:
        groups = scope.groups().values("pk")
        needs = needs.filter(assessment__group__in=groups)
        risks = risks.filter(assessment__group__in=groups)
    # Term id → answering pages, per tag table: needs are rated on support areas or themes,
    # risks on core risks (kept in the support areas' table).
    pages_of = defaultdict(dict)
    for (table, term_id), pages in pages_answering().items():
        pages_of[table][term_id] = pages
    subjects = _covered_by_subject(
        needs,
        scope,
        pages_by_field={"need_area_id": pages_of["need_area"], "theme_id": pages_of["theme"]},
        name=Coalesce("need_area__name", "theme__name"),
        kind=Case(
            When(need_area__isnull=False, then=Value("support_area")), default=Value("theme")
        ),
    ) + _covered_by_subject(
        risks,
        scope,
        pages_by_field={"core_risk_id": pages_of["need_area"]},
        name=F("core_risk__name"),
        kind=Value("core_risk"),
        regional=True,
    )
    shown = {**localized_names(NeedArea), **localized_names(Theme)}  # reader's language
    for row in subjects:
        row["subject"] = shown.get(row["subject"], row["subject"])
    subjects.sort(key=lambda row: (-row["rated"], row["subject"]))
    totals = {}
    for part, kinds in (("needs", {"support_area", "theme"}), ("risks", {"core_risk"})):
        rated = sum(row["rated"] for row in subjects if row["kind"] in kinds)
        covered = sum(row["covered"] for row in subjects if row["kind"] in kinds)
        totals[part] = {"rated": rated, "covered": covered, "percent": _percent(covered, rated)}
    rated = totals["needs"]["rated"] + totals["risks"]["rated"]
    covered = totals["needs"]["covered"] + totals["risks"]["covered"]
    return {
        **totals,
        "rated": rated,
        "covered": covered,
        "percent": _percent(covered, rated),
        "subjects": subjects,
    }


def pages_answering() -> dict[tuple[str, int], list[int]]:
    """("need_area" or "theme", id) → every page that teaches a module tagged with it: the
    tagged originals, their translations (same translation key) and adaptations of any of
    them. Four queries; the result is small (modules by tags), however much was delivered.

    Tags live on the originals (modules.selectors.backpack_modules), so a translation or
    an adaptation answers what its original is tagged with. Pages no longer live count
    too: what was delivered was delivered."""
    keys_of: dict[tuple[str, int], set] = defaultdict(set)
    for table, relation in (("need_area", "need_areas"), ("theme", "themes")):
        through = getattr(TrainingModulePage, relation).through
        column = f"{'needarea' if table == 'need_area' else 'theme'}_id"
        for term_id, key in through.objects.values_list(
            column, "trainingmodulepage__translation_key"
        ):
            keys_of[(table, term_id)].add(key)
    all_keys = set().union(*keys_of.values()) if keys_of else set()
    pages_of_key: dict = defaultdict(list)
    for page_id, key in Page.objects.filter(translation_key__in=all_keys).values_list(
        "pk", "translation_key"
    ):
        pages_of_key[key].append(page_id)
    for page_id, key in AdaptedModulePage.objects.filter(
        source__translation_key__in=all_keys
    ).values_list("pk", "source__translation_key"):
        pages_of_key[key].append(page_id)
    return {
        subject: sorted({page for key in keys for page in pages_of_key[key]})
        for subject, keys in keys_of.items()
    }


def _covered_by_subject(ratings, scope, *, pages_by_field, name, kind, regional=False):
    """Ratings grouped by subject, with how many a delivered module answered. One query.

    For each rating, the database looks only at the sessions of its own group (or country
    or region) in the period, and at the pages answering its own subject."""
    in_period = SessionModule.objects.filter(
        session__date__gte=scope.start, session__date__lte=scope.end
    )
    to_group = in_period.filter(session__group_id=OuterRef("assessment__group_id"))
    to_country = in_period.filter(session__group__country_id=OuterRef("assessment__country_id"))
    if regional:
        # A regional risk assessment names its region as written on its groups.
        to_country = to_country.filter(
            session__group__region__iexact=OuterRef("assessment__region")
        )

    def answered(target):
        # One correlated EXISTS: "a session of the rating's group delivered one of the pages
        # answering the rating's subject". The subject is matched inside the subquery, so
        # the database runs it per rating through the group index; with one EXISTS per
        # subject it hashed every subject's deliveries instead, ten times slower at scale.
        inner = target.alias(
            **{
                f"rated_{column}": ExpressionWrapper(OuterRef(column), output_field=IntegerField())
                for column in pages_by_field
            }
        )
        teaches_subject = Q(pk__in=[])
        for column, pages_of in pages_by_field.items():
            for term_id, pages in pages_of.items():
                teaches_subject |= Q(**{f"rated_{column}": term_id}, module_id__in=pages)
        return Exists(inner.filter(teaches_subject))

    # One CASE, so the database looks at the country's sessions only for national and
    # regional ratings; evaluated for every row, that scan was most of the time.
    covered = Case(
        When(assessment__group__isnull=False, then=answered(to_group)),
        default=answered(to_country),
        output_field=BooleanField(),
    )
    rows = (
        ratings.annotate(subject=name, subject_kind=kind, covered=covered)
        .values("subject", "subject_kind")
        .annotate(rated=Count("pk"), covered_count=Count("pk", filter=Q(covered=True)))
        .order_by()
    )
    return [
        {
            "subject": row["subject"],
            "kind": row["subject_kind"],
            "rated": row["rated"],
            "covered": row["covered_count"],
            "percent": _percent(row["covered_count"], row["rated"]),
        }
        for row in rows
    ]


def events_held(*, scope: Scope) -> dict:
    """Calls and meetings held in the period that touch the scope (issue 21, point 6): how
    many, by kind, and their participants by gender. Participants are counted from the
    attendance rows of the scope's countries (and, on a group's dashboard, of its groups):
    another country's people at the same call are that country's figure. Two queries."""
    events = Event.objects.filter(held_on__gte=scope.start, held_on__lte=scope.end)
    rows = EventAttendance.objects.filter(event__in=events)
    if scope.country_ids:
        events = events.filter(countries__in=scope.country_ids)
        rows = rows.filter(country_id__in=scope.country_ids)
    if scope.narrowed_to_groups:
        groups = scope.groups().values("pk")
        events = events.filter(groups__in=groups)
        rows = rows.filter(group__in=groups)
    by_kind = dict(
        Event.objects.filter(pk__in=events.values("pk"))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    people = rows.aggregate(
        women=Coalesce(Sum("women"), 0),
        men=Coalesce(Sum("men"), 0),
        other=Coalesce(Sum("other"), 0),
    )
    return {"events": sum(by_kind.values()), "by_kind": by_kind, **people}
