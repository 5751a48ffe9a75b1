"""Who may do what with calls and meetings in the admin; the per-row rules are
EventQuerySet's (meetings.models)."""

from django.db.models import Q

from curriculum_site.scoped_permissions import QuerySetScopedPermissionPolicy
from reference.roles import MONITORING_VIEWERS, TECHNICAL_COMMITTEE
from reference.selectors import role_facts

ALL = {"add", "view", "change", "delete"}


class EventPermissionPolicy(QuerySetScopedPermissionPolicy):
    """Platforms and the committee record events; managers and viewers read theirs."""

    def role_actions(self, user):
        facts, actions = role_facts(user), set()
        if facts.platform_member or facts.committee:
            actions |= ALL
        if facts.group_manager or facts.monitoring_viewer:
            actions.add("view")
        return actions

    def role_holders(self, actions):
        holders = Q(groups__platform_country__isnull=False) | Q(groups__name=TECHNICAL_COMMITTEE)
        if "view" in actions:
            holders |= Q(managed_producer_groups__isnull=False) | Q(
                monitored_countries__isnull=False, groups__name=MONITORING_VIEWERS
            )
        return holders
