"""Admin hooks of SCORM: the packages' snippet screens and report, the player in the
"SCORM course" block of module bodies, and the learner's courses on My progress."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from h5p.views import MY_PROGRESS_SECTIONS
from modules.blocks import SCORM_PACKAGE_BLOCK_CONTEXT
from scorm import reports
from scorm.block_context import scorm_package_block_context
from scorm.tracking_selectors import learner_scorm_progress
from scorm.viewsets import ScormPackageViewSet

register_snippet(ScormPackageViewSet)


@hooks.register("register_admin_urls")
def register_scorm_report_urls():
    return reports.urlpatterns


@hooks.register("register_reports_menu_item")
def register_scorm_report_menu_item():
    return reports.menu_item()


@hooks.register(SCORM_PACKAGE_BLOCK_CONTEXT)
def play_the_course(*, package, parent_context):
    return scorm_package_block_context(package=package, parent_context=parent_context)


@hooks.register(MY_PROGRESS_SECTIONS)
def courses_on_my_progress(*, user):
    courses = learner_scorm_progress(user=user)
    if not courses:
        return {}
    return {
        "scorm_section": render_to_string("scorm/my_progress_section.html", {"courses": courses})
    }
