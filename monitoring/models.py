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


# --- Delivery figures kept ahead of the dashboard (issue 19; decision 0036) ------------
#
# The dashboard's delivery indicators read these rows instead of scanning a year of
# attendance. They are derived data: `monitoring.delivery_figures` rebuilds the rows of a
# session or a farmer from the raw tables whenever those change, and all of them on
# demand. Ids are plain integers, not foreign keys: a session's rows are removed by its
# own delete signal, and no constraint orders that against Django's cascade.


class SessionFigures(models.Model):
    """One training session's figures: its method and length, the heads counted when it
    has no roster, and the sums of the knowledge checks of its attendance."""

    session_id = models.BigIntegerField(primary_key=True)
    group_id = models.BigIntegerField()
    date = models.DateField()
    method = models.CharField(max_length=24)
    duration = models.DurationField()
    # Heads counted by the trainer, kept only for a session without any roster row
    # (the indicator's rule: a roster's people are counted as people, not as heads).
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    # Attendance rows with both scores, and the sums of those scores.
    scored = models.PositiveIntegerField(default=0)
    pre_total = models.PositiveBigIntegerField(default=0)
    post_total = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["date", "group_id"], name="session_figures_date_group")]

    def __str__(self):
        return f"session {self.session_id} on {self.date}"


class ModuleFigures(models.Model):
    """How often a session delivered a module, the module told apart by translation key
    (an adaptation counts as its generic source, as in `modules_delivered`)."""

    session_id = models.BigIntegerField(db_index=True)
    group_id = models.BigIntegerField()
    date = models.DateField()
    module_key = models.UUIDField()
    deliveries = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["date", "group_id"], name="module_figures_date_group")]

    def __str__(self):
        return f"session {self.session_id}: module {self.module_key}, {self.deliveries} times"


MONTH_FIELDS = tuple(f"m{month}" for month in range(1, 13))


class FarmerDays(models.Model):
    """The days a roster farmer attended sessions of one group in one year: in `m1`…`m12`,
    bit d-1 is set when they attended on day d of that month. "Reached in a period" is then
    a test on a few bits, exact to the day, and one row per farmer stands for all their
    attendance of the year."""

    farmer_id = models.BigIntegerField()
    group_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    # Copied from the roster row (kept by the farmer signals), so counting by gender and
    # age band needs no join with the farmers.
    gender = models.CharField(max_length=10, default="")
    birth_year = models.PositiveSmallIntegerField(null=True)
    # True when this is the farmer's only row of the year (they attended one group's
    # sessions): within one year such a row is one farmer, counted without a DISTINCT.
    sole = models.BooleanField(default=True)
    m1 = models.IntegerField(default=0)
    m2 = models.IntegerField(default=0)
    m3 = models.IntegerField(default=0)
    m4 = models.IntegerField(default=0)
    m5 = models.IntegerField(default=0)
    m6 = models.IntegerField(default=0)
    m7 = models.IntegerField(default=0)
    m8 = models.IntegerField(default=0)
    m9 = models.IntegerField(default=0)
    m10 = models.IntegerField(default=0)
    m11 = models.IntegerField(default=0)
    m12 = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["farmer_id", "group_id", "year"], name="farmer_days_once"
            )
        ]
        indexes = [
            models.Index(fields=["year", "group_id"], name="farmer_days_year_group"),
            # The few farmers with rows for several groups in a year: counted apart.
            models.Index(
                fields=["year", "group_id"],
                name="farmer_days_shared",
                condition=models.Q(sole=False),
            ),
        ]

    def __str__(self):
        return f"farmer {self.farmer_id}, group {self.group_id}, {self.year}"
