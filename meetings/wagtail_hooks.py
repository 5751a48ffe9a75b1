from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from meetings.models import Event
from meetings.permissions import EventPermissionPolicy
from meetings.viewsets import EventViewSet

register_permission_policy(Event, EventPermissionPolicy(Event))
register_snippet(EventViewSet)
