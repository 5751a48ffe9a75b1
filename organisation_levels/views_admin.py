"""Admin screens of organisation levels that are not model viewsets: the group import."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin

from organisation_levels.group_import import (
    COLUMNS,
    GroupImportFileError,
    group_import_read,
    group_import_template_csv,
    group_import_template_xlsx,
    groups_import,
)
from organisation_levels.models import ProducerGroup

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PROBLEMS_SHOWN = 200


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


class GroupImportView(MayAddGroups, WagtailAdminTemplateMixin, FormView):
    form_class = GroupImportForm
    template_name = "organisation_levels/admin/group_import.html"
    page_title = _("Import producer groups")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": _groups_index_url(),
                "label": capfirst(ProducerGroup._meta.verbose_name_plural),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        try:
            rows = group_import_read(file=form.cleaned_data["file"])
        except GroupImportFileError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        report = groups_import(rows=rows, user=self.request.user)
        if report.problems:
            # The first problems show the pattern; thousands would only bury the page.
            shown = report.problems[:PROBLEMS_SHOWN]
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    problems=report.problems,
                    problems_shown=shown,
                    problems_hidden=len(report.problems) - len(shown),
                )
            )
        count = len(report.created)
        messages.success(
            self.request,
            ngettext(
                "%(count)d producer group imported.", "%(count)d producer groups imported.", count
            )
            % {"count": count},
        )
        return redirect(_groups_index_url())


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
