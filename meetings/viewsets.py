"""Admin screens of calls and meetings (menu *Calls and meetings*), each person seeing
the events of their countries and groups."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import CreateView

from curriculum_site.admin_scoping import ScopedSnippetViewSet
from meetings.admin_forms import EventForm
from meetings.models import Event


class EventCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.recorded_by = self.request.user
        instance.save()
        self.form.save_m2m()
        for formset in self.form.formsets.values():
            formset.instance = instance
            formset.save()
        return instance


class CountriesColumn(Column):
    def get_value(self, instance):
        return ", ".join(country.name for country in instance.countries.all())


class ParticipantsColumn(Column):
    def get_value(self, instance):
        return sum(row.women + row.men + row.other for row in instance.attendance.all())


class EventViewSet(ScopedSnippetViewSet):
    model = Event
    icon = "group"
    menu_label = _("Calls and meetings")
    menu_order = 460
    add_to_admin_menu = True
    add_view_class = EventCreateView
    list_display = [
        "title",
        "kind",
        "held_on",
        CountriesColumn("countries", label=_("Countries")),
        ParticipantsColumn("participants", label=_("Participants")),
    ]
    list_filter = ["kind", "countries", "held_on"]
    search_fields = ["title", "languages", "agenda", "minutes"]
    search_backend_name = None
    ordering = ["-held_on"]
    edit_handler = ObjectList(Event.panels, base_form_class=EventForm)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries", "attendance")
