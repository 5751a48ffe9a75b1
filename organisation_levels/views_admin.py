"""Admin screens of organisation levels that are not model viewsets: the group import."""

from django import forms
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.views.generic import PermissionCheckedMixin

from curriculum_site.admin_imports import SpreadsheetImportView
from curriculum_site.spreadsheets import XLSX_CONTENT_TYPE
from organisation_levels.group_import import (
    COLUMNS,
    group_import_read,
    group_import_template_csv,
    group_import_template_xlsx,
    groups_import,
)
from organisation_levels.models import ProducerGroup


class GroupImportForm(forms.Form):
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

    def get_templates(self):
        url_name = "organisation_levels_group_import_template"
        return [
            (_("Excel template (.xlsx)"), reverse(url_name, args=["xlsx"])),
            (_("CSV template"), reverse(url_name, args=["csv"])),
        ]

    def get_column_sections(self):
        return [(_("The columns"), COLUMNS)]

    def get_success_url(self):
        return _groups_index_url()

    def run_import(self, form):
        rows = group_import_read(file=form.cleaned_data["file"])
        report = groups_import(rows=rows, user=self.request.user)
        count = len(report.created)
        return report.problems, ngettext(
            "%(count)d producer group imported.", "%(count)d producer groups imported.", count
        ) % {"count": count}


class GroupImportTemplateView(MayAddGroups, View):
    def get(self, request, file_format):
        if file_format == "xlsx":
            content, content_type = group_import_template_xlsx(user=request.user), XLSX_CONTENT_TYPE
        elif file_format == "csv":
            content, content_type = group_import_template_csv(), "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="producer-groups-template.{file_format}"'
        )
        return response


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
