from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from training_plans import views_admin
from training_plans.models import NeedsAssessment, RiskAssessment
from training_plans.permissions import AssessmentPermissionPolicy
from training_plans.viewsets import NeedsAndRisksViewSetGroup

register_permission_policy(NeedsAssessment, AssessmentPermissionPolicy(NeedsAssessment))
register_permission_policy(RiskAssessment, AssessmentPermissionPolicy(RiskAssessment))
register_snippet(NeedsAndRisksViewSetGroup)


@hooks.register("register_admin_urls")
def register_coverage_report_urls():
    return views_admin.urlpatterns


@hooks.register("register_reports_menu_item")
def register_coverage_report_menu_item():
    return views_admin.coverage_gaps_menu_item()


@hooks.register("register_bulk_action", order=100)
class AssessmentDeleteBulkAction(ScopedDeleteBulkAction):
    models = [NeedsAssessment, RiskAssessment]
