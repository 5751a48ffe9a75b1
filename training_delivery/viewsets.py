"""Admin screens of field delivery: rosters and the sessions trainers recorded."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curriculum_site.admin_display import YesNoColumn
from curriculum_site.admin_imports import ImportButtonIndexView
from curriculum_site.admin_scoping import ScopedInspectView, ScopedSnippetViewSet
from reference.models import Country
from training_delivery.admin_forms import FarmerFilterSet, FarmerForm
from training_delivery.consent import farmers_of_platform
from training_delivery.models import ConsentText, Farmer, TrainingSession


class FarmerIndexView(ImportButtonIndexView):
    import_label = _("Import a roster")
    import_url_name = "training_delivery_roster_import"

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        user = self.request.user
        if user.is_superuser or Country.objects.of_platform_member(user).exists():
            buttons = [
                *buttons,
                HeaderButton(
                    _("Walk-in farmers"),
                    url=reverse("training_delivery_walk_ins"),
                    icon_name="user",
                ),
            ]
        return buttons

    @cached_property
    def platform_farmer_ids(self):
        # One query for the page: the farmers whose data this user may export and erase.
        ids = [farmer.pk for farmer in self.object_list] if hasattr(self, "object_list") else []
        return set(
            farmers_of_platform(user=self.request.user)
            .filter(pk__in=ids, erased_at__isnull=True)
            .values_list("pk", flat=True)
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.pk not in self.platform_farmer_ids:
            return buttons
        buttons.append(
            ListingButton(
                _("Export their data"),
                url=reverse("training_delivery_farmer_export", args=[instance.pk]),
                icon_name="download",
                priority=50,
            )
        )
        if instance.consent_given:
            buttons.append(
                ListingButton(
                    _("Withdraw consent"),
                    url=reverse("training_delivery_farmer_consent_withdraw", args=[instance.pk]),
                    icon_name="cross",
                    priority=55,
                )
            )
        buttons.append(
            ListingButton(
                _("Erase their data"),
                url=reverse("training_delivery_farmer_erase", args=[instance.pk]),
                icon_name="bin",
                priority=60,
            )
        )
        return buttons


class FarmerViewSet(ScopedSnippetViewSet):
    """The rosters of the groups the user keeps (their platform's, or the ones they manage)."""

    model = Farmer
    icon = "user"
    menu_label = _("Farmer rosters")
    list_display = [
        "name",
        "member_code",
        YesNoColumn("consent_given", label=_("Consents")),
        "group",
        "gender",
        "birth_year",
        # A tick or a cross, not a raw "True" (issue 23, point 8).
        YesNoColumn("on_roster", label=_("On the roster")),
    ]
    filterset_class = FarmerFilterSet
    edit_handler = ObjectList(Farmer.panels, base_form_class=FarmerForm)
    list_export = [
        "group",
        "member_code",
        # Without consent, the name does not leave the server (decision 0023).
        "shared_name",
        "gender",
        "age_band",
        "consent_given",
        "consent_date",
        "removed_at",
    ]
    export_headings = {"shared_name": _("name"), "age_band": _("age band")}
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
        # Names and member codes are personal data: only the group's keepers and trainers
        # read them; the committee, which reads every country's sessions, sees the rest.
        names_shown = Farmer.objects.visible_to(user).filter(group_id=session.group_id).exists()
        return {
            "names_shown": names_shown,
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


class ConsentTextViewSet(SnippetViewSet):
    """The consent wordings farmers agree to, per country, language and version."""

    model = ConsentText
    icon = "doc-full"
    menu_label = _("Consent texts")
    list_display = ["country", "language", "version", "created_at"]
    list_filter = ["country", "language"]


class FieldDeliveryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Field delivery")
    menu_icon = "calendar-alt"
    menu_order = 210
    items = (TrainingSessionViewSet, FarmerViewSet, ConsentTextViewSet)
