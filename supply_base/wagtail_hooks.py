"""Admin hooks of the supply base: its menu, permissions, screens, and the map of a
group's plots on the group's page."""

from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from organisation_levels.views import PRODUCER_GROUP_PAGE_CONTEXT
from supply_base import views_admin
from supply_base.models import ForestLossLayer, ImplementingEntity, Plot, SupplyScope
from supply_base.permissions import CountryRecordPermissionPolicy, PlotPermissionPolicy
from supply_base.selectors import group_plots_map
from supply_base.viewsets import SupplyBaseGroup

for _model in (ImplementingEntity, SupplyScope, ForestLossLayer):
    register_permission_policy(_model, CountryRecordPermissionPolicy(_model))
register_permission_policy(Plot, PlotPermissionPolicy(Plot))
register_snippet(SupplyBaseGroup)


@hooks.register("register_admin_urls")
def register_supply_base_urls():
    return views_admin.urlpatterns


@hooks.register("register_bulk_action", order=100)
class SupplyBaseDeleteBulkAction(ScopedDeleteBulkAction):
    models = [ImplementingEntity, SupplyScope, Plot, ForestLossLayer]


@hooks.register(PRODUCER_GROUP_PAGE_CONTEXT)
def group_plots_map_context(*, group, level):
    """The map of the group's plots, drawn on the server (shapes and member codes only,
    no names: everyone who reads the group's page may see it)."""
    plots_map = group_plots_map(group)
    if plots_map is None:
        return {}
    return {
        "plots_map_html": render_to_string(
            "supply_base/includes/plots_map.html", {"plots_map": plots_map}
        )
    }
