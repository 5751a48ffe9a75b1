"""Who sees and changes a country's records: the queryset filters every screen uses.

Kolibri's habit (STYLE.md): the rule is written once, next to the models, and the admin's
permission policy (e.g. supply_base/permissions.py) reads it, so a listing never shows what
an object view would refuse. It lives here, on the floor every app with country records
stands on, so the apps of one floor (supply_base, consultation) share it without importing
each other (decision 0017).
"""

from django.db import models
from django.db.models import Q

from reference import roles
from reference.selectors import is_committee_member


class CountryPlatformQuerySet(models.QuerySet):
    """Rows of a country, reached through `country_path` (e.g. "country", "entity__country"),
    that only the country's national platform sees, changes and removes (and superusers).

    For records that name people (grievances, stakeholders): no other country's platform,
    no committee member, no buyer reads them.
    """

    country_path = "country"

    def _country(self, lookup: str) -> str:
        return f"{self.country_path}__{lookup}"

    def changeable_by(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # A country has one platform group (one-to-one): no row is repeated.
        return self.filter(**{self._country("national_platform_group__in"): user.groups.all()})

    def visible_to(self, user):
        return self.changeable_by(user)

    def removable_by(self, user):
        return self.changeable_by(user)


class CountryScopedQuerySet(CountryPlatformQuerySet):
    """Rows of a country that its platform keeps and others read: the technical committee
    reads every country's; a monitoring viewer (the buyer, donor, M&E) reads the countries
    they were granted, while they hold the role; superusers do everything.
    """

    def visible_to(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser or is_committee_member(user):
            return self
        rule = Q(**{self._country("national_platform_group__in"): user.groups.all()})
        if user.groups.filter(name=roles.MONITORING_VIEWERS).exists():
            rule |= Q(**{self._country("monitoring_viewers"): user})
        return self.filter(rule).distinct()
