"""Admin screens of field delivery: rosters and the sessions trainers recorded."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from curriculum_site.admin_imports import ImportButtonIndexView
from curriculum_site.admin_scoping import ScopedInspectView, ScopedSnippetViewSet
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
        # A tick or a cross, not a raw "True" (issue 23, point 8).
        BooleanColumn("on_roster", label=_("On the roster")),
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


class SessionInspectView(ScopedInspectView):
    """The whole session: what was recorded, trainers, modules, attendance with scores and
    photos; "—" where nothing was recorded; the platform's correction and its history."""

    template_name = "training_delivery/admin/session_inspect.html"

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value

    def get_context_data(self, **kwargs):
        session = self.object
        user = self.request.user
        may_correct = TrainingSession.objects.removable_by(user).filter(pk=session.pk).exists()
        return {
            **super().get_context_data(**kwargs),
            "trainers": [
                trainer.get_full_name() or trainer.get_username()
                for trainer in session.trainers.order_by("last_name", "first_name", "username")
            ],
            "modules": session.modules_covered.select_related("module").order_by("pk"),
            "attendance": list(
                session.attendance.select_related("farmer").order_by("farmer__member_code")
            ),
            "photos": session.photos.order_by("uploaded_at"),
            "correct_url": (
                reverse("training_delivery_session_correct", args=[session.pk])
                if may_correct
                else ""
            ),
            "history_url": reverse(
                self.model.snippet_viewset.get_url_name("history"), args=[session.pk]
            ),
        }


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
    inspect_view_class = SessionInspectView
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
