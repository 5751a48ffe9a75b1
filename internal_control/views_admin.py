"""Admin screens of internal control that are not model viewsets: the crosswalk (with
each catalogue's version actions) and the requirements import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from curriculum_site.admin_imports import (
    SpreadsheetImportForm,
    SpreadsheetImportView,
    SpreadsheetTemplateView,
)
from internal_control import requirement_import
from internal_control.models import ControlPoint, RequirementCatalogue
from internal_control.readiness import groups_readiness
from internal_control.selectors import crosswalk
from internal_control.services import KEEP_PERMISSION, catalogue_activate, catalogue_new_version
from organisation_levels.models import ProducerGroup

VIEW_PERMISSION = "internal_control.view_requirementcatalogue"


class MayRead:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MayKeep:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(KEEP_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CrosswalkView(MayRead, WagtailAdminTemplateMixin, TemplateView):
    """Per standard: each requirement and the control points that cover it, and what is
    not covered yet. One system of control points serves every standard."""

    template_name = "internal_control/admin/crosswalk.html"
    page_title = _("Crosswalk of standards and control points")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            standards=crosswalk(),
            control_points=ControlPoint.objects.count(),
            may_keep=self.request.user.has_perm(KEEP_PERMISSION),
            drafts=RequirementCatalogue.objects.filter(
                status=RequirementCatalogue.Status.DRAFT
            ).select_related("standard"),
            **kwargs,
        )


class ReadinessView(MayRead, WagtailAdminTemplateMixin, TemplateView):
    """Per producer group the user may see, the share of each standard's applicable
    control points met at the latest inspections, with the gaps (issue 21, point 5)."""

    template_name = "internal_control/admin/readiness.html"
    page_title = _("Readiness per group and standard")
    header_icon = "tick-inverse"
    per_page = 25

    def get_context_data(self, **kwargs):
        groups = ProducerGroup.objects.visible_to(self.request.user).select_related("country")
        query = self.request.GET.get("q", "").strip()
        if query:
            groups = groups.filter(name__icontains=query)
        page = Paginator(groups.order_by("country__name", "name"), self.per_page).get_page(
            self.request.GET.get("p")
        )
        readiness = groups_readiness(groups=list(page.object_list))
        return super().get_context_data(
            rows=[(group, readiness[group.pk]) for group in page.object_list],
            page=page,
            query=query,
            **kwargs,
        )


class CatalogueActionView(MayKeep, View):
    """Activate a draft, or start a new version of a catalogue (POST from the crosswalk)."""

    action = ""

    def post(self, request, pk):
        catalogue = get_object_or_404(RequirementCatalogue, pk=pk)
        try:
            if self.action == "activate":
                catalogue = catalogue_activate(catalogue=catalogue, user=request.user)
                messages.success(
                    request, _("%(catalogue)s is now active.") % {"catalogue": catalogue}
                )
            else:
                draft = catalogue_new_version(catalogue=catalogue, user=request.user)
                messages.success(
                    request,
                    _("%(catalogue)s was made as a draft copy: change it, then activate it.")
                    % {"catalogue": draft},
                )
                return redirect(
                    reverse(
                        RequirementCatalogue.snippet_viewset.get_url_name("edit"), args=[draft.pk]
                    )
                )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("internal_control_crosswalk")


class RequirementImportForm(SpreadsheetImportForm):
    catalogue = forms.ModelChoiceField(
        label=_("Catalogue"),
        queryset=RequirementCatalogue.objects.none(),
        help_text=_(
            "A draft catalogue. Active versions are frozen: make a new version from the "
            "crosswalk first."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel (.xlsx) or CSV file of at most 5 MB and 2,000 requirements."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = RequirementCatalogue.objects.filter(
            status=RequirementCatalogue.Status.DRAFT
        ).select_related("standard")


class RequirementImportView(MayKeep, SpreadsheetImportView):
    form_class = RequirementImportForm
    page_title = _("Import requirements")
    intro = _(
        "Fill one requirement per row of the template, choose the draft catalogue of the "
        "standard and upload the file. A code already in the catalogue updates that "
        "requirement; new codes add requirements. If any row has a problem, nothing is "
        "imported and each problem is listed with its row."
    )
    template_url_name = "internal_control_requirement_template"
    columns = requirement_import.COLUMNS

    def get_success_url(self):
        return reverse("internal_control_crosswalk")

    def run_import(self, form):
        rows = requirement_import.requirement_import_read(file=form.cleaned_data["file"])
        catalogue = form.cleaned_data["catalogue"]
        report = requirement_import.requirement_import(
            catalogue=catalogue, rows=rows, user=self.request.user
        )
        message = _("%(catalogue)s: %(added)s added, %(updated)s updated.") % {
            "catalogue": catalogue,
            "added": report.added,
            "updated": report.updated,
        }
        return report.problems, message


class RequirementTemplateView(MayKeep, SpreadsheetTemplateView):
    file_name = "requirements-template"

    def template_xlsx(self):
        return requirement_import.requirement_template_xlsx()

    def template_csv(self):
        return requirement_import.requirement_template_csv()


urlpatterns = [
    path("internal-control/readiness/", ReadinessView.as_view(), name="internal_control_readiness"),
    path("internal-control/crosswalk/", CrosswalkView.as_view(), name="internal_control_crosswalk"),
    path(
        "internal-control/catalogues/<int:pk>/activate/",
        CatalogueActionView.as_view(action="activate"),
        name="internal_control_catalogue_activate",
    ),
    path(
        "internal-control/catalogues/<int:pk>/new-version/",
        CatalogueActionView.as_view(action="new_version"),
        name="internal_control_catalogue_new_version",
    ),
    path(
        "internal-control/requirements/import/",
        RequirementImportView.as_view(),
        name="internal_control_requirement_import",
    ),
    path(
        "internal-control/requirements/import/template.<slug:file_format>",
        RequirementTemplateView.as_view(),
        name="internal_control_requirement_template",
    ),
]
