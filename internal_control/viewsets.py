"""Admin screens of internal control (Internal control menu): control points, the
standards' requirement catalogues with their versions, the crosswalk and the import."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curriculum_site.admin_display import ReadableInspectView, YesNoColumn
from curriculum_site.admin_scoping import FormulaSafeIndexView
from internal_control.forms import RequirementCatalogueForm
from internal_control.models import ControlPoint, RequirementCatalogue
from internal_control.selectors import control_point_standards


class StandardsColumn(Column):
    """The standards (in force) whose requirements a control point covers."""

    def get_value(self, instance):
        return ", ".join(self.standards.get(instance.pk, [])) or "—"

    @cached_property
    def standards(self):
        return control_point_standards()


class ModulesColumn(Column):
    def get_value(self, instance):
        return ", ".join(module.code for module in instance.modules.all()) or "—"


class ControlPointViewSet(SnippetViewSet):
    model = ControlPoint
    icon = "tick-inverse"
    menu_label = _("Control points")
    list_display = [
        "code",
        "title",
        "applies_to",
        StandardsColumn("standards", label=_("Covers requirements of")),
        ModulesColumn("modules", label=_("Modules that teach it")),
    ]
    list_filter = ["applies_to", "severity"]
    search_fields = ["code", "title", "what_to_check"]
    search_backend_name = None
    ordering = ["code"]

    def get_queryset(self, request):
        return ControlPoint.objects.prefetch_related("modules")


class RequirementCountColumn(Column):
    def get_value(self, instance):
        return instance.requirements.count()


class CatalogueIndexView(FormulaSafeIndexView):
    """The catalogues, with the crosswalk and the import one click away."""

    @cached_property
    def header_buttons(self):
        buttons = [
            *super().header_buttons,
            HeaderButton(
                _("Crosswalk"), url=reverse("internal_control_crosswalk"), icon_name="table"
            ),
            HeaderButton(
                _("Readiness per group"),
                url=reverse("internal_control_readiness"),
                icon_name="tick-inverse",
            ),
        ]
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                HeaderButton(
                    _("Import requirements"),
                    url=reverse("internal_control_requirement_import"),
                    icon_name="upload",
                )
            )
        return buttons


class RequirementCatalogueViewSet(SnippetViewSet):
    model = RequirementCatalogue
    icon = "list-ul"
    menu_label = _("Requirement catalogues")
    index_view_class = CatalogueIndexView
    # A copy is made by "New version", which numbers it and keeps what covers each requirement.
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    list_display = [
        "standard",
        "version",
        "status",
        YesNoColumn("illustrative", label=_("Illustrative example")),
        RequirementCountColumn("requirements", label=_("Requirements")),
    ]
    list_filter = ["standard", "status", "illustrative"]
    ordering = ["standard__name", "-version"]
    edit_handler = ObjectList(RequirementCatalogue.panels, base_form_class=RequirementCatalogueForm)

    def get_queryset(self, request):
        return RequirementCatalogue.objects.select_related("standard")


class InternalControlGroup(SnippetViewSetGroup):
    items = (ControlPointViewSet, RequirementCatalogueViewSet)
    menu_icon = "tick-inverse"
    menu_label = _("Internal control")
    menu_order = 450
