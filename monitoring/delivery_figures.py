"""Delivery figures kept ahead of the dashboard (issue 19; decision 0036).

A year of a whole country set is half a million attendance rows: the dashboard's delivery
indicators cannot scan them under half a second. They read three tables of derived rows
instead (`monitoring.models`):

- `SessionFigures`, one per session: method, length, heads of a session without a roster,
  and the sums of its knowledge checks;
- `ModuleFigures`, one per session and module (told apart by translation key);
- `FarmerDays`, one per farmer, group and year: the days they attended, as bits.

The rows are exact, never estimated: each is rebuilt from the raw tables by the functions
below whenever a session, its attendance or its modules change (`connect_signals`, and the
`sessions_written` signal of the bulk upload), and `figures_rebuild` remakes all of them
(management command `rebuild_delivery_figures`, nightly Celery task). Erasing a farmer's
personal data keeps their roster row (gender, birth year) and attendance, so the figures
do not move.
"""

import calendar
import datetime
import operator
from collections.abc import Iterable
from functools import reduce

from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.db.models.signals import post_delete, post_save

from monitoring.models import MONTH_FIELDS, FarmerDays, ModuleFigures, SessionFigures
from training_delivery.models import Attendance, Farmer, SessionModule, TrainingSession
from training_delivery.signals import farmers_written, sessions_written

BATCH = 5000


# --- Keeping the rows exact ----------------------------------------------------------


def sessions_refresh(session_ids: Iterable[int]) -> None:
    """Rebuild the session and module rows of these sessions (deleted ones lose theirs)."""
    ids = set(session_ids)
    if not ids:
        return
    _delete(SessionFigures.objects.filter(session_id__in=ids))
    _delete(ModuleFigures.objects.filter(session_id__in=ids))
    _sessions_build(TrainingSession.objects.filter(pk__in=ids))


def farmers_refresh(farmer_ids: Iterable[int]) -> None:
    """Rebuild every `FarmerDays` row of these farmers from their attendance."""
    ids = set(farmer_ids)
    if not ids:
        return
    _delete(FarmerDays.objects.filter(farmer_id__in=ids))
    _farmers_build(Attendance.objects.filter(farmer_id__in=ids))


def session_and_attendees_refresh(session_ids: Iterable[int]) -> None:
    """A session's date or group may have changed: its attendees' days move with it."""
    ids = set(session_ids)
    sessions_refresh(ids)
    farmers_refresh(
        Attendance.objects.filter(session_id__in=ids).values_list("farmer_id", flat=True)
    )


@transaction.atomic
def figures_rebuild() -> dict[str, int]:
    """Remake every row from the raw tables, in one transaction (readers see the old rows
    until it commits). For the nightly task, the command, and data loaded without signals."""
    _delete(SessionFigures.objects.all())
    _delete(ModuleFigures.objects.all())
    _delete(FarmerDays.objects.all())
    _sessions_build(TrainingSession.objects.all())
    _farmers_build(Attendance.objects.all())
    return {
        "sessions": SessionFigures.objects.count(),
        "modules": ModuleFigures.objects.count(),
        "farmer_years": FarmerDays.objects.count(),
    }


def _delete(rows) -> None:
    """One DELETE, whatever is there. `QuerySet.delete()` would first select the rows'
    ids (receivers of every model's delete signal exist, e.g. the page cache's), so the
    number of queries of an upload would depend on what was stored before; these derived
    rows have no relations and nothing listens for them."""
    rows._raw_delete(rows.db)


