"""Admin screens of the RSS consultation: stakeholders, consultations, grievances, under one
"Consultation" menu. Each user sees only their platform's country (CountryPlatformPermissionPolicy
from CountryPlatformQuerySet): the listing, every object view and the choosers."""

import django_filters
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from consultation.admin_forms import CountryScopedForm
from consultation.models import ConsultationEvent, Grievance, Stakeholder
from curriculum_site.admin_scoping import ScopedSnippetViewSet
from organisation_levels.models import ProducerGroup
from reference.models import Country


def _countries(request):
    # Only the user's own countries are offered, not even other countries' names.
    user = request.user
    return Country.objects.all() if user.is_superuser else Country.objects.of_platform_member(user)


def _groups(request):
    return ProducerGroup.objects.filter(country__in=_countries(request)).select_related("country")


class ScopedFilterSet(WagtailFilterSet):
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=_countries)
    group = django_filters.ModelChoiceFilter(label=_("Producer group"), queryset=_groups)


class StakeholderFilterSet(ScopedFilterSet):
    class Meta:
        model = Stakeholder
        fields = ["country", "group", "kind"]


class ConsultationFilterSet(ScopedFilterSet):
    held_on = django_filters.DateFromToRangeFilter(label=_("Held on"), widget=DateRangePickerWidget)

    class Meta:
        model = ConsultationEvent
        fields = ["country", "group", "held_on"]


class GrievanceFilterSet(ScopedFilterSet):
    received_on = django_filters.DateFromToRangeFilter(
        label=_("Received on"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Grievance
        fields = ["country", "group", "status", "category", "channel", "received_on"]


class RecordedByCreateView(snippet_views.CreateView):
    def save_instance(self):
        # Who recorded it is a fact of the request, never a form field.
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class ConsultationViewSet(ScopedSnippetViewSet):
    """The country's rows only; forms offer only the user's countries and groups."""

    inspect_view_enabled = True
    # Tens of rows per country: the database answers directly, as in reference/viewsets.py.
    search_backend_name = None

    @cached_property
    def edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=CountryScopedForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "group")


class StakeholderViewSet(ConsultationViewSet):
    model = Stakeholder
    icon = "group"
    menu_label = _("Stakeholders")
    filterset_class = StakeholderFilterSet
    list_display = ["name", "organisation", "kind", "country", "group"]
    list_export = ["name", "organisation", "kind", "contact", "country", "group"]
    search_fields = ["name", "organisation", "contact", "notes"]
    ordering = ["name"]


class ConsultationEventViewSet(ConsultationViewSet):
    model = ConsultationEvent
    icon = "clipboard-list"
    menu_label = _("Consultations")
    add_view_class = RecordedByCreateView
    filterset_class = ConsultationFilterSet
    list_display = [
        "place",
        "held_on",
        "country",
        "group",
        "women",
        "men",
        "other_attendees",
        Column("validated_count", label=_("Validated conclusions"), sort_key="validated_count"),
    ]
    list_export = [
        "held_on",
        "place",
        "purpose",
        "country",
        "group",
        "women",
        "men",
        "other_attendees",
        "findings",
        "validated_count",
    ]
    export_headings = {"validated_count": _("Validated conclusions")}
    search_fields = ["place", "purpose", "findings"]
    ordering = ["-held_on", "-pk"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(validated_count=Count("conclusions", filter=Q(conclusions__validated=True)))
        )


class GrievanceViewSet(ConsultationViewSet):
    model = Grievance
    icon = "mail"
    menu_label = _("Grievances")
    add_view_class = RecordedByCreateView
    filterset_class = GrievanceFilterSet
    list_display = [
        Column("__str__", label=_("Grievance")),
        "received_on",
        "status",
        "category",
        "channel",
        "group",
        "responded_on",
    ]
    list_export = [
        "received_on",
        "country",
        "group",
        "channel",
        "category",
        "status",
        "description",
        "response",
        "responded_on",
    ]
    search_fields = ["description", "response", "complainant"]
    ordering = ["-received_on"]


class ConsultationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Consultation")
    menu_icon = "group"
    menu_order = 330
    items = (StakeholderViewSet, ConsultationEventViewSet, GrievanceViewSet)
