"""Thin Celery tasks: load the record, call the service (monitoring.services)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from monitoring import delivery_figures, services
from monitoring.models import DataExport, StateOfPlayReport


@shared_task
def run_export(export_id: int) -> str:
    export = DataExport.objects.filter(pk=export_id).first()
    if export is None:  # deleted before the worker reached it
        return "gone"
    return services.export_run(export=export).status


@shared_task
def build_report(report_id: int) -> str:
    report = StateOfPlayReport.objects.filter(pk=report_id).first()
    if report is None:
        return "gone"
    return services.report_build(report=report).status


@shared_task
def build_last_years_reports() -> int:
    """Celery beat, each January: last year's global report and one per country."""
    year = timezone.localdate().year - 1
    reports = services.yearly_reports_schedule(year=year, language=settings.LANGUAGE_CODE)
    for report in reports:
        build_report.delay(report.pk)
    return len(reports)


@shared_task
def rebuild_delivery_figures() -> dict:
    """Celery beat, nightly: remake the dashboard's delivery figures from the raw rows, in
    case a write went around the signals that keep them (decision 0036)."""
    return delivery_figures.figures_rebuild()
