"""Admin hooks of the supply base: its menu, permissions, screens, and the map of a
group's plots on the group's page."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from curriculum_site.admin_scoping import ScopedDeleteBulkAction
from organisation_levels.views import PRODUCER_GROUP_PAGE_CONTEXT
from reference.models import Commodity
from reference.selectors import taxonomy_terms
from supply_base import views_admin
from supply_base.models import ForestLossLayer, ImplementingEntity, Plot, SupplyScope, Tenure
from supply_base.permissions import CountryRecordPermissionPolicy, PlotPermissionPolicy
from supply_base.selectors import group_plots_map
from supply_base.viewsets import SupplyBaseGroup
from training_delivery.views import TRAINER_APP_CONFIG

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
    """The map of the group's plots, drawn on the server (shapes, plot names and areas;
    no farmer's name or member code: everyone who reads the group's page may see it)."""
    plots_map = group_plots_map(group)
    if plots_map is None:
        return {}
    return {
        "plots_map_html": render_to_string(
            "supply_base/includes/plots_map.html", {"plots_map": plots_map}
        )
    }


@hooks.register(TRAINER_APP_CONFIG)
def trainer_app_plots(*, language):
    """Walking a plot in the trainer app (training_delivery/static/…/js/plots.js): the
    upload address, the choices and the sentences, in the app's language."""
    return {
        "api": {"plots": reverse("api_plots_upload")},
        "plots": {
            "tenures": [[value, str(label)] for value, label in Tenure.choices],
            "commodities": [[term.slug, term.localized.name] for term in taxonomy_terms(Commodity)],
        },
        "messages": {
            "walkTitle": _("Walk a plot"),
            "walkIntro": _(
                "Record each corner of the plot where you stand, then save. No connection needed."
            ),
            "walkGroup": _("Producer group"),
            "walkFarmer": _("Farmer"),
            "walkName": _("Plot name (optional)"),
            "walkCrop": _("Crop (optional)"),
            "walkTenure": _("Tenure"),
            "walkCorner": _("Record this corner"),
            "walkUndo": _("Remove the last corner"),
            "walkCorners": _("Corners recorded: %(count)s"),
            "walkArea": _("Area so far: about %(area)s ha"),
            "walkAccuracy": _("Location accurate to %(metres)s m."),
            "walkInaccurate": _(
                "The location is only accurate to %(metres)s m. Wait a moment in the open "
                "and record the corner again."
            ),
            "walkNoGps": _("This phone could not give its location."),
            "walkTooFew": _("Record at least three corners."),
            "walkFarmerRequired": _("Choose the farmer."),
            "walkSave": _("Save the plot"),
            "walkBack": _("Back"),
            "walkSaved": _(
                "The plot is saved on this phone. It is sent when there is a connection."
            ),
            "plotsOnPhone": _("Plots on this phone"),
            "noPlots": _("No plot walked on this phone yet."),
            "plotFlagged": _("Overlaps forest lost after the cut-off"),
        },
    }
