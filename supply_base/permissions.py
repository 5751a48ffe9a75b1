"""Who may do what with the supply base in the admin; the per-row rules are the querysets'
(reference/scoping.py and PlotQuerySet)."""

from django.db.models import Q

from curriculum_site.scoped_permissions import QuerySetScopedPermissionPolicy
from reference.models import Country
from reference.roles import MONITORING_VIEWERS, TECHNICAL_COMMITTEE
from reference.selectors import role_facts

PLATFORM_ACTIONS = {"add", "view", "change", "delete"}
READER_ACTIONS = {"view"}


class CountryRecordPermissionPolicy(QuerySetScopedPermissionPolicy):
    """Entities, scopes and forest-loss layers: the country's platform keeps them; the
    committee and the monitoring viewers granted the country read them."""

    def role_actions(self, user):
        facts = role_facts(user)
        if facts.platform_member:
            return PLATFORM_ACTIONS
        if facts.committee or facts.monitoring_viewer:
            return READER_ACTIONS
        return set()

    def role_holders(self, actions):
        actions = set(actions)
        holders = Q(groups__platform_country__isnull=False)
        if actions & READER_ACTIONS:
            holders |= Q(groups__name=TECHNICAL_COMMITTEE) | Q(
                monitored_countries__isnull=False, groups__name=MONITORING_VIEWERS
            )
        return holders


class PlotPermissionPolicy(QuerySetScopedPermissionPolicy):
    """Plots are the roster's: the group's platform and managers keep them (trainers walk
    them from the trainer app, which has no admin)."""

    def role_actions(self, user):
        keeps = (
            Country.objects.of_platform_member(user).exists()
            or user.managed_producer_groups.exists()
        )
        return PLATFORM_ACTIONS if keeps else set()

    def role_holders(self, actions):
        return Q(groups__platform_country__isnull=False) | Q(managed_producer_groups__isnull=False)
