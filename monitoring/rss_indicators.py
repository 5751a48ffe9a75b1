"""RSS consultation and action-plan indicators (issue 20, points 5 and 6), in the database.

Like monitoring.indicators: each takes a `Scope`, returns plain numbers, and is a fixed
number of queries whatever the data. Grievances and consultations are counted, never
shown: their rows are for the country's platform only.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from consultation.models import ConsultationEvent, Grievance
from monitoring.indicators import Scope
from training_plans.models import ActionReview, PlanAction


def _scoped(queryset, scope: Scope, *, country="country_id__in", group="group__in"):
    if scope.country_ids:
        queryset = queryset.filter(**{country: scope.country_ids})
    if scope.narrowed_to_groups:
        queryset = queryset.filter(**{group: scope.groups().values("pk")})
    return queryset


def grievances_counted(*, scope: Scope) -> dict:
    """Grievances received in the period: open (received, under review) and closed
    (answered, closed), and by category. One query."""
    grievances = _scoped(
        Grievance.objects.filter(received_on__gte=scope.start, received_on__lte=scope.end), scope
    )
    rows = grievances.values("category", "status").annotate(count=Count("pk"))
    by_category: dict[str, dict[str, int]] = {}
    totals = {"open": 0, "closed": 0}
    for row in rows:
        state = "open" if row["status"] in Grievance.OPEN else "closed"
        totals[state] += row["count"]
        counts = by_category.setdefault(row["category"], {"open": 0, "closed": 0})
        counts[state] += row["count"]
    return {**totals, "received": totals["open"] + totals["closed"], "by_category": by_category}


def consultation_attendance(*, scope: Scope) -> dict:
    """Consultations held in the period, who came by gender, and conclusions validated.
    Two queries."""
    events = _scoped(
        ConsultationEvent.objects.filter(held_on__gte=scope.start, held_on__lte=scope.end), scope
    )
    sums = events.aggregate(
        events=Count("pk"),
        women=Coalesce(Sum("women"), 0),
        men=Coalesce(Sum("men"), 0),
        other=Coalesce(Sum("other_attendees"), 0),
    )
    # Aliases unlike the relation's name: "conclusions" would shadow it in the filter.
    conclusions = events.aggregate(
        conclusion_count=Count("conclusions"),
        validated_count=Count("conclusions", filter=Q(conclusions__validated=True)),
    )
    return {
        **sums,
        "conclusions": conclusions["conclusion_count"],
        "validated": conclusions["validated_count"],
    }


def actions_and_reviews(*, scope: Scope) -> dict:
    """Actions of the plans running in the period, by kind and status; and the reviews of
    the period's years, by effectiveness. Two queries."""
    actions = _scoped(
        PlanAction.objects.filter(plan__starts_on__lte=scope.end, plan__ends_on__gte=scope.start),
        scope,
        country="plan__group__country_id__in",
        group="plan__group__in",
    )
    by_status: dict[str, dict[str, int]] = {}
    for row in actions.values("kind", "status").annotate(count=Count("pk")):
        by_status.setdefault(row["kind"], {})[row["status"]] = row["count"]
    reviews = _scoped(
        ActionReview.objects.filter(
            review__year__gte=scope.start.year, review__year__lte=scope.end.year
        ),
        scope,
        country="action__plan__group__country_id__in",
        group="action__plan__group__in",
    )
    effectiveness = dict(
        reviews.values_list("effectiveness").annotate(count=Count("pk")).order_by()
    )
    return {"by_kind_and_status": by_status, "effectiveness": effectiveness}
