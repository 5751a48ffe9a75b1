"""Who may do what with stakeholders, consultations and grievances in the admin.

Only the country's national platform (and superusers): grievances name people and
land disputes, so neither another country's platform, nor a buyer, nor the committee
reads them (issue 20, point 5). The dashboard counts them for everyone it serves.
"""

from django.db.models import Q

from curriculum_site.scoped_permissions import QuerySetScopedPermissionPolicy
from reference.selectors import role_facts

PLATFORM_ACTIONS = {"add", "view", "change", "delete"}


class CountryPlatformPermissionPolicy(QuerySetScopedPermissionPolicy):
    def role_actions(self, user):
        return PLATFORM_ACTIONS if role_facts(user).platform_member else set()

    def role_holders(self, actions):
        if not set(actions) & PLATFORM_ACTIONS:
            return Q(pk__in=[])
        return Q(groups__platform_country__isnull=False)
