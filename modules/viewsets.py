"""Admin screens for the backpack's vocabularies, grouped under one 'Taxonomies' menu."""

import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from modules.models import (
    Commodity,
    Country,
    DeliveryMethod,
    NeedArea,
    Standard,
    Theme,
    TrainingModulePage,
)
from organisation_levels.models import OrganisationLevel

MODULE_COUNT = Column("module_count", label=_("Modules"), sort_key="module_count")


class TaxonomyViewSet(SnippetViewSet):
    """A term list with search, a module count, and a CSV/Excel export."""

    list_display = ["name", "slug", MODULE_COUNT]
    list_export = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    # A few dozen rows: the database answers directly, with no search index to keep in step
    # (rows made by data migrations are never indexed).
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return self.model.objects.annotate(module_count=Count("modules", distinct=True))


class ThemeViewSet(TaxonomyViewSet):
    model = Theme
    icon = "tag"


class NeedAreaViewSet(TaxonomyViewSet):
    model = NeedArea
    icon = "warning"
    list_display = ["name", "kind", MODULE_COUNT]
    list_filter = ["kind"]
    list_export = ["name", "slug", "kind", "description"]


class StandardViewSet(TaxonomyViewSet):
    model = Standard
    icon = "success"
    list_export = ["name", "slug", "website", "description"]


class CommodityViewSet(TaxonomyViewSet):
    model = Commodity
    icon = "pick"


class DeliveryMethodViewSet(TaxonomyViewSet):
    model = DeliveryMethod
    icon = "group"


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "iso_code", "national_platform_group"]
    list_filter = ["languages"]
    list_export = ["name", "slug", "iso_code"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return Country.objects.select_related("national_platform_group")


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomies")
    menu_icon = "tag"
    menu_order = 300
    items = (
        ThemeViewSet,
        NeedAreaViewSet,
        StandardViewSet,
        CommodityViewSet,
        DeliveryMethodViewSet,
        CountryViewSet,
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
