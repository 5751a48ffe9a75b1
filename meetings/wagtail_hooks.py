from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from meetings.models import Event
from meetings.permissions import EventPermissionPolicy
from meetings.viewsets import EventViewSet

register_permission_policy(Event, EventPermissionPolicy(Event))
register_snippet(EventViewSet)


@hooks.register("register_bulk_action", order=100)
class EventDeleteBulkAction(ScopedDeleteBulkAction):
    """Bulk delete that never names another country's event (the permission matrix)."""

    models = [Event]
