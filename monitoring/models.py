"""Files made in the background: large data exports and the yearly state-of-play report.

Both are kept in the private storage (no public URL): a view checks who asks, then
streams the file.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from curriculum_site.storage import delete_after_commit, private_storage


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


UNFINISHED = (Status.QUEUED, Status.RUNNING)


def _export_path(instance, filename):
    # An unguessable folder: even a leaked storage listing gives no order or count.
    return f"monitoring/exports/{uuid.uuid4().hex}/{filename}"


def _report_path(instance, filename):
    return f"monitoring/reports/{instance.year}/{uuid.uuid4().hex}/{filename}"


class DataExport(models.Model):
    """A large export (every session in a scope), made by a Celery task with progress."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="monitoring_exports",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # The scope as checked when it was asked for (monitoring.forms), ids only.
    scope = models.JSONField(_("scope"))
    filters = models.CharField(_("filters"), max_length=500)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # Method names and the sheet's name are written in the language it was asked in.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows to write"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_export_path, blank=True, max_length=255
    )
    error = models.TextField(_("what went wrong"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return _("Sessions export of %(filters)s") % {"filters": self.filters}

    @property
    def percent_done(self) -> int:
        if self.status == Status.READY:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class StateOfPlayReport(models.Model):
    """The yearly state of play (RSS step 5) for the world or one country: a PDF and a
    workbook of the underlying tables."""

    year = models.PositiveSmallIntegerField(_("year"))
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="state_of_play_reports",
        help_text=_("Leave empty for the global report."),
    )
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the reports made on schedule."),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=_report_path, blank=True, max_length=255
    )
    workbook = models.FileField(
        _("workbook"), storage=private_storage, upload_to=_report_path, blank=True, max_length=255
    )
    headline = models.JSONField(_("headline figures"), default=list, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "country__name", "-created_at"]
        verbose_name = _("state-of-play report")
        verbose_name_plural = _("state-of-play reports")
        constraints = [
            # One report of a year and scope at a time is being made: a second click, or
            # the schedule meeting a request, finds the first instead of doubling the work.
            # The global report has no country: 0 stands for it, as NULLs never clash.
            models.UniqueConstraint(
                "year",
                Coalesce("country", 0),
                "language",
                condition=models.Q(status__in=["queued", "running"]),
                name="one_unfinished_report_per_scope",
            ),
        ]

    def __str__(self):
        return _("State of play %(year)s: %(scope)s") % {
            "year": self.year,
            "scope": self.country.name if self.country_id else _("all countries"),
        }


@receiver(post_delete, sender=DataExport)
@receiver(post_delete, sender=StateOfPlayReport)
def remove_files(sender, instance, **kwargs):
    """A deleted export or report takes its files with it (with a user, a country…), once
    the deletion is committed: a rolled-back delete keeps them."""
    if sender is DataExport:
        delete_after_commit(instance.file)
    else:
        delete_after_commit(instance.pdf, instance.workbook)
