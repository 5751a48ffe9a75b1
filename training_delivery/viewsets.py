"""Admin screens of field delivery: rosters and the sessions trainers recorded."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from curriculum_site.admin_imports import ImportButtonIndexView
from curriculum_site.admin_scoping import ScopedSnippetViewSet
from training_delivery.admin_forms import FarmerFilterSet, FarmerForm
from training_delivery.models import Farmer, TrainingSession


class FarmerIndexView(ImportButtonIndexView):
    import_label = _("Import a roster")
    import_url_name = "training_delivery_roster_import"


class FarmerViewSet(ScopedSnippetViewSet):
    """The rosters of the groups the user keeps (their platform's, or the ones they manage)."""

    model = Farmer
    icon = "user"
    menu_label = _("Farmer rosters")
    list_display = [
        "name",
        "member_code",
        "group",
        "gender",
        "birth_year",
        Column("on_roster", label=_("On the roster")),
    ]
    filterset_class = FarmerFilterSet
    edit_handler = ObjectList(Farmer.panels, base_form_class=FarmerForm)
    list_export = [
        "group",
        "member_code",
        "name",
        "gender",
        "birth_year",
        "consent_given",
        "consent_date",
        "removed_at",
    ]
    search_fields = ["name", "member_code"]
    search_backend_name = None
    ordering = ["group__name", "member_code"]
    index_view_class = FarmerIndexView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")


class SessionIndexView(ImportButtonIndexView):
    # The platforms type in paper forms; they are the ones who may delete sessions.
    import_label = _("Import paper forms")
    import_url_name = "training_delivery_paper_import"
    import_action = "delete"


class TrainingSessionViewSet(ScopedSnippetViewSet):
    """Sessions as recorded: read here, with their attendance on the inspect page."""

    model = TrainingSession
    icon = "calendar-alt"
    menu_label = _("Training sessions")
    list_display = [
        "date",
        "group",
        "method",
        Column("attendance_total", label=_("Attended")),
        "source",
        "recorded_by",
    ]
    list_filter = ["method", "source", "language", "group__country", "date"]
    list_export = [
        "uuid",
        "date",
        "starts_at",
        "ends_at",
        "group",
        "method",
        "language",
        "place",
        "women_count",
        "men_count",
        "other_count",
        "source",
        "recorded_by",
    ]
    search_fields = ["place", "notes", "group__name"]
    search_backend_name = None
    ordering = ["-date", "-starts_at"]
    index_view_class = SessionIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "uuid",
        "group",
        "date",
        "starts_at",
        "ends_at",
        "method",
        "language",
        "place",
        "latitude",
        "longitude",
        "women_count",
        "men_count",
        "other_count",
        "notes",
        "source",
        "recorded_by",
        "received_at",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("group", "recorded_by")
            .with_attendance_total()
        )


class FieldDeliveryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Field delivery")
    menu_icon = "calendar-alt"
    menu_order = 210
    items = (TrainingSessionViewSet, FarmerViewSet)
