"""Admin screens of the supply base that are not model viewsets: the three imports and
the due-diligence export."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View

from curriculum_site.admin_imports import (
    SpreadsheetImportForm,
    SpreadsheetImportView,
    SpreadsheetTemplateView,
    listing_breadcrumbs,
    listing_url,
)
from curriculum_site.downloads import attachment
from curriculum_site.spreadsheets import ImportFileError
from organisation_levels.models import ProducerGroup
from supply_base import deforestation, plot_import, volume_import
from supply_base.admin_forms import platform_countries
from supply_base.geo_files import GeoFileError
from supply_base.models import ForestLossLayer, Plot, SupplyScope
from supply_base.selectors import eudr_feature_collection, eudr_plots

MAX_UPLOAD_MB = 20


def _read(upload) -> bytes:
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_MB})
    return upload.read()


class MayAdd:
    """Only people whose role adds rows of `model` (the country's platform, or for plots
    also the group's managers) reach the screen."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        if not self.model.snippet_viewset.permission_policy.user_has_permission(
            request.user, "add"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Volumes bought ---------------------------------------------------------------------


class VolumeImportForm(SpreadsheetImportForm):
    scope = forms.ModelChoiceField(
        label=_("RSS scope"),
        queryset=SupplyScope.objects.none(),
        help_text=_("The scope whose purchases the file holds."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("The buyer's Excel (.xlsx) or CSV file, at most 20,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = SupplyScope.objects.changeable_by(self.user).select_related(
            "entity"
        )


class VolumeImportView(MayAdd, SpreadsheetImportView):
    model = SupplyScope
    form_class = VolumeImportForm
    page_title = _("Import volumes bought")
    intro = _(
        "One row per farmer, season and commodity, from the buyer's records. A farmer, "
        "season and commodity already imported get the new volume. If any row has a "
        "problem, nothing is imported and each problem is listed with its row."
    )
    template_url_name = "supply_base_volume_template"
    columns = volume_import.COLUMNS

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, SupplyScope)

    def get_success_url(self):
        return listing_url(SupplyScope)

    def run_import(self, form):
        rows = volume_import.volume_import_read(file=form.cleaned_data["file"])
        scope = form.cleaned_data["scope"]
        report = volume_import.volume_import(scope=scope, rows=rows, user=self.request.user)
        message = _("%(scope)s: %(added)s volumes added, %(updated)s updated.") % {
            "scope": scope,
            "added": report.added,
            "updated": report.updated,
        }
        return report.problems, message


class VolumeTemplateView(MayAdd, SpreadsheetTemplateView):
    model = SupplyScope
    file_name = "volumes-template"

    def template_xlsx(self):
        return volume_import.volume_template_xlsx()

    def template_csv(self):
        return volume_import.volume_template_csv()


# --- Plots ------------------------------------------------------------------------------

PLOT_PROPERTIES = (
    (_("member_code (required)"), _("The farmer's code on the group's roster."), "ACFC-001"),
    ("name", _("How the farmer calls the plot."), "North field"),
    ("commodity", _("The crop grown, by name."), "Cocoa"),
    ("tenure", _("documented, not documented or unknown."), "documented"),
    ("tenure_document", _("Land title, customary certificate, lease…"), "Land title"),
    ("area_ha", _("Hectares; needed for a plot given as a point."), "1.5"),
)


class PlotImportForm(SpreadsheetImportForm):
    group = forms.ModelChoiceField(
        label=_("Producer group"),
        queryset=ProducerGroup.objects.none(),
        help_text=_("The group whose farmers' plots the file holds."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "GeoJSON (.geojson), KML (.kml) or a zipped shapefile (.zip with .shp, .shx, "
            ".dbf and .prj), at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,.kml,.zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ProducerGroup.objects.changeable_by(self.user).order_by(
            "name"
        )


class PropertyRow:
    def __init__(self, label, help_text, example):
        self.label, self.help, self.example, self.required = label, help_text, example, False


class PlotImportView(MayAdd, SpreadsheetImportView):
    model = Plot
    form_class = PlotImportForm
    page_title = _("Import plots")
    intro = _(
        "Upload a map of the group's plots made in a GIS, a GPS app or Google Earth. Each "
        "feature is one plot, a point or a polygon, and names its farmer by member code. "
        "Every boundary is checked: closed, not crossing itself, of a plausible size and "
        "inside the country. If any feature has a problem, nothing is imported and each "
        "problem is listed with the feature's number (the Row column) and name."
    )
    columns_note = _("Property names may be written in capitals or small letters.")

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, Plot)

    def get_column_sections(self):
        return [
            (_("The properties of each feature"), [PropertyRow(*row) for row in PLOT_PROPERTIES])
        ]

    def get_success_url(self):
        return listing_url(Plot)

    def run_import(self, form):
        upload = form.cleaned_data["file"]
        group = form.cleaned_data["group"]
        try:
            report = plot_import.plot_import(
                group=group, file_name=upload.name, data=_read(upload), user=self.request.user
            )
        except GeoFileError as error:
            raise ImportFileError(error.message) from None
        if not report.problems:
            # New plots are checked against the country's forest-loss layers at once.
            deforestation.plots_check(plots=report.plots)
        message = _("%(group)s: %(count)s plots imported.") % {
            "group": group.name,
            "count": report.added,
        }
        return report.problems, message


# --- Forest-loss layers -----------------------------------------------------------------


class ForestLossUploadForm(SpreadsheetImportForm):
    country = forms.ModelChoiceField(label=_("Country"), queryset=None)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Such as “Global Forest Watch, loss 2021-2025”."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, required=False, help_text=_("Where the map comes from.")
    )
    cut_off_date = forms.DateField(
        label=_("Cut-off date"),
        help_text=_(
            "Forest lost after this day flags the plots it overlaps. The EU regulation's "
            "cut-off is 2020-12-31."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "GeoJSON (.geojson) polygons of forest loss, at most 20 MB. A loss_date (or "
            "loss_year) property per polygon leaves out loss on or before the cut-off."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = platform_countries(self.user).order_by("name")


class ForestLossUploadView(MayAdd, SpreadsheetImportView):
    model = ForestLossLayer
    form_class = ForestLossUploadForm
    page_title = _("Upload a forest-loss layer")
    intro = _(
        "Upload a map of forest loss for your country with its cut-off date: every plot "
        "overlapping loss after that date is flagged with the area of the overlap, and "
        "the flags are evidence for the groups' deforestation risk. If any polygon has a "
        "problem, nothing is stored and each problem is listed with its feature number."
    )

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, ForestLossLayer)

    def get_success_url(self):
        return listing_url(ForestLossLayer)

    def run_import(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = deforestation.forest_loss_upload(
                country=form.cleaned_data["country"],
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
                cut_off_date=form.cleaned_data["cut_off_date"],
                file_name=upload.name,
                data=_read(upload),
                user=self.request.user,
            )
        except GeoFileError as error:
            raise ImportFileError(error.message) from None
        if report.problems:
            return report.problems, ""
        message = _(
            "%(name)s: %(areas)s areas of loss after the cut-off; %(flagged)s plots flagged."
        ) % {
            "name": report.layer.name,
            "areas": report.layer.areas_count,
            "flagged": report.flagged,
        }
        return [], message


# --- The due-diligence export -----------------------------------------------------------


class ScopeEudrExportView(View):
    """The scope's plots as the GeoJSON an EUDR due-diligence statement takes."""

    def get(self, request, scope_id):
        # Whoever reads the scope (its platform, the committee, the buyer as a monitoring
        # viewer of the country) exports it: the export is the buyer's due diligence, and
        # it names a producer only with their consent.
        scope = get_object_or_404(SupplyScope.objects.visible_to(request.user), pk=scope_id)
        plots = eudr_plots(scope=scope)
        collection = eudr_feature_collection(plots=plots)
        content = json.dumps(collection, ensure_ascii=False, indent=1)
        name = slugify(f"{scope.entity.name}-{scope.name}") or "scope"
        return attachment(content, "application/geo+json", f"{name}-eudr.geojson")


urlpatterns = [
    path(
        "supply-base/volumes/import/", VolumeImportView.as_view(), name="supply_base_volume_import"
    ),
    path(
        "supply-base/volumes/template.<slug:file_format>",
        VolumeTemplateView.as_view(),
        name="supply_base_volume_template",
    ),
    path("supply-base/plots/import/", PlotImportView.as_view(), name="supply_base_plot_import"),
    path(
        "supply-base/forest-loss/upload/",
        ForestLossUploadView.as_view(),
        name="supply_base_forest_loss_upload",
    ),
    path(
        "supply-base/scopes/<int:scope_id>/eudr.geojson",
        ScopeEudrExportView.as_view(),
        name="supply_base_scope_eudr",
    ),
]
