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
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from training_delivery.models import Attendance, SessionModule, TrainingSession

# (label, lowest age, highest age); ages are reached in the period's last year.
AGE_BANDS = [
    ("under-25", _("Under 25"), 0, 24),
    ("25-34", _("25 to 34"), 25, 34),
    ("35-44", _("35 to 44"), 35, 44),
    ("45-54", _("45 to 54"), 45, 54),
    ("55-plus", _("55 and over"), 55, 200),
]
UNKNOWN_AGE = "unknown"


@dataclass(frozen=True)
class Scope:
    """What a figure is about: a period (both days included) and optional filters."""

    start: datetime.date
    end: datetime.date
    country_ids: tuple[int, ...] = field(default=())
    commodity_ids: tuple[int, ...] = field(default=())
    group_ids: tuple[int, ...] = field(default=())

    def sessions(self):
        sessions = TrainingSession.objects.filter(date__gte=self.start, date__lte=self.end)
        if self.country_ids:
            sessions = sessions.filter(group__country_id__in=self.country_ids)
        if self.commodity_ids:
            sessions = sessions.filter(group__in=_groups_growing(self.commodity_ids))
        if self.group_ids:
            sessions = sessions.filter(group_id__in=self.group_ids)
        return sessions


def _groups_growing(commodity_ids):
    from organisation_levels.models import ProducerGroup

    return ProducerGroup.objects.filter(commodities__in=commodity_ids).values("pk")


def farmers_reached(*, scope: Scope) -> dict:
    """Unique roster farmers at the scope's sessions, by gender and by age band; and the
    head counts of sessions without a roster. Two queries."""
    attendance = Attendance.objects.filter(session__in=scope.sessions().values("pk"))
    # A farmer without a birth year has no age: no band matches, so "unknown".
    band = Case(
        *[
            When(age__gte=low, age__lte=high, then=Value(key))
            for key, _label, low, high in AGE_BANDS
        ],
        default=Value(UNKNOWN_AGE),
    )
    rows = (
        attendance.alias(
            age=ExpressionWrapper(
                scope.end.year - F("farmer__birth_year"), output_field=IntegerField()
            )
        )
        .annotate(band=band)
        .values("farmer__gender", "band")
        .annotate(farmers=Count("farmer", distinct=True))
    )
    by_gender: dict[str, int] = {}
    by_band: dict[str, int] = {}
    for row in rows:
        by_gender[row["farmer__gender"]] = by_gender.get(row["farmer__gender"], 0) + row["farmers"]
        by_band[row["band"]] = by_band.get(row["band"], 0) + row["farmers"]
    heads = (
        scope.sessions()
        .filter(attendance__isnull=True)
        .aggregate(
            women=Coalesce(Sum("women_count"), 0),
            men=Coalesce(Sum("men_count"), 0),
            other=Coalesce(Sum("other_count"), 0),
        )
    )
    return {
        "unique_farmers": sum(by_gender.values()),
        "by_gender": by_gender,
        "by_age_band": by_band,
        "head_counts": heads,
    }


def sessions_by_method(*, scope: Scope) -> dict[str, dict]:
    """Sessions and training hours per delivery method. One query."""
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    rows = (
        scope.sessions()
        .values("method")
        .annotate(sessions=Count("pk"), time=Sum(length))
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
    """How often modules were delivered, and how many different ones. One query."""
    return SessionModule.objects.filter(session__in=scope.sessions().values("pk")).aggregate(
        deliveries=Count("pk"), modules=Count("module", distinct=True)
    )


def knowledge_gain(*, scope: Scope) -> dict:
    """The average of (post - pre) over farmers with both scores, on the 0 to 100 scale.
    One query."""
    scored = Attendance.objects.filter(
        session__in=scope.sessions().values("pk"),
        pre_score__isnull=False,
        post_score__isnull=False,
    )
    figures = scored.aggregate(
        farmers_scored=Count("pk"),
        average_pre=Avg("pre_score"),
        average_post=Avg("post_score"),
        average_gain=Avg(F("post_score") - F("pre_score")),
    )
    return {
        key: round(value, 1) if isinstance(value, float) else value
        for key, value in figures.items()
    }
