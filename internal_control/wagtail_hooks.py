"""Admin hooks of internal control: its menu (control points, requirement catalogues),
the crosswalk and the requirements import."""

from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from internal_control import views_admin
from internal_control.links import assessment_hints, finding_reasons
from internal_control.viewsets import InternalControlGroup
from organisation_levels.views import LEVEL_ASSESSMENT_HINTS, PRODUCER_GROUP_PAGE_CONTEXT
from training_plans.recommendation import RECOMMENDATION_REASONS

register_snippet(InternalControlGroup)


@hooks.register("register_admin_urls")
def register_internal_control_urls():
    return views_admin.urlpatterns


@hooks.register(PRODUCER_GROUP_PAGE_CONTEXT)
def group_internal_control_link(*, group, level):
    """The way from the group's page to its internal control page (its keepers only:
    the template shows it with `can_change`)."""
    return {"internal_control_url": reverse("internal_control:group", args=[group.pk])}


# Issue 21, point 5: open non-conformities recommend the modules linked to their control
# points, with the finding as the reason; and the level assessment shows what the
# inspections say beside the rubric's questions about internal control.
hooks.register(RECOMMENDATION_REASONS, finding_reasons)
hooks.register(LEVEL_ASSESSMENT_HINTS, assessment_hints)
