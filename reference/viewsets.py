"""Admin screens for the vocabularies and the countries, grouped under one 'Taxonomies' menu."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from curriculum_site.admin_addresses import AddressesKeptFrom
from reference.models import Commodity, Country, DeliveryMethod, NeedArea, Standard, Theme

MODULE_COUNT = Column("module_count", label=_("Modules"), sort_key="module_count")


class TaxonomyViewSet(AddressesKeptFrom, SnippetViewSet):
    """A term list with search, a module count, and a CSV/Excel export."""

    addresses_app_label = "modules"  # the app these models were made in
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


class CountryViewSet(AddressesKeptFrom, SnippetViewSet):
    model = Country
    addresses_app_label = "modules"  # the app the model was made in
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
