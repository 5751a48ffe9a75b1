"""Admin screens of organisation levels that are not model viewsets: the group import."""

from django import forms
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.generic import PermissionCheckedMixin

from curriculum_site.admin_imports import (
    SpreadsheetImportForm,
    SpreadsheetImportView,
    SpreadsheetTemplateView,
)
from organisation_levels.group_import import (
    COLUMNS,
    group_import_read,
    group_import_template_csv,
    group_import_template_xlsx,
    groups_import,
)
from organisation_levels.models import ProducerGroup


class GroupImportForm(SpreadsheetImportForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel (.xlsx) or CSV file of at most 5 MB and 5,000 groups."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class MayAddGroups(PermissionCheckedMixin):
    """Whoever may add a producer group by hand may import them; others get Wagtail's refusal."""

    model = ProducerGroup
    permission_required = "add"


def _groups_index_url() -> str:
    return reverse(ProducerGroup.snippet_viewset.get_url_name("list"))


class GroupImportView(MayAddGroups, SpreadsheetImportView):
    form_class = GroupImportForm
    page_title = _("Import producer groups")
    intro = _(
        "Fill one producer group per row of the template, then upload it here. Every row is "
        "checked first: if any row has a problem, nothing is imported and each problem is "
        "listed with its row, so you can correct the file and upload it again."
    )
    columns_note = _(
        "Column names may be written in capitals or small letters, with or without spaces "
        "or hyphens. Only the required columns must be there; the others may be left out. "
        "The Excel template lists the valid countries, commodities and standards."
    )

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": _groups_index_url(),
                "label": capfirst(ProducerGroup._meta.verbose_name_plural),
            },
            {"url": "", "label": self.page_title},
        ]

    template_url_name = "organisation_levels_group_import_template"
    columns = COLUMNS

    def get_success_url(self):
        return _groups_index_url()

    def run_import(self, form):
        rows = group_import_read(file=form.cleaned_data["file"])
        report = groups_import(rows=rows, user=self.request.user)
        count = len(report.created)
        return report.problems, ngettext(
            "%(count)d producer group imported.", "%(count)d producer groups imported.", count
        ) % {"count": count}


class GroupImportTemplateView(MayAddGroups, SpreadsheetTemplateView):
    file_name = "producer-groups-template"

    def template_xlsx(self):
        return group_import_template_xlsx(user=self.request.user)

    def template_csv(self):
        return group_import_template_csv()


urlpatterns = [
    path(
        "producer-groups/import/",
        GroupImportView.as_view(),
        name="organisation_levels_group_import",
    ),
    path(
        "producer-groups/import/template.<slug:file_format>",
        GroupImportTemplateView.as_view(),
        name="organisation_levels_group_import_template",
    ),
]
