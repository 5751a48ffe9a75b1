"""Who sees which dashboard (issue 8, point 2), in one place for views, exports and reports.

- The technical committee (and superusers) see the global dashboard: every country.
- A monitoring viewer sees the countries they were granted, and a national platform its
  own country; someone with both sees both.
- A producer-group manager sees the dashboard of the groups they manage, and a trainer
  that of the groups they are assigned to; nothing of the rest of their country.

Everyone else has no dashboard. The figures are always computed for the scope built
here, never for ids taken from the request as they stand.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from organisation_levels.models import ProducerGroup
from reference.models import Country
from reference.selectors import role_facts


class Kind:
    GLOBAL = "global"
    COUNTRY = "country"
    GROUP = "group"


@dataclass(frozen=True)
class DashboardAccess:
    kind: str
    countries: QuerySet[Country]  # the countries the person may filter by
    # For a group manager: their groups; None when whole countries are readable.
    groups: QuerySet[ProducerGroup] | None = None
    # True for the committee: "all countries" needs no country filter at all.
    all_countries: bool = False


def dashboard_access(user) -> DashboardAccess | None:
    if not user.is_authenticated or not user.is_active:
        return None
    facts = role_facts(user)
    if user.is_superuser or facts.committee:
        return DashboardAccess(
            kind=Kind.GLOBAL, countries=Country.objects.order_by("name"), all_countries=True
        )
    if facts.monitoring_viewer or facts.platform_member:
        countries = Country.objects.filter(
            pk__in=(
                Country.objects.monitored_by(user) | Country.objects.of_platform_member(user)
            ).values("pk")
        ).order_by("name")
        # A platform of one country gets its country's dashboard; a viewer granted several
        # countries gets the global one, over those countries only.
        kind = Kind.GLOBAL if facts.monitoring_viewer else Kind.COUNTRY
        return DashboardAccess(kind=kind, countries=countries)
    # Managers see the groups they manage; trainers the groups they deliver training to
    # (their groups' sessions, farmers reached, knowledge gain: issue 23, point 9).
    groups = ProducerGroup.objects.filter(
        pk__in=(
            ProducerGroup.objects.filter(managers=user)
            | ProducerGroup.objects.filter(trainers=user)
        ).values("pk")
    ).order_by("name")
    if facts.group_manager or groups.exists():
        countries = Country.objects.filter(pk__in=groups.values("country_id")).order_by("name")
        return DashboardAccess(kind=Kind.GROUP, countries=countries, groups=groups)
    return None
