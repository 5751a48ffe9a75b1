"""Writes of the monitoring app: large exports and yearly reports, made in the background.

The tasks (monitoring.tasks) only load an id and call these. Each marks its record
running, writes its file, and ends `ready` or `failed` with the reason; a failure never
leaves a half-written file behind.
"""

import csv
import dataclasses
import datetime
import io
import logging
import tempfile

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from curriculum_site.spreadsheets import csv_text
from monitoring.indicators import Scope
from monitoring.models import UNFINISHED, DataExport, StateOfPlayReport, Status
from monitoring.state_of_play import state_of_play_files
from reference.models import Country
from training_delivery.models import Attendance, SessionMethod, SessionModule
from training_delivery.models.sessions import hours_between

logger = logging.getLogger(__name__)

# A task lost with its worker (a crash, a broker restart) would leave its record waiting
# for ever, and block asking again. Past this age an unfinished one is given up as failed.
GIVE_UP_AFTER = datetime.timedelta(hours=1)

# Progress is saved every this many rows: often enough for the bar to move, rarely
# enough not to slow the export with writes.
PROGRESS_EVERY = 2000


class AlreadyRunning(Exception):
    """The same report is already being made; carries that report."""

    def __init__(self, report):
        super().__init__(str(report))
        self.report = report


def give_up_stale(records) -> None:
    """Mark failed the unfinished records older than GIVE_UP_AFTER (their task was lost)."""
    records.filter(status__in=UNFINISHED, created_at__lt=timezone.now() - GIVE_UP_AFTER).update(
        status=Status.FAILED,
        error=_("It did not finish within an hour; ask for it again."),
        finished_at=timezone.now(),
    )


def scope_to_json(scope: Scope) -> dict:
    data = dataclasses.asdict(scope)
    data["start"], data["end"] = scope.start.isoformat(), scope.end.isoformat()
    return data


def scope_from_json(data: dict) -> Scope:
    return Scope(
        start=datetime.date.fromisoformat(data["start"]),
        end=datetime.date.fromisoformat(data["end"]),
        **{key: tuple(data.get(key, ())) for key in Scope.ID_FIELDS},
    )


# --- Large exports ------------------------------------------------------------------


def export_request(
    *, user, scope: Scope, filters: str, file_format: str, language: str
) -> tuple[DataExport, bool]:
    """The export of this scope: the one the person already has under way, or a new one.
    Returns (export, created); the caller queues the task for a new one."""
    scope_data = scope_to_json(scope)
    give_up_stale(DataExport.objects.filter(requested_by=user))
    under_way = DataExport.objects.filter(
        requested_by=user, scope=scope_data, file_format=file_format, status__in=UNFINISHED
    ).first()
    if under_way:
        return under_way, False
    export = DataExport.objects.create(
        requested_by=user,
        scope=scope_data,
        filters=filters[:500],
        file_format=file_format,
        language=language,
    )
    return export, True


EXPORT_COLUMNS = [
    "session_id",
    "date",
    "country",
    "group",
    "region",
    "method",
    "hours",
    "language",
    "modules_covered",
    "farmers_listed",
    "women_counted",
    "men_counted",
    "other_counted",
    "average_score_before",
    "average_score_after",
]


class _CodeList(Aggregate):
    """The codes, space-separated: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ' ' ORDER BY %(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, ' ')",
            **extra_context,
        )


def _session_rows(scope: Scope):
    """One row per session, everything computed by the database: one query, streamed."""
    attendance = Attendance.objects.filter(session=OuterRef("pk")).order_by().values("session")
    modules = SessionModule.objects.filter(session=OuterRef("pk")).order_by().values("session")
    return (
        scope.sessions()
        .annotate(
            # The modules' codes ("PO-01 QM-02"), which a reader of the file can look up.
            n_modules=Coalesce(
                Subquery(
                    modules.annotate(
                        codes=_CodeList(
                            Coalesce(
                                "module__trainingmodulepage__code",
                                "module__adaptedmodulepage__code",
                            )
                        )
                    ).values("codes")
                ),
                Value(""),
                output_field=CharField(),
            ),
            n_listed=Coalesce(
                Subquery(attendance.annotate(n=Count("pk")).values("n")),
                0,
                output_field=IntegerField(),
            ),
            avg_pre=Subquery(attendance.annotate(a=Avg("pre_score")).values("a")),
            avg_post=Subquery(attendance.annotate(a=Avg("post_score")).values("a")),
        )
        .order_by("date", "pk")
        .values_list(
            "uuid",
            "date",
            "group__country__name",
            "group__name",
            "group__region",
            "method",
            "starts_at",
            "ends_at",
            "language",
            "n_modules",
            "n_listed",
            "women_count",
            "men_count",
            "other_count",
            "avg_pre",
            "avg_post",
        )
    )


def _row_cells(row, methods):
    (uuid, date, country, group, region, method, starts, ends, language, *rest) = row
    modules, listed, women, men, other, pre, post = rest
    return [
        str(uuid),
        date.isoformat(),
        country,
        group,
        region,
        str(methods.get(method, method)),
        hours_between(starts, ends),
        language,
        " ".join(sorted((modules or "").split())),  # in code order on every database
        listed,
        women,
        men,
        other,
        round(pre, 1) if pre is not None else None,
        round(post, 1) if post is not None else None,
    ]


def export_run(*, export: DataExport) -> DataExport:
    """Write every session of the export's scope to a file, saving progress as it goes."""
    scope = scope_from_json(export.scope)
    # Claimed by one run only: a message delivered twice (a worker lost mid-way, with late
    # acknowledgement) finds it taken and stops; a lost run is given up after an hour.
    claimed = DataExport.objects.filter(pk=export.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, rows_total=scope.sessions().count(), rows_done=0
    )
    if not claimed:
        return export
    export.refresh_from_db()
    try:
        with translation.override(export.language), tempfile.TemporaryFile() as spool:
            methods = dict(SessionMethod.choices)
            if export.file_format == DataExport.Format.CSV:
                _write_csv(spool, scope, export, methods)
            else:
                _write_xlsx(spool, scope, export, methods)
            spool.seek(0)
            name = (
                f"sessions-{scope.start.isoformat()}-{scope.end.isoformat()}.{export.file_format}"
            )
            export.file.save(name, File(spool), save=False)
    except Exception as error:  # the person must learn it failed, whatever the cause
        logger.exception("Export %s failed", export.pk)
        export.status, export.error = Status.FAILED, str(error)[:2000]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        return export
    export.status, export.finished_at = Status.READY, timezone.now()
    export.rows_done = export.rows_total
    export.save(update_fields=["file", "status", "finished_at", "rows_done"])
    return export


