from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from curriculum_site.admin_addresses import AddressesKeptFrom
from curriculum_site.admin_display import ReadableInspectView
from curriculum_site.admin_imports import ImportButtonIndexView
from curriculum_site.admin_scoping import FormulaSafeIndexView, ScopedSnippetViewSet
from organisation_levels.models import ProducerGroup, Rubric
from organisation_levels.services import rubric_save
from reference.models import OrganisationLevel


class OrganisationLevelViewSet(AddressesKeptFrom, SnippetViewSet):
    model = OrganisationLevel
    addresses_app_label = "organisation_levels"  # the app the model was made in
    index_view_class = FormulaSafeIndexView
    icon = "order"
    menu_label = _("Organisation levels")
    list_display = ["rank", "name", "training_focus", Column("module_count", label=_("Modules"))]
    search_fields = ["name", "description", "training_focus"]
    search_backend_name = None  # four rows; see reference/viewsets.py
    ordering = ["rank"]
    list_export = ["rank", "name", "slug", "description", "training_focus"]

    def get_queryset(self, request):
        return OrganisationLevel.objects.annotate(module_count=Count("modules"))


class RubricSavedByTheService:
    """A rubric version is stored by `rubric_save`: numbered when new, activated (retiring
    the active one) when saved as active. Logged as Wagtail's own views log."""

    log_action: str

    def save_instance(self):
        with transaction.atomic():
            rubric = rubric_save(rubric=self.form.save(commit=False))
            log(
                instance=rubric,
                action=self.log_action,
                user=self.request.user,
                content_changed=self.log_action == "wagtail.create" or self.form.has_changed(),
            )
        return rubric


class RubricCreateView(RubricSavedByTheService, CreateView):
    log_action = "wagtail.create"


class RubricEditView(RubricSavedByTheService, EditView):
    log_action = "wagtail.edit"


class RubricCopyView(RubricSavedByTheService, CopyView):
    log_action = "wagtail.create"

    def get_initial_form_instance(self):
        # The copy starts life as a draft, not as a second active version (never saved here).
        rubric = super().get_initial_form_instance()
        rubric.status = Rubric.Status.DRAFT
        return rubric


class RubricViewSet(SnippetViewSet):
    """Versions of the level rubric. Active and retired versions are read-only: copy to change."""

    model = Rubric
    icon = "form"
    menu_label = _("Level rubrics")
    list_display = ["version", "title", "status", "activated_at"]
    list_filter = ["status"]
    search_fields = ["title", "notes"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    add_view_class = RubricCreateView
    edit_view_class = RubricEditView
    copy_view_class = RubricCopyView
    ordering = ["-version"]


class OrganisationLevelsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Organisation levels")
    menu_icon = "order"
    menu_order = 310
    items = (OrganisationLevelViewSet, RubricViewSet)


class GroupIndexView(ImportButtonIndexView):
    import_url_name = "organisation_levels_group_import"


class ProducerGroupViewSet(ScopedSnippetViewSet):
    """Producer groups, each user seeing (listing, object views, chooser) only their own."""

    model = ProducerGroup
    icon = "group"
    menu_label = _("Producer groups")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "country", "region", "members_women", "members_men"]
    list_filter = ["country", "commodities"]
    list_export = ["name", "country", "region", "members_women", "members_men", "year_formed"]
    search_fields = ["name", "region", "contact_name"]
    search_backend_name = None
    ordering = ["country__name", "name"]
    index_view_class = GroupIndexView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")
