"""Who may do what with needs and risk assessments in the admin.

The per-object rules are ScopedAssessmentQuerySet's (`visible_to`, `changeable_by`,
`removable_by`). In the admin, only national platforms (and superusers) record,
change and remove assessments; the technical committee and monitoring viewers
with a granted country read them. Producer-group managers change their own
group's assessments on the queryset, but they have no admin access, so the
admin gives them nothing here.
"""

from django.db.models import Q

from curriculum_site.scoped_permissions import QuerySetScopedPermissionPolicy
from reference.roles import MONITORING_VIEWERS, TECHNICAL_COMMITTEE
from reference.selectors import role_facts

PLATFORM_ACTIONS = {"add", "view", "change", "delete"}
READER_ACTIONS = {"view"}


class AssessmentPermissionPolicy(QuerySetScopedPermissionPolicy):
    """For NeedsAssessment and RiskAssessment alike."""

    def role_actions(self, user):
        facts = role_facts(user)
        if facts.platform_member:
            return PLATFORM_ACTIONS
        if facts.committee or facts.monitoring_viewer:
            return READER_ACTIONS
        return set()

    def role_holders(self, actions):
        actions = set(actions)
        if not actions & PLATFORM_ACTIONS:
            return Q(pk__in=[])
        holders = Q(groups__platform_country__isnull=False)
        if actions & READER_ACTIONS:
            holders |= Q(groups__name=TECHNICAL_COMMITTEE) | Q(
                monitored_countries__isnull=False, groups__name=MONITORING_VIEWERS
            )
        return holders
