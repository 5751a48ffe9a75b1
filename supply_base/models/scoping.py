"""Who sees and changes a country's supply-base records: the queryset filters every screen uses.

Kolibri's habit (STYLE.md): the rule is written once, next to the models, and the admin's
permission policy (supply_base/permissions.py) reads it, so a listing never shows what an
object view would refuse.
"""

from django.db import models
from django.db.models import Q

from reference import roles
from reference.selectors import is_committee_member


class CountryScopedQuerySet(models.QuerySet):
    """Rows of a country, reached through `country_path` (e.g. "country", "entity__country").

    A national platform sees and keeps its own country's rows; the technical committee
    reads every country's; a monitoring viewer (the buyer, donor, M&E) reads the
    countries they were granted, while they hold the role; superusers do everything.
    """

    country_path = "country"

    def _country(self, lookup: str) -> str:
        return f"{self.country_path}__{lookup}"

    def visible_to(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser or is_committee_member(user):
            return self
        rule = Q(**{self._country("national_platform_group__in"): user.groups.all()})
        if user.groups.filter(name=roles.MONITORING_VIEWERS).exists():
            rule |= Q(**{self._country("monitoring_viewers"): user})
        return self.filter(rule).distinct()

    def changeable_by(self, user):
        if not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{self._country("national_platform_group__in"): user.groups.all()})

    def removable_by(self, user):
        return self.changeable_by(user)
