from django.urls import reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from organisation_levels.views import PRODUCER_GROUP_PAGE_CONTEXT
from training_plans import views_admin
from training_plans.models import NeedsAssessment, RiskAssessment
from training_plans.permissions import AssessmentPermissionPolicy
from training_plans.recommendation import group_recommendation
from training_plans.selectors import group_training_received
from training_plans.viewsets import NeedsAndRisksViewSetGroup

register_permission_policy(NeedsAssessment, AssessmentPermissionPolicy(NeedsAssessment))
register_permission_policy(RiskAssessment, AssessmentPermissionPolicy(RiskAssessment))
register_snippet(NeedsAndRisksViewSetGroup)

# The group page shows the first few modules of the recommendation; the plan has them all.
NEXT_MODULES_SHOWN = 5


@hooks.register("register_admin_urls")
def register_coverage_report_urls():
    return views_admin.urlpatterns


@hooks.register("register_reports_menu_item")
def register_coverage_report_menu_item():
    return views_admin.coverage_gaps_menu_item()


@hooks.register("register_bulk_action", order=100)
class AssessmentDeleteBulkAction(ScopedDeleteBulkAction):
    models = [NeedsAssessment, RiskAssessment]


@hooks.register(PRODUCER_GROUP_PAGE_CONTEXT)
def group_training(*, group, level):
    """The group page's next modules (the recommendation's first), with the way to the
    group's plans, and the training it received."""
    return {
        "next_modules": group_recommendation(group=group, level=level)[:NEXT_MODULES_SHOWN],
        "training_plans_url": reverse("training_plans:list", args=[group.pk]),
        "training_received": group_training_received(group=group),
    }
