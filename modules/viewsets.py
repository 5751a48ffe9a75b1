"""Admin screens of the backpack: every module in one flat, filterable list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from modules.models import TrainingModulePage
from reference.models import (
    Commodity,
    DeliveryMethod,
    NeedArea,
    OrganisationLevel,
    Standard,
    Theme,
)


def _term_filter(model, label):
    return django_filters.ModelMultipleChoiceFilter(
        queryset=model.objects.all(), label=label, widget=forms.CheckboxSelectMultiple
    )


class TrainingModuleFilterSet(PageFilterSet):
    levels = _term_filter(OrganisationLevel, _("Organisation level"))
    themes = _term_filter(Theme, _("Theme"))
    need_areas = _term_filter(NeedArea, _("Need or risk area"))
    commodities = _term_filter(Commodity, _("Commodity"))
    standards = _term_filter(Standard, _("Standard"))
    delivery_methods = _term_filter(DeliveryMethod, _("Delivery method"))

    class Meta:
        model = TrainingModulePage
        fields = []


class TrainingModuleListingViewSet(PageListingViewSet):
    """Every module in one flat, filterable list, wherever it sits in the page tree."""

    model = TrainingModulePage
    icon = "doc-full-inverse"
    menu_label = _("Training modules")
    menu_order = 150
    add_to_admin_menu = True
    name = "training_modules"
    filterset_class = TrainingModuleFilterSet
    columns = [
        *PageListingViewSet.columns[:1],
        Column("code", label=_("Code"), sort_key="code", width="10%"),
        *PageListingViewSet.columns[1:],
    ]
