"""Who may do what with producer groups in the admin, from the rules on the queryset."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from modules.models import Country
from modules.roles import TECHNICAL_COMMITTEE
from organisation_levels.models import ProducerGroup


def _groups_for(user, action):
    groups = ProducerGroup.objects
    if action == "view":
        return groups.visible_to(user)
    if action == "change":
        return groups.changeable_by(user)
    if action == "delete":
        return groups.removable_by(user)
    return groups.none()


def _is_platform_member(user):
    return Country.objects.of_platform_member(user).exists()


class ProducerGroupPermissionPolicy(BasePermissionPolicy):
    """Per group: see ProducerGroupQuerySet for the rules themselves."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        if action in ("add", "delete"):
            return _is_platform_member(user)
        if action == "view" and user.groups.filter(name=TECHNICAL_COMMITTEE).exists():
            return True
        if action == "view" and Country.objects.monitored_by(user).exists():
            return True
        if action in ("view", "change"):
            return _is_platform_member(user) or _groups_for(user, "change").exists()
        return False

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(groups__platform_country__isnull=False)
                | Q(groups__name=TECHNICAL_COMMITTEE)
                | Q(managed_producer_groups__isnull=False)
                | Q(monitored_countries__isnull=False)
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "add":
            return self.user_has_permission(user, action)
        return _groups_for(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        query = Q(pk__in=[])
        for action in actions:
            query |= Q(pk__in=_groups_for(user, action).values("pk"))
        return ProducerGroup.objects.filter(query)

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)
