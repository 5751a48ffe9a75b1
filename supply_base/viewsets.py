"""Admin screens of the supply base (menu *Supply base*): implementing entities, RSS
scopes, plots and forest-loss layers, each keeping to the user's country."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import CreateView, SnippetViewSetGroup

from curriculum_site.admin_imports import ImportButtonIndexView
from curriculum_site.admin_scoping import ScopedSnippetViewSet
from supply_base.admin_forms import (
    ImplementingEntityFilterSet,
    ImplementingEntityForm,
    PlotFilterSet,
    PlotForm,
    SupplyScopeFilterSet,
    SupplyScopeForm,
)
from supply_base.models import ForestLossLayer, ImplementingEntity, Plot, SupplyScope


class ImplementingEntityViewSet(ScopedSnippetViewSet):
    model = ImplementingEntity
    icon = "site"
    menu_label = _("Implementing entities")
    list_display = ["name", "kind", "country", "lead_person"]
    filterset_class = ImplementingEntityFilterSet
    search_fields = ["name", "lead_person", "notes"]
    search_backend_name = None
    ordering = ["country__name", "name"]
    inspect_view_enabled = True
    edit_handler = ObjectList(ImplementingEntity.panels, base_form_class=ImplementingEntityForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


class ScopeIndexView(ImportButtonIndexView):
    import_label = _("Import volumes bought")
    import_url_name = "supply_base_volume_import"

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingButton(
                _("Export plots for due diligence (EUDR GeoJSON)"),
                url=reverse("supply_base_scope_eudr", args=[instance.pk]),
                icon_name="download",
                priority=50,
            ),
        ]


class GroupsColumn(Column):
    def get_value(self, instance):
        return ", ".join(group.name for group in instance.groups.all()) or "—"


class SupplyScopeViewSet(ScopedSnippetViewSet):
    model = SupplyScope
    icon = "list-ul"
    menu_label = _("RSS scopes")
    list_display = [
        "name",
        "entity",
        GroupsColumn("groups", label=_("Producer groups")),
        "budget",
        "budget_currency",
    ]
    filterset_class = SupplyScopeFilterSet
    search_fields = ["name", "geography", "objectives"]
    search_backend_name = None
    ordering = ["entity__name", "name"]
    index_view_class = ScopeIndexView
    inspect_view_enabled = True
    edit_handler = ObjectList(SupplyScope.panels, base_form_class=SupplyScopeForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entity").prefetch_related("groups")


class FlaggedColumn(Column):
    def get_value(self, instance):
        flags = instance.deforestation_flags.all()
        if not flags:
            return "—"
        return _("%(area)s ha of forest loss") % {"area": max(flag.overlap_ha for flag in flags)}


class PlotIndexView(ImportButtonIndexView):
    import_label = _("Import plots")
    import_url_name = "supply_base_plot_import"


class PlotViewSet(ScopedSnippetViewSet):
    model = Plot
    icon = "globe"
    menu_label = _("Plots")
    list_display = [
        "__str__",
        "farmer",
        "commodity",
        "area_ha",
        "tenure",
        FlaggedColumn("flags", label=_("Overlaps forest loss")),
        "source",
    ]
    filterset_class = PlotFilterSet
    search_fields = ["name", "farmer__member_code", "farmer__group__name"]
    search_backend_name = None
    ordering = ["farmer__group__name", "farmer__member_code", "name"]
    index_view_class = PlotIndexView
    inspect_view_enabled = True
    edit_handler = ObjectList(Plot.panels, base_form_class=PlotForm)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("farmer", "commodity")
            .prefetch_related("deforestation_flags")
        )


class LayerIndexView(ImportButtonIndexView):
    import_label = _("Upload a forest-loss layer")
    import_url_name = "supply_base_forest_loss_upload"


class LayerCreateView(CreateView):
    """A layer is made from its file: the add button leads to the upload."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("supply_base_forest_loss_upload")


class ForestLossLayerViewSet(ScopedSnippetViewSet):
    model = ForestLossLayer
    icon = "warning"
    menu_label = _("Forest-loss layers")
    list_display = ["name", "country", "cut_off_date", "areas_count", "uploaded_at", "checked_at"]
    list_filter = ["country", "cut_off_date"]
    search_fields = ["name", "source"]
    search_backend_name = None
    ordering = ["country__name", "-uploaded_at"]
    index_view_class = LayerIndexView
    add_view_class = LayerCreateView
    inspect_view_enabled = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


class SupplyBaseGroup(SnippetViewSetGroup):
    items = (ImplementingEntityViewSet, SupplyScopeViewSet, PlotViewSet, ForestLossLayerViewSet)
    menu_icon = "site"
    menu_label = _("Supply base")
    menu_order = 460
