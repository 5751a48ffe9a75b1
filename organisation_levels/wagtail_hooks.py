from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from organisation_levels import views_admin
from organisation_levels.models import ProducerGroup
from organisation_levels.permissions import ProducerGroupPermissionPolicy
from organisation_levels.viewsets import OrganisationLevelsViewSetGroup, ProducerGroupViewSet

register_permission_policy(ProducerGroup, ProducerGroupPermissionPolicy(ProducerGroup))
register_snippet(OrganisationLevelsViewSetGroup)
register_snippet(ProducerGroupViewSet)


@hooks.register("register_admin_urls")
def register_group_import_urls():
    return views_admin.urlpatterns


@hooks.register("register_bulk_action", order=100)
class ProducerGroupDeleteBulkAction(ScopedDeleteBulkAction):
    models = [ProducerGroup]
