from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from organisation_levels.models import OrganisationLevel


class OrganisationLevelViewSet(SnippetViewSet):
    model = OrganisationLevel
    icon = "order"
    menu_label = _("Organisation levels")
    list_display = ["rank", "name", "training_focus", Column("module_count", label=_("Modules"))]
    search_fields = ["name", "description", "training_focus"]
    search_backend_name = None  # four rows; see modules/viewsets.py
    ordering = ["rank"]
    list_export = ["rank", "name", "slug", "description", "training_focus"]

    def get_queryset(self, request):
        return OrganisationLevel.objects.annotate(module_count=Count("modules"))
