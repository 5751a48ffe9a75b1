from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from consultation.models import ConsultationEvent, Grievance, Stakeholder
from consultation.permissions import CountryPlatformPermissionPolicy
from consultation.trainer_app import grievance_screen
from consultation.viewsets import ConsultationViewSetGroup
from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from training_delivery.views import TRAINER_APP_CONFIG

for _model in (Stakeholder, ConsultationEvent, Grievance):
    register_permission_policy(_model, CountryPlatformPermissionPolicy(_model))
register_snippet(ConsultationViewSetGroup)


@hooks.register("register_bulk_action", order=100)
class ConsultationDeleteBulkAction(ScopedDeleteBulkAction):
    # Wagtail's own bulk delete would skip the country scope.
    models = [Stakeholder, ConsultationEvent, Grievance]


@hooks.register(TRAINER_APP_CONFIG)
def trainer_app_grievances(*, language):
    # The trainer app (training_delivery, a floor below) may not import this app: it
    # learns of the grievance screen through this hook.
    return grievance_screen()
