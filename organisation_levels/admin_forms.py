from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from organisation_levels.people_selectors import people_choosable, people_working_in
from reference.models import Country
from reference.roles import PRODUCER_GROUP_MANAGERS, TRAINERS


class RubricForm(WagtailAdminModelForm):
    """A rubric version is edited only while it is a draft; new versions start as drafts.
    Saving (numbering, activating) is `organisation_levels.services.rubric_save`'s."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            stored = type(self.instance).objects.get(pk=self.instance.pk)
            if stored.status != stored.Status.DRAFT:
                in_use = {stored.Status.ACTIVE: _("active"), stored.Status.RETIRED: _("retired")}
                raise ValidationError(
                    _(
                        "Version %(version)s is %(status)s, so it cannot be changed: past "
                        "assessments were made with it. Copy it to make a new version."
                    )
                    % {"version": stored.version, "status": in_use[stored.status]}
                )
        return cleaned_data


class ProducerGroupForm(WagtailAdminModelForm):
    """Only the countries the user's platform covers; managers and trainers among the people
    registered to work there (organisation_levels.models.people).

    Limiting the choices also refuses a forged request for another country: the
    value is simply not a valid choice. Whoever is named already stays choosable, so
    saving never drops someone silently.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        countries = Country.objects.all()
        if user is not None and not user.is_superuser:
            countries = Country.objects.of_platform_member(user)
            if self.instance.pk:
                # A group's own manager may edit it but not move it to another country.
                countries = countries | Country.objects.filter(pk=self.instance.country_id)
            countries = countries.distinct()
            self.fields["country"].queryset = countries
        country_ids = list(countries.values_list("pk", flat=True))
        for field, role in PEOPLE_FIELDS:
            chosen = getattr(self.instance, field).all() if self.instance.pk else []
            self.fields[field].queryset = people_choosable(
                country_ids=country_ids, role=role, already=chosen
            )

    def clean(self):
        cleaned_data = super().clean()
        country = cleaned_data.get("country")
        if country is None:
            return cleaned_data
        for field, role in PEOPLE_FIELDS:
            already = set(getattr(self.instance, field).all()) if self.instance.pk else set()
            allowed = set(people_working_in(country_ids=[country.pk], role=role))
            strangers = [p for p in cleaned_data.get(field) or [] if p not in allowed | already]
            if strangers:
                self.add_error(
                    field,
                    _(
                        "%(people)s do not work in %(country)s. Register them under People "
                        "for %(country)s first."
                    )
                    % {"people": ", ".join(map(person_name, strangers)), "country": country},
                )
        return cleaned_data


def person_name(person) -> str:
    return person.get_full_name() or person.username


PEOPLE_FIELDS = (("managers", PRODUCER_GROUP_MANAGERS), ("trainers", TRAINERS))
