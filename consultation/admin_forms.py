"""Admin forms: only the user's own countries, groups, stakeholders and sessions are choices,
so a forged request for another country's is simply not a valid choice."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from organisation_levels.models import ProducerGroup
from reference.models import Country
from training_delivery.models import TrainingSession


class CountryScopedForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        countries = Country.objects.all()
        if user is not None and not user.is_superuser:
            countries = Country.objects.of_platform_member(user)
        self.fields["country"].queryset = countries
        self.fields["group"].queryset = ProducerGroup.objects.filter(country__in=countries)
        if "stakeholders" in self.fields:
            model = self.fields["stakeholders"].queryset.model
            self.fields["stakeholders"].queryset = model.objects.filter(country__in=countries)
            self.fields["stakeholders"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["stakeholders"].choices
            )
        if "session" in self.fields:
            self.fields["session"].queryset = TrainingSession.objects.filter(
                group__country__in=countries
            ).select_related("group")
        # Snippet choosers would list every country's rows: plain lists of the user's own.
        for name in ("country", "group", "session"):
            if name in self.fields:
                self.fields[name].widget = forms.Select(choices=self.fields[name].choices)
