from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from organisation_levels.models import ProducerGroup
from reference.models import Country


class AssessmentForm(WagtailAdminModelForm):
    """Needs and risk assessments: only the user's countries and groups; each subject rated once.

    Limiting the choices also refuses a forged request for another country or group:
    the value is simply not a valid choice.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            self.fields["country"].queryset = Country.objects.of_platform_member(user)
            self.fields["group"].queryset = ProducerGroup.objects.changeable_by(user)

    def clean(self):
        cleaned_data = super().clean()
        ratings = self.formsets.get("ratings")
        if ratings is None:
            return cleaned_data
        seen = set()
        for form in ratings.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            subject = data.get("core_risk") or data.get("need_area") or data.get("theme")
            if subject is None:
                continue
            if subject in seen:
                form.add_error(None, _("“%(subject)s” is rated twice.") % {"subject": subject})
                raise ValidationError(_("Rate each subject once."))
            seen.add(subject)
        self._check_evidence_rows(rated=seen)
        return cleaned_data

    def _check_evidence_rows(self, *, rated) -> None:
        """Evidence supports a rating of this assessment: a row about a core risk not
        rated here would cite nothing (issue 20, point 4)."""
        rows = self.formsets.get("evidence_rows")
        if rows is None:
            return
        for form in rows.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            core_risk = form.cleaned_data.get("core_risk")
            if _written_by_a_check(form):
                # A check's finding (the supply base's undocumented tenure) about a risk not
                # rated yet asks for a rating; it cites nothing a person chose. Refusing it
                # would stop the assessment from being saved at all until that risk is
                # rated, and deleting it would be undone by the check's next run. The
                # inspect page lists it apart (risk_evidence_unrated).
                continue
            if core_risk is not None and core_risk not in rated:
                form.add_error(
                    "core_risk",
                    _("“%(risk)s” is not rated in this assessment: rate it, or choose another.")
                    % {"risk": core_risk},
                )
                raise ValidationError(_("Each piece of evidence supports a rating."))


def _written_by_a_check(form) -> bool:
    """A row an app wrote (`source_key`), still about the core risk it was written for
    (the form's instance already holds the posted values: the change is asked of the form)."""
    return bool(form.instance.pk and form.instance.source_key) and (
        "core_risk" not in form.changed_data
    )
