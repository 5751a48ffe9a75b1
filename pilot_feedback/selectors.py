"""Reads for pilot feedback: who may give it, and the technical committee's report.

An adaptation's country is its `country`, the country of the curriculum it was adapted
for. Both the permission rule and the report read it, so feedback always counts for
the country whose platform may give it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from adaptation.models import AdaptedModulePage
from organisation_levels.models import ProducerGroup
from pilot_feedback.models import PilotFeedback
from reference import roles
from reference.models import Country
from reference.selectors import is_committee_member
from training_delivery.models import TrainingSession

# The report quotes this many of each generic module's newest "what to change" answers:
# enough to see a pattern, few enough to read before a revision meeting.
LATEST_CHANGES = 5


def adaptation_country(*, adaptation: AdaptedModulePage) -> Country:
    return adaptation.country


def pilot_feedback_allowed(*, user, adaptation: AdaptedModulePage) -> bool:
    """Whether `user` may record feedback on `adaptation`: the national platform of the
    adaptation's country, trainers who work there (assigned to one of its producer
    groups) or who delivered the adaptation in a recorded session (a pilot is often run
    by a trainer from outside the platform), and superusers.

    Any trainer of any country could before (issue 14). One query.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    platform = user.groups.filter(platform_country=adaptation.country_id)
    trainer = user.groups.filter(name=roles.TRAINERS)
    works_there = ProducerGroup.objects.filter(trainers=user, country=adaptation.country_id)
    delivered_it = TrainingSession.objects.filter(
        Q(trainers=user) | Q(recorded_by=user), modules_covered__module=adaptation
    )
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(Exists(platform) | (Exists(trainer) & (Exists(works_there) | Exists(delivered_it))))
        .exists()
    )


def pilot_feedback_sessions(*, user, adaptation: AdaptedModulePage):
    """The recorded sessions `user` may link feedback on `adaptation` to: ones they
    delivered or recorded that covered it, the latest first."""
    return (
        TrainingSession.objects.filter(modules_covered__module=adaptation)
        .filter(Q(trainers=user) | Q(recorded_by=user))
        .select_related("group")
        .distinct()
        .order_by("-date", "-starts_at")
    )


def pilot_feedback_closed_reason(*, adaptation: AdaptedModulePage) -> str | None:
    """Why no feedback can be recorded on `adaptation` now, or None when it can.

    Only modules that are being delivered get feedback: published, and piloting or
    approved. A draft is still being written; feedback on it would judge a text no
    trainer has used.
    """
    if not adaptation.live:
        return _("“%(title)s” is not published, so it is not being delivered yet.") % {
            "title": adaptation.title
        }
    if adaptation.adaptation_status == AdaptedModulePage.Status.DRAFT:
        return _(
            "“%(title)s” is still a draft. Feedback opens once the national platform "
            "starts piloting it."
        ) % {"title": adaptation.title}
    return None


def pilot_feedback_countries_visible_to(user) -> QuerySet[Country]:
    """Whose feedback `user` reads in the report: the committee and superusers every
    country's, a national platform its own country's, anyone else none."""
    if not user.is_active:
        return Country.objects.none()
    if user.is_superuser or is_committee_member(user):
        return Country.objects.all()
    return Country.objects.of_platform_member(user)


def pilot_feedback_of_countries(*, countries: QuerySet[Country]) -> QuerySet[PilotFeedback]:
    """Feedback on adaptations in `countries`, each annotated with `country_pk`."""
    return PilotFeedback.objects.annotate(country_pk=F("adaptation__country_id")).filter(
        country_pk__in=countries.values("pk")
    )


@dataclass(frozen=True)
class CountryRating:
    """How one country's pilots of a generic module went."""

    country: Country
    feedback_count: int
    average_rating: float


@dataclass(frozen=True)
class ChangeSuggestion:
    """One "what to change" answer, with where and when it was given."""

    country: Country
    recorded_on: datetime.date
    rating: int
    text: str


@dataclass
class ModuleFeedbackSummary:
    """All pilot feedback on the adaptations of one generic module."""

    module_id: int
    code: str
    title: str
    feedback_count: int
    average_rating: float
    countries: list[CountryRating] = field(default_factory=list)  # by country name
    latest_changes: list[ChangeSuggestion] = field(default_factory=list)  # newest first


def pilot_feedback_summary(*, countries: QuerySet[Country]) -> list[ModuleFeedbackSummary]:
    """Per generic module (by code) with feedback in `countries`: the number of feedbacks and
    the average rating, the same per country, and the newest "what to change" answers.

    Counted and averaged in the database; four queries however much feedback there is.
    """
    feedback = pilot_feedback_of_countries(countries=countries)
    source = "adaptation__source_id"

    totals = (
        feedback.values(source, "adaptation__source__code", "adaptation__source__title")
        .annotate(feedback_count=Count("pk"), average_rating=Avg("rating"))
        .order_by("adaptation__source__code", source)
    )
    summaries = {
        row[source]: ModuleFeedbackSummary(
            module_id=row[source],
            code=row["adaptation__source__code"],
            title=row["adaptation__source__title"],
            feedback_count=row["feedback_count"],
            # PostgreSQL averages integers as Decimal, SQLite as float.
            average_rating=float(row["average_rating"]),
        )
        for row in totals
    }
    if not summaries:
        return []

    per_country = list(
        feedback.values(source, "country_pk")
        .annotate(feedback_count=Count("pk"), average_rating=Avg("rating"))
        .order_by()
    )
    # The newest answers per generic module, ranked in the database so only these are read.
    latest = list(
        feedback.annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F(source)],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(newest__lte=LATEST_CHANGES)
        .values(source, "country_pk", "created_at", "rating", "what_to_change", "newest")
        .order_by(source, "newest")
    )
    country_by_pk = Country.objects.in_bulk(
        {row["country_pk"] for row in per_country} | {row["country_pk"] for row in latest}
    )

    ratings_by_module = defaultdict(list)
    for row in per_country:
        ratings_by_module[row[source]].append(
            CountryRating(
                country=country_by_pk[row["country_pk"]],
                feedback_count=row["feedback_count"],
                average_rating=float(row["average_rating"]),
            )
        )
    for module_id, ratings in ratings_by_module.items():
        summaries[module_id].countries = sorted(ratings, key=lambda r: r.country.name)
    for row in latest:
        summaries[row[source]].latest_changes.append(
            ChangeSuggestion(
                country=country_by_pk[row["country_pk"]],
                recorded_on=timezone.localdate(row["created_at"]),
                rating=row["rating"],
                text=row["what_to_change"],
            )
        )
    return list(summaries.values())
