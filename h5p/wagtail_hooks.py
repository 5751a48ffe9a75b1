"""Admin hooks of H5P: the activities' snippet screens and tracking reports, and the player
in the "H5P activity" block of module bodies."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from h5p import reports
from h5p.serving import h5p_activity_block_context
from h5p.viewsets import H5PActivityViewSet
from modules.blocks import H5P_ACTIVITY_BLOCK_CONTEXT

register_snippet(H5PActivityViewSet)


@hooks.register("register_admin_urls")
def register_h5p_report_urls():
    return reports.urlpatterns


@hooks.register("register_reports_menu_item")
def register_h5p_activity_report_menu_item():
    return reports.menu_items()[0]


@hooks.register("register_reports_menu_item")
def register_h5p_module_report_menu_item():
    return reports.menu_items()[1]


@hooks.register("register_reports_menu_item")
def register_h5p_library_report_menu_item():
    return reports.menu_items()[2]


@hooks.register(H5P_ACTIVITY_BLOCK_CONTEXT)
def play_the_activity(*, activity, parent_context):
    return h5p_activity_block_context(activity=activity, parent_context=parent_context)
