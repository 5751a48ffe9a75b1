from django.utils.functional import SimpleLazyObject

from curriculum_site.content_version import cached_for_person
from monitoring.access import dashboard_access


def dashboard_link(request):
    """Whether the navigation offers "Dashboard": only to people who have one."""
    return {
        "show_dashboard_link": SimpleLazyObject(
            lambda: (
                request.user.is_authenticated
                and cached_for_person(
                    request.user,
                    "has-dashboard",
                    lambda: dashboard_access(request.user) is not None,
                )
            )
        )
    }
