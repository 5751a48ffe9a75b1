"""Admin forms and filters of field delivery that keep each user to their own groups."""

import django_filters
from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from organisation_levels.models import ProducerGroup
from training_delivery.models import ConsentText, Farmer, FarmerConsent, Gender


class FarmerForm(WagtailAdminModelForm):
    """Only the groups the user keeps are offered, which also refuses a forged group id.

    Once a farmer exists, their group is fixed: a member of another group is another
    farmer (a new member code there), and the trainer apps of the old group must not
    keep a farmer who silently left.
    """

    consent_text = forms.ModelChoiceField(
        label=_("consent text agreed to"),
        queryset=ConsentText.objects.all(),
        required=False,
        help_text=_("The wording and version read to the farmer when they consented."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["group"].queryset = ProducerGroup.objects.changeable_by(self.for_user)
        if self.instance.pk:
            self.fields["group"].disabled = True
            self.fields["consent_text"].queryset = ConsentText.objects.filter(
                country=self.instance.group.country_id
            )
            latest = self.instance.consents.filter(withdrawn_at__isnull=True).first()
            if latest:
                self.initial["consent_text"] = latest.text_id
        self._consent_before = (
            Farmer.objects.filter(pk=self.instance.pk)
            .values_list("consent_given", flat=True)
            .first()
            if self.instance.pk
            else False
        )

    def clean(self):
        data = super().clean()
        group, text = (
            data.get("group") or getattr(self.instance, "group", None),
            data.get("consent_text"),
        )
        if text and group and text.country_id != group.country_id:
            self.add_error("consent_text", _("This consent text is for another country."))
        elif (
            data.get("consent_given")
            and not self._consent_before
            and not text
            and group
            and ConsentText.objects.filter(country=group.country_id).exists()
        ):
            self.add_error("consent_text", _("Choose the consent text the farmer agreed to."))
        return data

    @transaction.atomic
    def save(self, commit=True):
        farmer = super().save(commit=commit)
        if commit:
            self.consent_record(farmer)
        return farmer

    def consent_record(self, farmer):
        """A consent given here is recorded with its text, day and recorder; unticking it
        records the withdrawal (decision 0023)."""
        given = farmer.consent_given
        if given and not self._consent_before:
            FarmerConsent.objects.create(
                farmer=farmer,
                text=self.cleaned_data.get("consent_text"),
                given_on=farmer.consent_date,
                recorded_by=self.for_user,
            )
        elif self._consent_before and not given:
            FarmerConsent.objects.filter(farmer=farmer, withdrawn_at__isnull=True).update(
                withdrawn_at=timezone.now(), withdrawn_by=self.for_user
            )


class FarmerFilterSet(WagtailFilterSet):
    # Only the user's own groups: a filter listing every group would name other
    # countries' groups to a platform.
    group = django_filters.ModelChoiceFilter(
        label=_("Producer group"),
        queryset=lambda request: ProducerGroup.objects.changeable_by(request.user).order_by("name"),
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    on_roster = django_filters.BooleanFilter(
        label=_("On the roster"), field_name="removed_at", lookup_expr="isnull"
    )

    class Meta:
        model = Farmer
        fields = ["group", "gender", "consent_given"]
