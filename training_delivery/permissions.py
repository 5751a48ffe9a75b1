"""Who may do what with rosters and sessions in the admin; the per-row rules are the querysets'.

See FarmerQuerySet and TrainingSessionQuerySet for the rules, and
curriculum_site/scoped_permissions.py for how they become Wagtail permissions.
"""

from django.db.models import Q

from curriculum_site.scoped_permissions import QuerySetScopedPermissionPolicy
from reference.models import Country
from reference.roles import MONITORING_VIEWERS, TECHNICAL_COMMITTEE
from reference.selectors import role_facts


def _keeps_groups(user) -> bool:
    return (
        Country.objects.of_platform_member(user).exists() or user.managed_producer_groups.exists()
    )


class FarmerPermissionPolicy(QuerySetScopedPermissionPolicy):
    """A group's platform and managers keep its roster. Farmers' names are personal data:
    the committee and monitoring viewers see figures on dashboards, not the roster."""

    def role_actions(self, user):
        return {"add", "view", "change", "delete"} if _keeps_groups(user) else set()

    def role_holders(self, actions):
        return Q(groups__platform_country__isnull=False) | Q(managed_producer_groups__isnull=False)


class TrainingSessionPermissionPolicy(QuerySetScopedPermissionPolicy):
    """Sessions are read in the admin (recorded in the trainer app or imported from paper);
    platforms also delete their country's mistaken ones."""

    def role_actions(self, user):
        facts, actions = role_facts(user), set()
        if facts.platform_member:
            actions |= {"view", "delete"}
        if facts.group_manager or facts.committee or facts.monitoring_viewer:
            actions.add("view")
        return actions

    def role_holders(self, actions):
        holders = Q(groups__platform_country__isnull=False)
        if "view" in actions:
            holders |= (
                Q(managed_producer_groups__isnull=False)
                | Q(groups__name=TECHNICAL_COMMITTEE)
                | Q(monitored_countries__isnull=False, groups__name=MONITORING_VIEWERS)
            )
        return holders
