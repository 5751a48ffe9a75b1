from django.utils.functional import SimpleLazyObject

from monitoring.access import dashboard_access


def dashboard_link(request):
    """Whether the navigation offers "Dashboard": only to people who have one."""
    return {
        "show_dashboard_link": SimpleLazyObject(
            lambda: request.user.is_authenticated and dashboard_access(request.user) is not None
        )
    }
