"""Admin screens of field delivery that are not model viewsets: the two imports, a
session's correction and its photos."""

import mimetypes

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from curriculum_site.admin_imports import (
    SpreadsheetImportForm,
    SpreadsheetImportView,
    SpreadsheetTemplateView,
    listing_breadcrumbs,
    listing_url,
)
from curriculum_site.downloads import attachment
from curriculum_site.spreadsheets import XLSX_CONTENT_TYPE
from organisation_levels.models import ProducerGroup
from training_delivery import consent, paper_import, roster_import, services, walk_ins
from training_delivery.models import (
    AGE_BANDS,
    Farmer,
    Gender,
    SessionPhoto,
    TrainingSession,
    WalkInStatus,
    age_band,
)

# --- Rosters ---------------------------------------------------------------------------


class RosterImportForm(SpreadsheetImportForm):
    group = forms.ModelChoiceField(
        label=_("Producer group"),
        queryset=ProducerGroup.objects.none(),
        help_text=_("The group whose roster the file holds."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel (.xlsx) or CSV file of at most 5 MB and 5,000 farmers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only groups the user keeps: a forged id for another group is not a valid choice.
        self.fields["group"].queryset = ProducerGroup.objects.changeable_by(self.user).order_by(
            "name"
        )


class MayKeepRosters:
    def dispatch(self, request, *args, **kwargs):
        policy = Farmer.snippet_viewset.permission_policy
        if not policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RosterImportView(MayKeepRosters, SpreadsheetImportView):
    form_class = RosterImportForm
    page_title = _("Import a farmer roster")
    intro = _(
        "Fill one farmer per row of the template, choose the group and upload the file. A "
        "member code already on the group's roster updates that farmer; new codes add "
        "farmers; farmers not in the file are left as they are. If any row has a problem, "
        "nothing is imported and each problem is listed with its row."
    )
    template_url_name = "training_delivery_roster_template"
    columns = roster_import.COLUMNS

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, Farmer)

    def get_success_url(self):
        return listing_url(Farmer)

    def run_import(self, form):
        rows = roster_import.roster_import_read(file=form.cleaned_data["file"])
        group = form.cleaned_data["group"]
        report = roster_import.roster_import(group=group, rows=rows, user=self.request.user)
        message = _("%(group)s: %(added)s added, %(updated)s updated.") % {
            "group": group.name,
            "added": report.added,
            "updated": report.updated,
        }
        return report.problems, message


class RosterTemplateView(MayKeepRosters, SpreadsheetTemplateView):
    file_name = "roster-template"

    def template_xlsx(self):
        return roster_import.roster_template_xlsx()

    def template_csv(self):
        return roster_import.roster_template_csv()


# --- Paper session forms --------------------------------------------------------------------


class PaperImportForm(SpreadsheetImportForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("The Excel template (.xlsx), filled in: at most 5 MB and 1,000 sessions."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class MayImportSessions:
    """The national platforms (who type in paper forms) and superusers."""

    def dispatch(self, request, *args, **kwargs):
        policy = TrainingSession.snippet_viewset.permission_policy
        if not policy.user_has_permission(request.user, "delete"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PaperImportView(MayImportSessions, SpreadsheetImportView):
    form_class = PaperImportForm
    page_title = _("Import sessions from paper forms")
    show_sheets = True
    intro = _(
        "Type the sessions recorded on paper into the Excel template: one session per row on "
        "the Sessions sheet, one farmer present per row on the Attendance sheet. Every row is "
        "checked with the same rules as the trainer app; if any row has a problem, nothing is "
        "imported and each problem is listed by sheet and row. Importing the same file twice "
        "stores nothing twice."
    )
    columns_note = _(
        "The template's “How to fill” sheet lists your groups, the methods and the languages."
    )

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, TrainingSession)

    def get_templates(self):
        return [(_("Excel template (.xlsx)"), reverse("training_delivery_paper_template"))]

    def get_column_sections(self):
        return [
            (_("The Sessions sheet"), paper_import.SESSION_COLUMNS),
            (_("The Attendance sheet"), paper_import.ATTENDANCE_COLUMNS),
        ]

    def get_success_url(self):
        return listing_url(TrainingSession)

    def run_import(self, form):
        sessions, attendance = paper_import.paper_import_read(file=form.cleaned_data["file"])
        report = paper_import.paper_sessions_import(
            user=self.request.user, sessions=sessions, attendance=attendance
        )
        message = ngettext(
            "%(count)d session imported.", "%(count)d sessions imported.", report.imported
        ) % {"count": report.imported}
        return report.problems, message


class PaperTemplateView(MayImportSessions, View):
    def get(self, request):
        content = paper_import.paper_template_xlsx(user=request.user)
        return attachment(content, XLSX_CONTENT_TYPE, "paper-sessions-template.xlsx")


# --- A farmer's data: export, withdrawal, erasure (decision 0023) ---------------------------


class PlatformFarmerMixin:
    """The farmer's country's platform (and superusers) only; another farmer is "not found"."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.farmer = get_object_or_404(
            consent.farmers_of_platform(user=request.user).select_related("group__country"),
            pk=kwargs["pk"],
            erased_at__isnull=True,
        )


class FarmerExportView(PlatformFarmerMixin, View):
    def get(self, request, pk):
        return attachment(
            consent.farmer_export_zip(farmer=self.farmer),
            "application/zip",
            f"farmer-{self.farmer.pk}.zip",
        )


class FarmerOperationView(PlatformFarmerMixin, WagtailAdminTemplateMixin, TemplateView):
    """A question (GET), then the operation (POST)."""

    header_icon = "user"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "farmer": self.farmer}

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, Farmer)

    def post(self, request, *args, **kwargs):
        self.perform_operation()
        messages.success(request, self.get_success_message())
        return redirect(listing_url(Farmer))


class FarmerEraseView(FarmerOperationView):
    page_title = _("Erase a farmer's data")
    template_name = "training_delivery/admin/farmer_erase.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "attended": self.farmer.attendance.count(),
            "export_url": reverse("training_delivery_farmer_export", args=[self.farmer.pk]),
        }

    def perform_operation(self):
        consent.farmer_erase(farmer=self.farmer, by=self.request.user)

    def get_success_message(self):
        return _("The farmer's personal data was erased; their attendance stays in the figures.")


class FarmerConsentWithdrawView(FarmerOperationView):
    page_title = _("Withdraw consent")
    template_name = "training_delivery/admin/farmer_consent_withdraw.html"

    def perform_operation(self):
        consent.consent_withdraw(farmer=self.farmer, by=self.request.user)

    def get_success_message(self):
        return _("Consent withdrawn: phones drop the farmer's name at their next sync.")


# --- Walk-in farmers (decision 0023) ------------------------------------------------------


def walk_in_label(walk_in) -> str:
    if walk_in.name:
        return walk_in.name
    bands = {key: label for key, label, _low, _high in AGE_BANDS}
    band = bands.get(age_band(walk_in.birth_year, walk_in.session.date.year))
    return ", ".join(str(part) for part in (Gender(walk_in.gender).label, band) if part)


class WalkInListView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Walk-in farmers")
    header_icon = "user"
    template_name = "training_delivery/admin/walk_ins.html"

    def get_breadcrumbs_items(self):
        return listing_breadcrumbs(self, Farmer)

    def get_context_data(self, **kwargs):
        pending = walk_ins.walk_ins_of_platform(user=self.request.user).filter(
            status=WalkInStatus.PENDING
        )
        rows = []
        for walk_in in pending.order_by("session__date", "pk")[:200]:
            matches = walk_ins.likely_matches(walk_in)
            others = Farmer.objects.filter(
                group=walk_in.session.group_id, erased_at__isnull=True
            ).exclude(pk__in=[farmer.pk for farmer in matches])
            rows.append(
                {
                    "walk_in": walk_in,
                    "label": walk_in_label(walk_in),
                    "matches": matches,
                    "choices": [*matches, *others],
                }
            )
        return {**super().get_context_data(**kwargs), "walk_ins": rows}


class WalkInActionView(View):
    def post(self, request, pk):
        walk_in = get_object_or_404(walk_ins.walk_ins_of_platform(user=request.user), pk=pk)
        try:
            self.act(request, walk_in)
        except walk_ins.WalkInRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, self.done)
        return redirect("training_delivery_walk_ins")


class WalkInMergeView(WalkInActionView):
    done = _("Merged: the attendance is the roster farmer's.")

    def act(self, request, walk_in):
        farmer = Farmer.objects.filter(pk=request.POST.get("farmer") or 0).first()
        if farmer is None:
            raise walk_ins.WalkInRefused(_("Choose a farmer of the session's group."))
        walk_ins.walk_in_merge(walk_in=walk_in, farmer=farmer, by=request.user)


class WalkInAddView(WalkInActionView):
    done = _("Added to the roster, with their attendance.")

    def act(self, request, walk_in):
        walk_ins.walk_in_add(
            walk_in=walk_in, member_code=request.POST.get("member_code", ""), by=request.user
        )


urlpatterns = [
    path("walk-ins/", WalkInListView.as_view(), name="training_delivery_walk_ins"),
    path(
        "walk-ins/<int:pk>/merge/",
        WalkInMergeView.as_view(),
        name="training_delivery_walk_in_merge",
    ),
    path("walk-ins/<int:pk>/add/", WalkInAddView.as_view(), name="training_delivery_walk_in_add"),
    path(
        "farmers/<int:pk>/export/",
        FarmerExportView.as_view(),
        name="training_delivery_farmer_export",
    ),
    path(
        "farmers/<int:pk>/erase/", FarmerEraseView.as_view(), name="training_delivery_farmer_erase"
    ),
    path(
        "farmers/<int:pk>/withdraw-consent/",
        FarmerConsentWithdrawView.as_view(),
        name="training_delivery_farmer_consent_withdraw",
    ),
    path("rosters/import/", RosterImportView.as_view(), name="training_delivery_roster_import"),
    path(
        "rosters/import/template.<slug:file_format>",
        RosterTemplateView.as_view(),
        name="training_delivery_roster_template",
    ),
    path("sessions/import/", PaperImportView.as_view(), name="training_delivery_paper_import"),
    path(
        "sessions/import/template.xlsx",
        PaperTemplateView.as_view(),
        name="training_delivery_paper_template",
    ),
]


# --- A session, whole, and its corrections (issue 23, point 3) ------------------------------


def _session_visible(request, pk) -> TrainingSession:
    policy = TrainingSession.snippet_viewset.permission_policy
    session = policy.instances_user_has_permission_for(request.user, "view").filter(pk=pk).first()
    if session is None:
        raise Http404  # another country's session is simply not found
    return session


def session_photo(request, photo_uuid):
    """A session's photo, to those who may see the session; never cached, never sniffed."""
    photo = get_object_or_404(SessionPhoto, uuid=photo_uuid)
    _session_visible(request, photo.session_id)
    extension = photo.file.name.rsplit(".", 1)[-1].lower()
    try:
        stored = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored, content_type=mimetypes.guess_type(f"photo.{extension}")[0] or "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class SessionCorrectionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = list(services.CORRECTABLE_FIELDS)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class SessionCorrectView(WagtailAdminTemplateMixin, FormView):
    """The group's national platform corrects what was recorded; each change is logged."""

    template_name = "training_delivery/admin/session_correct.html"
    form_class = SessionCorrectionForm
    header_icon = "edit"
    page_title = _("Correct the session")

    def dispatch(self, request, *args, **kwargs):
        self.session = _session_visible(request, kwargs["pk"])
        if not TrainingSession.objects.removable_by(request.user).filter(pk=self.session.pk):
            raise PermissionDenied
        self.rows = list(
            self.session.attendance.select_related("farmer").order_by("farmer__member_code")
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        viewset = TrainingSession.snippet_viewset
        return [
            *self.breadcrumbs_items,
            {"url": listing_url(TrainingSession), "label": viewset.menu_label},
            {
                "url": reverse(viewset.get_url_name("inspect"), args=[self.session.pk]),
                "label": str(self.session),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": TrainingSession.objects.get(pk=self.session.pk),
        }

    def _score(self, name):
        raw = self.request.POST.get(name, "").strip()
        if raw == "":
            return None
        try:
            return int(raw)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a score from 0 to 100.") % {"value": raw}
            ) from None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "session": self.session, "rows": self.rows}

    def form_valid(self, form):
        values = {name: form.cleaned_data[name] for name in services.CORRECTABLE_FIELDS}
        try:
            scores = {
                row.pk: (self._score(f"pre-{row.pk}"), self._score(f"post-{row.pk}"))
                for row in self.rows
            }
            changes = services.session_correct(
                session=self.session, user=self.request.user, values=values, scores=scores
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if changes:
            messages.success(
                self.request, _("Session corrected: %(changes)s.") % {"changes": "; ".join(changes)}
            )
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect(TrainingSession.snippet_viewset.get_url_name("inspect"), self.session.pk)


urlpatterns += [
    path(
        "sessions/<int:pk>/correct/",
        SessionCorrectView.as_view(),
        name="training_delivery_session_correct",
    ),
    path(
        "sessions/photos/<uuid:photo_uuid>/",
        session_photo,
        name="training_delivery_session_photo",
    ),
]
