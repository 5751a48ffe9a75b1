from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

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
    """Only the countries the user's platform covers; managers and trainers from their roles.

    Limiting the choices also refuses a forged request for another country: the
    value is simply not a valid choice.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            countries = Country.objects.of_platform_member(user)
            if self.instance.pk:
                # A group's own manager may edit it but not move it to another country.
                countries = countries | Country.objects.filter(pk=self.instance.country_id)
            self.fields["country"].queryset = countries.distinct()
        for field, role in (("managers", PRODUCER_GROUP_MANAGERS), ("trainers", TRAINERS)):
            # People already chosen stay choosable, so saving never drops them silently.
            chosen = getattr(self.instance, field).all() if self.instance.pk else []
            self.fields[field].queryset = (
                get_user_model()
                .objects.filter(Q(groups__name=role) | Q(pk__in=[user.pk for user in chosen]))
                .distinct()
            )
