from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reference.models import Commodity, DeliveryMethod, NeedArea, OrganisationLevel, Standard, Theme
from reference.selectors import taxonomy_terms


class TermChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for term in taxonomy_terms(self.queryset.model):
            yield self.choice(term)

    def __len__(self):
        return len(taxonomy_terms(self.queryset.model)) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(taxonomy_terms(self.queryset.model))


class TermChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose terms come from the cache (`taxonomy_terms`): the backpack's
    six filters cost no query per request (decision 0025). Same choices, same messages."""

    iterator = TermChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for term in taxonomy_terms(self.queryset.model):
            if term.slug == str(value):
                return term
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


def _facet(queryset, label, empty_label):
    # Slugs, not ids, in the address: readable and stable across databases.
    return TermChoiceField(
        queryset=queryset,
        to_field_name="slug",
        required=False,
        label=label,
        empty_label=empty_label,
    )


class ModuleFilterForm(forms.Form):
    """The search box and filters of the public backpack. Read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = _facet(OrganisationLevel.objects.all(), _("Organisation level"), _("Any level"))
    theme = _facet(Theme.objects.all(), _("Theme"), _("Any theme"))
    need_area = _facet(NeedArea.objects.all(), _("Need or risk area"), _("Any need or risk"))
    commodity = _facet(Commodity.objects.all(), _("Commodity"), _("Any commodity"))
    standard = _facet(Standard.objects.all(), _("Standard"), _("Any standard"))
    method = _facet(DeliveryMethod.objects.all(), _("Delivery method"), _("Any method"))

    FACETS = ("level", "theme", "need_area", "commodity", "standard", "method")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The originals: a translation's slug is the original's (decision 0020).
        for name in self.FACETS:
            field = self.fields[name]
            field.queryset = field.queryset.originals()