def _sessions_build(sessions) -> None:
    rostered = set(
        Attendance.objects.filter(session__in=sessions.values("pk"))
        .values_list("session_id", flat=True)
        .distinct()
    )
    scores = {
        row["session_id"]: row
        for row in Attendance.objects.filter(
            session__in=sessions.values("pk"), pre_score__isnull=False, post_score__isnull=False
        )
        .values("session_id")
        .annotate(n=Count("pk"), pre=Sum("pre_score"), post=Sum("post_score"))
        .order_by()
    }
    rows = []
    for pk, group_id, day, method, starts, ends, women, men, other in (
        sessions.values_list(
            "pk",
            "group_id",
            "date",
            "method",
            "starts_at",
            "ends_at",
            "women_count",
            "men_count",
            "other_count",
        )
        .order_by()
        .iterator(chunk_size=BATCH)
    ):
        heads = pk not in rostered
        scored = scores.get(pk, {})
        rows.append(
            SessionFigures(
                session_id=pk,
                group_id=group_id,
                date=day,
                method=method,
                duration=datetime.datetime.combine(day, ends)
                - datetime.datetime.combine(day, starts),
                women=(women or 0) if heads else 0,
                men=(men or 0) if heads else 0,
                other=(other or 0) if heads else 0,
                scored=scored.get("n", 0),
                pre_total=scored.get("pre") or 0,
                post_total=scored.get("post") or 0,
            )
        )
    SessionFigures.objects.bulk_create(rows, batch_size=BATCH)
    # The same key as `indicators.modules_delivered`: an adaptation counts as its source.
    key = Coalesce("module__adaptedmodulepage__source__translation_key", "module__translation_key")
    modules = (
        SessionModule.objects.filter(session__in=sessions.values("pk"))
        .values("session_id", "session__group_id", "session__date")
        .annotate(key=key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    ModuleFigures.objects.bulk_create(
        (
            ModuleFigures(
                session_id=row["session_id"],
                group_id=row["session__group_id"],
                date=row["session__date"],
                module_key=row["key"],
                deliveries=row["n"],
            )
            for row in modules.iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )


def _farmers_build(attendance) -> None:
    days: dict[tuple[int, int, int], list[int]] = {}
    people: dict[int, tuple[str, int | None]] = {}
    groups_in_year: dict[tuple[int, int], int] = {}
    for farmer_id, group_id, day, gender, birth_year in (
        attendance.values_list(
            "farmer_id",
            "session__group_id",
            "session__date",
            "farmer__gender",
            "farmer__birth_year",
        )
        .order_by()
        .iterator(chunk_size=20_000)
    ):
        months = days.get((farmer_id, group_id, day.year))
        if months is None:
            months = days[(farmer_id, group_id, day.year)] = [0] * 12
            groups_in_year[(farmer_id, day.year)] = groups_in_year.get((farmer_id, day.year), 0) + 1
        months[day.month - 1] |= 1 << (day.day - 1)
        people[farmer_id] = (gender, birth_year)
    FarmerDays.objects.bulk_create(
        (
            FarmerDays(
                farmer_id=farmer_id,
                group_id=group_id,
                year=year,
                gender=people[farmer_id][0],
                birth_year=people[farmer_id][1],
                sole=groups_in_year[(farmer_id, year)] == 1,
                **dict(zip(MONTH_FIELDS, months, strict=True)),
            )
            for (farmer_id, group_id, year), months in days.items()
        ),
        batch_size=BATCH,
    )


def farmers_people_refresh(farmer_ids: Iterable[int]) -> None:
    """Copy the gender and birth year of these farmers onto their rows. One query."""
    ids = set(farmer_ids)
    if not ids:
        return
    roster = Farmer.objects.filter(pk=OuterRef("farmer_id"))
    FarmerDays.objects.filter(farmer_id__in=ids).update(
        gender=Subquery(roster.values("gender")[:1]),
        birth_year=Subquery(roster.values("birth_year")[:1]),
    )


# Signals: every save and delete through the ORM, one row at a time (forms, the admin,
# corrections, walk-ins, deletions and their cascades). The bulk upload inserts without
# them and sends `sessions_written` instead.


def _session_saved(sender, instance, **kwargs):
    session_and_attendees_refresh([instance.pk])


def _session_deleted(sender, instance, **kwargs):
    # Its attendance went first (cascade), each refreshing its farmer.
    sessions_refresh([instance.pk])


def _attendance_changed(sender, instance, **kwargs):
    sessions_refresh([instance.session_id])
    farmers_refresh([instance.farmer_id])


def _module_changed(sender, instance, **kwargs):
    sessions_refresh([instance.session_id])


def _sessions_written(sender, session_ids, **kwargs):
    session_and_attendees_refresh(session_ids)


def _farmer_saved(sender, instance, **kwargs):
    farmers_people_refresh([instance.pk])


def _farmers_written(sender, farmer_ids, **kwargs):
    farmers_people_refresh(farmer_ids)


def connect_signals() -> None:
    uid = "monitoring.delivery_figures"
    post_save.connect(_session_saved, sender=TrainingSession, dispatch_uid=f"{uid}.session")
    post_delete.connect(_session_deleted, sender=TrainingSession, dispatch_uid=f"{uid}.session")
    for sender in (Attendance,):
        post_save.connect(_attendance_changed, sender=sender, dispatch_uid=f"{uid}.attendance")
        post_delete.connect(_attendance_changed, sender=sender, dispatch_uid=f"{uid}.attendance")
    post_save.connect(_module_changed, sender=SessionModule, dispatch_uid=f"{uid}.module")
    post_delete.connect(_module_changed, sender=SessionModule, dispatch_uid=f"{uid}.module")
    sessions_written.connect(_sessions_written, dispatch_uid=f"{uid}.written")
    post_save.connect(_farmer_saved, sender=Farmer, dispatch_uid=f"{uid}.farmer")
    farmers_written.connect(_farmers_written, dispatch_uid=f"{uid}.farmers")


# --- Reading them for a scope ---------------------------------------------------------


def in_scope(rows, scope):
    """The rows of a scope: its period, and its groups when it has filters."""
    rows = rows.filter(date__gte=scope.start, date__lte=scope.end)
    return _of_groups(rows, scope)


def _of_groups(rows, scope):
    if scope.country_ids or scope.narrowed_to_groups:
        rows = rows.filter(group_id__in=scope.groups().values("pk"))
    return rows


def attended_in(scope):
    """The FarmerDays rows with an attendance in the scope: a farmer may have several."""
    return _of_groups(FarmerDays.objects.filter(days_q(scope.start, scope.end)), scope)


def days_q(start: datetime.date, end: datetime.date) -> Q:
    """FarmerDays rows with a day set between `start` and `end`, both included: a whole
    year is its row; a whole month, its column above zero; part of a month, its bits."""
    years = []
    for year in range(start.year, end.year + 1):
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            years.append(Q(year=year))
            continue
        months = []
        for month in range(first.month, last.month + 1):
            month_days = calendar.monthrange(year, month)[1]
            low = first.day if month == first.month else 1
            high = last.day if month == last.month else month_days
            column = MONTH_FIELDS[month - 1]
            if low == 1 and high == month_days:
                months.append(Q(**{f"{column}__gt": 0}))
            else:
                mask = ((1 << high) - 1) ^ ((1 << (low - 1)) - 1)
                months.append(Q(GreaterThan(F(column).bitand(mask), 0)))
        years.append(Q(year=year) & reduce(operator.or_, months))
    return reduce(operator.or_, years, Q(pk__in=[]))
