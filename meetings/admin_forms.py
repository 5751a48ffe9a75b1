"""The admin's event form: the same rules as meetings.services, for the person editing."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm

from meetings.services import AttendanceIn, EventIn, event_problems, recording_countries
from organisation_levels.models import ProducerGroup

# Problems the form's own fields show; the rest (inline rows) go to the top of the form.
FORM_FIELDS = {"kind", "title", "held_on", "languages", "countries", "groups"}


class EventForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        allowed = recording_countries(user) if user is not None else None
        if allowed is not None:
            # A platform chooses among its own country's groups and countries only.
            self.fields["countries"].queryset = allowed
            self.fields["groups"].queryset = ProducerGroup.objects.filter(country__in=allowed)
            self.fields["recorded_for"].queryset = allowed
            self.fields["recorded_for"].required = True
            if self.instance.pk is None and len(allowed) == 1:
                self.fields["recorded_for"].initial = allowed[0].pk
        if allowed is not None:
            for formset in self.formsets.values():
                _limit_rows(formset, allowed)

    def clean(self):
        cleaned = super().clean()
        if self.for_user is None or self.errors:
            return cleaned
        data = EventIn(
            kind=cleaned.get("kind", ""),
            title=cleaned.get("title", ""),
            held_on=cleaned.get("held_on"),
            countries=list(cleaned.get("countries") or []),
            groups=list(cleaned.get("groups") or []),
            languages=cleaned.get("languages", ""),
            interpretations=[
                (
                    form.cleaned_data.get("from_language", ""),
                    form.cleaned_data.get("to_language", ""),
                )
                for form in self._kept_forms("interpretations")
            ],
            attendance=[
                AttendanceIn(
                    country=form.cleaned_data.get("country"),
                    group=form.cleaned_data.get("group"),
                    women=form.cleaned_data.get("women") or 0,
                    men=form.cleaned_data.get("men") or 0,
                    other=form.cleaned_data.get("other") or 0,
                )
                for form in self._kept_forms("attendance")
            ],
        )
        try:
            problems = event_problems(user=self.for_user, data=data)
        except PermissionDenied as error:
            problems = {"__all__": [str(error)]}
        for name, messages in problems.items():
            for message in messages:
                self.add_error(name if name in FORM_FIELDS else None, message)
        return cleaned

    def _kept_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        return [
            form
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]


def _limit_rows(formset, countries) -> None:
    """Each row of the inline formset, and the empty row the "Add" button copies, offers
    only these countries and their groups (the empty row is built apart, by add_fields)."""

    def limit(form):
        if "group" in form.fields:
            form.fields["group"].queryset = ProducerGroup.objects.filter(country__in=countries)
        if "country" in form.fields:
            form.fields["country"].queryset = countries

    base = type(formset)

    class Limited(base):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            limit(form)

    formset.__class__ = Limited
    for form in formset.forms:
        limit(form)
