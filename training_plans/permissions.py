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
from modules.models import Country
from modules.roles import MONITORING_VIEWERS, TECHNICAL_COMMITTEE

PLATFORM_ACTIONS = {"add", "view", "change", "delete"}
READER_ACTIONS = {"view"}


class AssessmentPermissionPolicy(QuerySetScopedPermissionPolicy):
    """For NeedsAssessment and RiskAssessment alike."""

    def role_actions(self, user):
        if Country.objects.of_platform_member(user).exists():
            return PLATFORM_ACTIONS
        if user.groups.filter(name=TECHNICAL_COMMITTEE).exists():
            return READER_ACTIONS
        if Country.objects.monitored_by(user).exists():
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
