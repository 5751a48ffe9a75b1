from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from training_delivery import views_admin
from training_delivery.models import Farmer, TrainingSession
from training_delivery.permissions import FarmerPermissionPolicy, TrainingSessionPermissionPolicy
from training_delivery.viewsets import FieldDeliveryViewSetGroup

register_permission_policy(Farmer, FarmerPermissionPolicy(Farmer))
register_permission_policy(TrainingSession, TrainingSessionPermissionPolicy(TrainingSession))
register_snippet(FieldDeliveryViewSetGroup)


@hooks.register("register_admin_urls")
def register_import_urls():
    return views_admin.urlpatterns


@hooks.register("register_bulk_action", order=100)
class FieldDeliveryDeleteBulkAction(ScopedDeleteBulkAction):
    models = [Farmer, TrainingSession]


@hooks.register("register_log_actions")
def register_session_correction(actions):
    # The log action's formatter is defined where Wagtail asks for it, with what it names.
    from django.utils.translation import gettext_lazy as _
    from wagtail.log_actions import LogFormatter

    from training_delivery.services import SESSION_CORRECTED

    @actions.register_action(SESSION_CORRECTED)
    class SessionCorrected(LogFormatter):
        label = _("Corrected")

        def format_message(self, log_entry):
            changes = log_entry.data.get("changes", [])
            return _("Corrected: %(changes)s") % {"changes": "; ".join(changes)}