def _progress(export, done):
    if done % PROGRESS_EVERY == 0:
        DataExport.objects.filter(pk=export.pk).update(rows_done=done)


def _write_csv(spool, scope, export, methods):
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(EXPORT_COLUMNS)
    for done, row in enumerate(_session_rows(scope).iterator(chunk_size=PROGRESS_EVERY), 1):
        writer.writerow(
            [csv_text(c) if isinstance(c, str) else c for c in _row_cells(row, methods)]
        )
        _progress(export, done)
    text.flush()
    text.detach()  # leave the spool open for the caller


def _text_cell(sheet, text):
    """Text as text: names typed by people are never run as formulas (openpyxl would take
    "=…" for one), as `curriculum_site.spreadsheets.xlsx_formulas_as_text` does for whole sheets."""
    # Imported here: openpyxl (with numpy) is ~30 MiB that a web worker would load for
    # the few requests making a workbook (decision 0025).
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _write_xlsx(spool, scope, export, methods):
    # Imported here: openpyxl (with numpy) is ~30 MiB that a web worker would load for
    # the few requests making a workbook (decision 0025).
    from openpyxl import Workbook

    # Write-only mode streams rows to disk instead of holding the whole sheet in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Sessions")[:31])
    sheet.append(EXPORT_COLUMNS)
    for done, row in enumerate(_session_rows(scope).iterator(chunk_size=PROGRESS_EVERY), 1):
        sheet.append(
            [_text_cell(sheet, c) if isinstance(c, str) else c for c in _row_cells(row, methods)]
        )
        _progress(export, done)
    workbook.save(spool)


# --- The yearly state-of-play report ------------------------------------------------


def report_request(*, year: int, country: Country | None, user, language: str) -> StateOfPlayReport:
    """A new report to make, or AlreadyRunning with the one being made for that scope."""
    give_up_stale(StateOfPlayReport.objects.filter(year=year, country=country))
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return StateOfPlayReport.objects.create(
                    year=year, country=country, requested_by=user, language=language
                )
        except IntegrityError:
            running = StateOfPlayReport.objects.filter(
                year=year, country=country, language=language, status__in=UNFINISHED
            ).first()
            if running is not None:
                raise AlreadyRunning(running) from None
            # It finished between the insert and the look: the scope is free again.
    raise AlreadyRunning(None)


def report_build(*, report: StateOfPlayReport) -> StateOfPlayReport:
    """Compute the year's figures and write the PDF and the workbook."""
    claimed = StateOfPlayReport.objects.filter(pk=report.pk, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    if not claimed:  # made, failed or being made by another run
        return report
    try:
        with translation.override(report.language):
            pdf, workbook, headline = state_of_play_files(report=report)
        stem = (
            f"state-of-play-{report.year}-{report.country.slug if report.country_id else 'global'}"
        )
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.workbook.save(f"{stem}.xlsx", ContentFile(workbook), save=False)
    except Exception as error:  # recorded for the person who asked, then logged in full
        logger.exception("State-of-play report %s failed", report.pk)
        _delete_files(report)
        report.status, report.error = Status.FAILED, str(error)[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        return report
    report.status, report.headline, report.finished_at = Status.READY, headline, timezone.now()
    report.save(update_fields=["pdf", "workbook", "status", "headline", "finished_at"])
    return report


def _delete_files(report):
    for file in (report.pdf, report.workbook):
        if file:
            file.delete(save=False)


def yearly_reports_schedule(*, year: int, language: str) -> list[StateOfPlayReport]:
    """The reports the schedule makes each January: the global one and one per country,
    skipping any scope that already has a finished or running report of the whole year
    (one asked for during the year covers only part of it, so it does not count)."""
    year_ended = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    made = []
    for country in [None, *Country.objects.order_by("name")]:
        exists = StateOfPlayReport.objects.filter(
            year=year, country=country, language=language, created_at__gte=year_ended
        ).exclude(status=Status.FAILED)
        if exists.exists():
            continue
        try:
            made.append(report_request(year=year, country=country, user=None, language=language))
        except AlreadyRunning:
            continue
    return made
