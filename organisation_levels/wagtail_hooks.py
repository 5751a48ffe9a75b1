from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from organisation_levels import views_admin, views_people
from organisation_levels.models import ProducerGroup
from organisation_levels.people_selectors import countries_registering_people
from organisation_levels.permissions import ProducerGroupPermissionPolicy
from organisation_levels.viewsets import OrganisationLevelsViewSetGroup, ProducerGroupViewSet

register_permission_policy(ProducerGroup, ProducerGroupPermissionPolicy(ProducerGroup))
register_snippet(OrganisationLevelsViewSetGroup)
register_snippet(ProducerGroupViewSet)


@hooks.register("register_admin_urls")
def register_group_import_urls():
    return views_admin.urlpatterns


@hooks.register("register_admin_urls")
def register_people_urls():
    return views_people.urlpatterns


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return countries_registering_people(user=request.user).exists()


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(
        _("People"), reverse("organisation_levels_people"), icon_name="group", order=250
    )


@hooks.register("register_bulk_action", order=100)
class ProducerGroupDeleteBulkAction(ScopedDeleteBulkAction):
    models = [ProducerGroup]
