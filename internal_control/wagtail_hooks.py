"""Admin hooks of internal control: its menu (control points, requirement catalogues),
the crosswalk and the requirements import."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from internal_control import views_admin
from internal_control.viewsets import InternalControlGroup

register_snippet(InternalControlGroup)


@hooks.register("register_admin_urls")
def register_internal_control_urls():
    return views_admin.urlpatterns
