"""The admin's forms and filters of the supply base: each offers only what the user keeps,
which also refuses a forged id for another country's row."""

import json

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from organisation_levels.models import ProducerGroup
from reference.models import Country
from supply_base.geometry import GeometryError
from supply_base.models import (
    EntityKind,
    ImplementingEntity,
    Plot,
    PlotSource,
    SupplyScope,
    Tenure,
)
from supply_base.plot_import import plot_build
from training_delivery.models import Farmer


def platform_countries(user):
    if user.is_superuser:
        return Country.objects.all()
    return Country.objects.of_platform_member(user)


class ImplementingEntityForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["country"].queryset = platform_countries(self.for_user)


class SupplyScopeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["entity"].queryset = ImplementingEntity.objects.changeable_by(self.for_user)
            self.fields["groups"].queryset = ProducerGroup.objects.changeable_by(
                self.for_user
            ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        entity, groups = cleaned.get("entity"), cleaned.get("groups")
        if entity and groups:
            elsewhere = [group.name for group in groups if group.country_id != entity.country_id]
            if elsewhere:
                self.add_error(
                    "groups",
                    _("These groups are not in %(country)s: %(groups)s.")
                    % {"country": entity.country, "groups": ", ".join(elsewhere)},
                )
        return cleaned


class PlotForm(WagtailAdminModelForm):
    """The location is checked as an imported one is; a polygon's area is measured."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["farmer"].queryset = (
                Farmer.objects.changeable_by(self.for_user).on_roster().select_related("group")
            )
        self.fields["area_ha"].required = False
        self.fields["area_ha"].help_text = _(
            "Measured from the polygon; give it only for a plot located by a point."
        )

    def clean_geometry(self):
        value = self.cleaned_data.get("geometry")
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise forms.ValidationError(_("This is not valid JSON.")) from None
        return value

    def clean(self):
        cleaned = super().clean()
        farmer, geometry = cleaned.get("farmer"), cleaned.get("geometry")
        if farmer is None or geometry is None:
            return cleaned
        try:
            built = plot_build(
                farmer=farmer,
                geometry=geometry,
                fields={
                    "name": cleaned.get("name", ""),
                    "commodity": cleaned.get("commodity"),
                    "tenure": cleaned.get("tenure") or Tenure.UNKNOWN,
                    "tenure_document": cleaned.get("tenure_document", ""),
                    "declared_area": cleaned.get("area_ha"),
                },
                source=PlotSource.TYPED,
                user=self.for_user,
                country_iso=farmer.group.country.iso_code,
            )
        except GeometryError as error:
            self.add_error("geometry", error.message)
            return cleaned
        if cleaned.get("tenure_document") and cleaned.get("tenure") == Tenure.UNDOCUMENTED:
            self.add_error(
                "tenure_document", _("A document is named but the tenure is “not documented”.")
            )
        cleaned["geometry"], cleaned["area_ha"] = built.geometry, built.area_ha
        self.instance.longitude, self.instance.latitude = built.longitude, built.latitude
        if not self.instance.pk:
            self.instance.recorded_by = self.for_user
        return cleaned


def _kept_groups(request):
    return ProducerGroup.objects.changeable_by(request.user).order_by("name")


class ImplementingEntityFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EntityKind.choices)
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=lambda request: Country.objects.order_by("name")
    )

    class Meta:
        model = ImplementingEntity
        fields = ["kind", "country"]


class SupplyScopeFilterSet(WagtailFilterSet):
    entity = django_filters.ModelChoiceFilter(
        label=_("Implementing entity"),
        queryset=lambda request: ImplementingEntity.objects.visible_to(request.user),
    )

    class Meta:
        model = SupplyScope
        fields = ["entity", "commodities"]


class PlotFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(
        label=_("Producer group"), queryset=_kept_groups, field_name="farmer__group"
    )
    tenure = django_filters.ChoiceFilter(label=_("Tenure"), choices=Tenure.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=PlotSource.choices)
    flagged = django_filters.BooleanFilter(
        label=_("Overlaps forest loss"),
        field_name="deforestation_flags",
        lookup_expr="isnull",
        exclude=True,
        distinct=True,
    )

    class Meta:
        model = Plot
        fields = ["group", "commodity", "tenure", "source"]
