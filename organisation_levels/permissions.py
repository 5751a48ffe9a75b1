"""Who may do what with producer groups in the admin; the per-group rules are the queryset's.

See ProducerGroupQuerySet (`visible_to`, `changeable_by`, `removable_by`) for the
rules themselves, and curriculum_site/scoped_permissions.py for how they become
Wagtail permissions.
"""

from django.db.models import Q

from curriculum_site.scoped_permissions import QuerySetScopedPermissionPolicy
from reference.roles import MONITORING_VIEWERS, TECHNICAL_COMMITTEE
from reference.selectors import role_facts

PLATFORM_ACTIONS = {"add", "view", "change", "delete"}
MANAGER_ACTIONS = {"view", "change"}
READER_ACTIONS = {"view"}


class ProducerGroupPermissionPolicy(QuerySetScopedPermissionPolicy):
    """Platforms register, change and remove their country's groups; managers change
    their own; the committee and granted monitoring viewers read."""

    def role_actions(self, user):
        facts, actions = role_facts(user), set()
        if facts.platform_member:
            actions |= PLATFORM_ACTIONS
        if facts.group_manager:
            actions |= MANAGER_ACTIONS
        if facts.committee or facts.monitoring_viewer:
            actions |= READER_ACTIONS
        return actions

    def role_holders(self, actions):
        actions = set(actions)
        holders = Q(pk__in=[])
        if actions & PLATFORM_ACTIONS:
            holders |= Q(groups__platform_country__isnull=False)
        if actions & MANAGER_ACTIONS:
            holders |= Q(managed_producer_groups__isnull=False)
        if actions & READER_ACTIONS:
            holders |= Q(groups__name=TECHNICAL_COMMITTEE) | Q(
                monitored_countries__isnull=False, groups__name=MONITORING_VIEWERS
            )
        return holders
