"""Dashboards, exports and reports (issue 8). Thin: access and forms decide the scope,
selectors read, services write, tasks do the long work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from curriculum_site.downloads import attachment
from curriculum_site.spreadsheets import XLSX_CONTENT_TYPE
from monitoring import selectors, services, tasks
from monitoring.access import dashboard_access
from monitoring.exports import table_csv, tables_xlsx
from monitoring.forms import DashboardFilterForm, ReportRequestForm, default_period
from monitoring.models import DataExport, Status


def _access_or_403(user):
    access = dashboard_access(user)
    if access is None:
        raise PermissionDenied(
            _("Dashboards are for the committee, platforms, viewers and managers.")
        )
    return access


def _filter_form(request, access):
    """The filters from the query string, the period defaulting to this year so far."""
    data = request.GET.copy()
    start, end = default_period()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    return DashboardFilterForm(data, access=access)


@login_required
def dashboard(request):
    access = _access_or_403(request.user)
    form = _filter_form(request, access)
    if not form.is_valid():
        context = {"form": form, "title": _("Dashboard"), "tables": []}
        return render(request, "monitoring/dashboard.html", context, status=400)
    context = {
        "form": form,
        "title": selectors.dashboard_title(form=form),
        "tables": selectors.dashboard_tables_for(form=form),
        "query": request.GET.urlencode(),
        "filters": form.filters_text(),
        # Reports are about countries; a group manager has the group dashboard only.
        "may_read_reports": access.groups is None,
    }
    return render(request, "monitoring/dashboard.html", context)


@login_required
def table_export(request, key, file_format):
    access = _access_or_403(request.user)
    form = _filter_form(request, access)
    if not form.is_valid():
        return HttpResponse(_filter_errors(form), status=400, content_type="text/plain")
    tables = selectors.dashboard_tables_for(form=form)
    title = selectors.dashboard_title(form=form)
    if key == "all" and file_format == "xlsx":
        chosen = tables
    else:
        chosen = [table for table in tables if table.key == key]
        if not chosen:
            raise Http404(_("This dashboard has no table called “%(key)s”.") % {"key": key})
    name = f"backpack-{key}-{form.cleaned_data['start']}-{form.cleaned_data['end']}"
    if file_format == "csv":
        filters = form.filters_text(beside_title=True)
        body = table_csv(table=chosen[0], filters=f"{title} · {filters}")
        return attachment(body, "text/csv; charset=utf-8", f"{name}.{file_format}")
    body = tables_xlsx(tables=chosen, title=title, filters=form.filters_text(beside_title=True))
    return attachment(body, XLSX_CONTENT_TYPE, f"{name}.{file_format}")


def _filter_errors(form) -> str:
    lines = [_("The filters are not valid:")]
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else _("Filters")
        lines += [f"- {label}: {error}" for error in errors]
    return "\n".join(lines)


@login_required
@require_POST
def export_start(request):
    access = _access_or_403(request.user)
    form = DashboardFilterForm(request.POST, access=access)
    file_format = request.POST.get("file_format")
    if file_format not in DataExport.Format.values:
        messages.error(request, _("Choose CSV or Excel for the export."))
        return redirect(reverse("monitoring:dashboard"))
    if not form.is_valid():
        messages.error(request, _filter_errors(form))
        return redirect(reverse("monitoring:dashboard"))
    export, created = services.export_request(
        user=request.user,
        scope=form.scope(),
        filters=form.filters_text(),
        file_format=file_format,
        language=get_language(),
    )
    if created:
        tasks.run_export.delay(export.pk)
    else:
        messages.info(request, _("This export is already being made; it is shown below."))
    return redirect("monitoring:export_detail", export_id=export.pk)


def _own_export(request, export_id) -> DataExport:
    """Exports are personal: someone else's is "not found", and so is one whose countries
    or groups the person may no longer read (a grant withdrawn, a new role)."""
    access = _access_or_403(request.user)
    services.give_up_stale(selectors.exports_of(user=request.user))
    export = get_object_or_404(selectors.exports_of(user=request.user), pk=export_id)
    if not selectors.scope_within_access(
        scope=services.scope_from_json(export.scope), access=access
    ):
        raise Http404(_("This export covers data you may no longer read."))
    return export


@login_required
def export_detail(request, export_id):
    export = _own_export(request, export_id)
    return render(request, "monitoring/export_detail.html", {"export": export, "Status": Status})


@login_required
def export_status(request, export_id):
    export = _own_export(request, export_id)
    return JsonResponse(
        {
            "status": export.status,
            "status_label": export.get_status_display(),
            "percent": export.percent_done,
            "rows_done": export.rows_done,
            "rows_total": export.rows_total,
            "progress_text": _("%(done)s of %(total)s sessions written")
            % {"done": export.rows_done, "total": export.rows_total}
            if export.rows_total
            else "",
            "download_url": reverse("monitoring:export_download", args=[export.pk])
            if export.status == Status.READY
            else None,
            "error": export.error,
        }
    )


@login_required
def export_download(request, export_id):
    export = _own_export(request, export_id)
    if export.status != Status.READY or not export.file:
        raise Http404(_("This export is not ready."))
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1]
    )


@login_required
def reports(request):
    access = _access_or_403(request.user)
    if access.groups is not None:
        raise PermissionDenied(_("State-of-play reports are for countries, not single groups."))
    form = ReportRequestForm(request.POST or None, scopes=selectors.report_scopes(access=access))
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_request(
                    year=form.cleaned_data["year"],
                    country=access.countries.filter(pk=form.country_id()).first()
                    if form.country_id()
                    else None,
                    user=request.user,
                    language=get_language(),
                )
            except services.AlreadyRunning as running:
                messages.info(
                    request,
                    _("%(report)s is already being made.") % {"report": running.report}
                    if running.report
                    else _("This report is already being made."),
                )
            else:
                tasks.build_report.delay(report.pk)
                messages.success(
                    request,
                    _("%(report)s is being made; it appears below when ready.")
                    % {"report": report},
                )
            return redirect("monitoring:reports")
        status = 400
    else:
        status = 200
    services.give_up_stale(selectors.reports_visible_to(access=access))
    context = {
        "form": form,
        "reports": selectors.reports_visible_to(access=access)[:200],
        "Status": Status,
    }
    return render(request, "monitoring/reports.html", context, status=status)


@login_required
def report_download(request, report_id, kind):
    access = _access_or_403(request.user)
    report = get_object_or_404(selectors.reports_visible_to(access=access), pk=report_id)
    file = report.pdf if kind == "pdf" else report.workbook
    if report.status != Status.READY or not file:
        raise Http404(_("This report is not ready."))
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])
