"""A Wagtail permission policy that reads per-object rules off the model's queryset.

Kolibri's habit (STYLE.md): who may see or change which rows is declared once, as
queryset filters next to the model (`visible_to`, `changeable_by`, `removable_by`),
so a listing can never show what an object view would refuse. This policy turns
those filters into Wagtail's per-instance permissions; a subclass only says which
roles hold each action on the model at all (`role_actions`) and who those people
are (`role_holders`).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

ALL_ACTIONS = frozenset({"add", "view", "change", "delete"})


class QuerySetScopedPermissionPolicy(BasePermissionPolicy):
    """Model-wide permission from the user's roles; per object, the queryset's scope as well.

    An object is reachable for an action only when the role holds the action and the
    object is in the queryset filter for it: both must agree, so giving a role admin
    access later cannot widen what the queryset allows, and vice versa.
    """

    # The queryset method that scopes each per-object action.
    scopes = {"view": "visible_to", "change": "changeable_by", "delete": "removable_by"}

    @property
    def permission_cache_name(self):
        # Cached on the user object, so the list view's per-row buttons ask the
        # database about roles once per request, not once per row.
        return f"_scoped_actions_{self.model._meta.label_lower}"

    def role_actions(self, user) -> set[str]:
        """The actions an active, non-superuser `user` holds on some objects of the model."""
        raise NotImplementedError

    def role_holders(self, actions) -> Q:
        """A filter on users: those whose roles hold any of `actions` (superusers aside)."""
        raise NotImplementedError

    def get_all_permissions_for_user(self, user):
        if not user.is_active:
            return frozenset()
        if user.is_superuser:
            return ALL_ACTIONS
        return frozenset(self.role_actions(user))

    def user_has_permission(self, user, action):
        return action in self.get_cached_permissions_for_user(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | self.role_holders(actions))
            .distinct()
        )

    def scoped_queryset(self, user, action) -> QuerySet:
        """The objects `user` may perform `action` on (none for an action with no scope)."""
        manager = self.model._default_manager
        if action not in self.scopes or not self.user_has_permission(user, action):
            return manager.none()
        return getattr(manager.all(), self.scopes[action])(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "add":
            return self.user_has_permission(user, action)
        return self.scoped_queryset(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        query = Q(pk__in=[])
        for action in actions:
            if action in self.scopes and self.user_has_permission(user, action):
                query |= Q(pk__in=self.scoped_queryset(user, action).values("pk"))
        return self.model._default_manager.filter(query)

    def users_with_any_permission_for_instance(self, actions, instance):
        # Wagtail asks this only to choose whom to notify (workflows, locking), never to
        # grant access; the queryset rules cannot be run backwards generically, so this
        # answers with everyone whose role holds the actions somewhere.
        return self.users_with_any_permission(actions)
