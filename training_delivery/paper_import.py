"""Sessions logged on paper, typed into the Excel template and imported (issue 7, point 5).

The workbook has two sheets: "Sessions", one row per session, and "Attendance", one
row per farmer present, linked by the session number. Each session becomes the same
upload the trainer app sends and goes through the same checks
(`services.sessions_check`), so paper and phone follow one set of rules. The import
is all or nothing: if any row has a problem, nothing is stored, and every problem is
listed by sheet, row and column.

A paper session has no device to give it an identifier, so it gets one made from
its group, date, times and method: importing the same file twice finds the sessions
already there and says so, rather than storing them twice.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum_site.spreadsheets import (
    ImportColumn,
    ImportFileError,
    ImportRow,
    Problem,
    SheetSpec,
    choices_in_every_language,
    folded,
    new_workbook,
    sheet_title,
    table_rows,
    template_add_guide,
    template_add_sheet,
    upload_open,
    workbook_bytes,
)
from modules.models import TrainingModulePage
from training_delivery.models import SessionMethod, SessionSource
from training_delivery.roster_import import iso_date
from training_delivery.selectors import (
    groups_user_may_record_for,
    modules_usable_in,
)
from training_delivery.services import ACCEPTED, sessions_check, sessions_store

MAX_SESSIONS = 1000
MAX_ATTENDANCE_ROWS = 20000
LIST_SEPARATOR = ";"
RACE_MESSAGE = gettext_lazy(
    "Some of these sessions were imported by someone else while the file was being checked. "
    "Nothing was imported: upload the file again to see which."
)
PAPER_NAMESPACE = uuid.UUID("0b7c4a1e-2d7f-4f43-9a55-8c1f3b2e6d90")
TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::00)?$")

SESSION_COLUMNS = (
    ImportColumn(
        "number",
        gettext_lazy("Session no."),
        gettext_lazy("Any number, once per session; the Attendance sheet refers to it."),
        "1",
        required=True,
    ),
    ImportColumn(
        "group",
        gettext_lazy("Producer group"),
        gettext_lazy("The group's name as registered, as listed in this template."),
        "Asante Cocoa Farmers' Cooperative",
        required=True,
    ),
    ImportColumn(
        "date", gettext_lazy("Date"), gettext_lazy("YYYY-MM-DD."), "2026-10-14", required=True
    ),
    ImportColumn("start", gettext_lazy("Start"), gettext_lazy("HH:MM, 24 hours."), "09:00", True),
    ImportColumn("end", gettext_lazy("End"), gettext_lazy("HH:MM, 24 hours."), "11:30", True),
    ImportColumn(
        "method",
        gettext_lazy("Method"),
        gettext_lazy(
            "Farmer field school, workshop, one-to-one visit, national or international call."
        ),
        "Farmer field school",
        required=True,
    ),
    ImportColumn(
        "language",
        gettext_lazy("Language"),
        gettext_lazy("The language the session was held in: a code such as fr, or its name."),
        "en",
        required=True,
    ),
    ImportColumn(
        "modules",
        gettext_lazy("Modules"),
        gettext_lazy(
            "Module codes separated by “;”. Your country's adaptation is used where "
            "there is one, else the generic module."
        ),
        "PO-01; QM-01",
        required=True,
    ),
    ImportColumn(
        "trainers",
        gettext_lazy("Trainers"),
        gettext_lazy(
            "User names or e-mail addresses of the trainers, separated by “;”; they "
            "must be assigned to the group."
        ),
        "kwame.mensah",
        required=True,
    ),
    ImportColumn("place", gettext_lazy("Place"), "", "Group demonstration plot"),
    ImportColumn(
        "women",
        gettext_lazy("Women"),
        gettext_lazy("Head counts, only for a session without names on the Attendance sheet."),
        "",
    ),
    ImportColumn("men", gettext_lazy("Men"), "", ""),
    ImportColumn("other", gettext_lazy("Others"), "", ""),
    ImportColumn("notes", gettext_lazy("Notes"), "", ""),
)
ATTENDANCE_COLUMNS = (
    ImportColumn(
        "number",
        gettext_lazy("Session no."),
        gettext_lazy("The session's number on the Sessions sheet."),
        "1",
        required=True,
    ),
    ImportColumn(
        "member_code",
        gettext_lazy("Member code"),
        gettext_lazy("The farmer's code on the group's roster."),
        "ACFC-001",
        required=True,
        as_text=True,
    ),
    ImportColumn(
        "pre_score", gettext_lazy("Score before"), gettext_lazy("0 to 100, or empty."), "40"
    ),
    ImportColumn(
        "post_score", gettext_lazy("Score after"), gettext_lazy("0 to 100, or empty."), "75"
    ),
)
SESSIONS_SPEC = SheetSpec(
    columns=SESSION_COLUMNS,
    max_rows=MAX_SESSIONS,
    no_rows=gettext_lazy("The Sessions sheet has a header row but no sessions."),
    too_much_data=gettext_lazy(
        "The workbook holds far more data than 1,000 sessions need. Keep only the two sheets."
    ),
)
ATTENDANCE_SPEC = SheetSpec(
    columns=ATTENDANCE_COLUMNS,
    max_rows=MAX_ATTENDANCE_ROWS,
    no_rows=gettext_lazy("The Attendance sheet has a header row but no farmers."),
    too_much_data=SESSIONS_SPEC.too_much_data,
)
SESSIONS_SHEET = gettext_lazy("Sessions")
ATTENDANCE_SHEET = gettext_lazy("Attendance")


@dataclass
class PaperImportReport:
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)


def paper_template_xlsx(*, user) -> bytes:
    workbook = new_workbook()
    template_add_sheet(workbook, title=SESSIONS_SHEET, columns=SESSION_COLUMNS, first=True)
    template_add_sheet(workbook, title=ATTENDANCE_SHEET, columns=ATTENDANCE_COLUMNS)
    groups = groups_user_may_record_for(user=user).select_related("country").order_by("name")
    template_add_guide(
        workbook,
        sheets=[(SESSIONS_SHEET, SESSION_COLUMNS), (ATTENDANCE_SHEET, ATTENDANCE_COLUMNS)],
        notes=[
            _("One session per row on “Sessions”; one farmer present per row on “Attendance”."),
            _("If any row has a problem, nothing is imported and every problem is listed."),
        ],
        lists=[
            (_("Producer groups you may import for"), groups.values_list("name", "country__name")),
            (_("Methods"), [(str(label), value) for value, label in SessionMethod.choices]),
            (_("Languages"), settings.LANGUAGES),
        ],
    )
    return workbook_bytes(workbook)


def paper_import_read(*, file) -> tuple[list[ImportRow], list[ImportRow]]:
    """The rows of both sheets; raises ImportFileError for a file unfit as a whole.

    Sheets are found by name, in any of the site's languages (the template is made in
    the downloader's language); failing that, Sessions is the first sheet. Attendance
    is never guessed by position: with it deleted, the second sheet is the "How to fill"
    guide, whose rows were read as attendance (issue 14).
    """
    workbook = upload_open(file=file, formats=("xlsx",))
    names = workbook.sheet_names()
    sessions_sheet = _sheet_named(SESSIONS_SHEET, names)
    sessions = table_rows(
        table=workbook, spec=SESSIONS_SPEC, sheet=0 if sessions_sheet is None else sessions_sheet
    )
    attendance_sheet = _sheet_named(ATTENDANCE_SHEET, names)
    if attendance_sheet is None:
        return sessions, []  # sessions with head counts only; others say what is missing
    try:
        attendance = table_rows(table=workbook, spec=ATTENDANCE_SPEC, sheet=attendance_sheet)
    except ImportFileError as error:
        if error.code in (ImportFileError.EMPTY, ImportFileError.NO_ROWS):
            return sessions, []  # every session counted heads: no attendance sheet needed
        raise
    return sessions, attendance


def _sheet_named(title, names: list[str]) -> str | None:
    """The sheet called `title` in any of the site's languages, whatever its case."""
    wanted = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            wanted.add(folded(sheet_title(title)))
    return next((name for name in names if folded(name) in wanted), None)


class _Names:
    """Every name a cell may use, read once for the whole file."""

    def __init__(self, *, user, sessions: list[ImportRow]):
        groups = groups_user_may_record_for(user=user)
        # Names are unique per country, not across countries: a name shared by groups of
        # two countries is refused as ambiguous rather than guessed.
        self.groups: dict[str, list] = {}
        for group in groups.select_related("country").only("pk", "name", "country__name"):
            self.groups.setdefault(folded(group.name), []).append(group)
        # Only the trainers of the user's groups (and the user), so the file cannot be used
        # to learn whether some other account exists.
        self.trainers = {}
        for person in (
            get_user_model()
            .objects.filter(Q(assigned_producer_groups__in=groups.values("pk")) | Q(pk=user.pk))
            .distinct()
            .only("pk", "username", "email")
        ):
            self.trainers[folded(person.username)] = person.pk
            if person.email:
                self.trainers[folded(person.email)] = person.pk
        self.methods = choices_in_every_language(SessionMethod.choices)
        self.languages = {folded(code): code for code, _name in settings.LANGUAGES}
        self.languages.update({folded(name): code for code, name in settings.LANGUAGES})
        self.generic = {
            folded(code): pk
            for code, pk in TrainingModulePage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .values_list("code", "pk")
        }
        country_ids = {group.country_id for same in self.groups.values() for group in same}
        self.adapted = {}
        # Only the user's countries' adaptations: the module selector's own rule.
        _generic, adapted = modules_usable_in(country_ids=country_ids)
        for code, pk, country in adapted.filter(adaptation_status="approved").values_list(
            "code", "pk", "country_id"
        ):
            self.adapted[(country, folded(code))] = pk


def _time(text: str) -> str | None:
    match = TIME.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _count(text: str) -> int | str | None:
    text = text.strip().removesuffix(".0")
    if not text:
        return None
    return int(text) if text.isdecimal() and text.isascii() else "invalid"


def _score(text: str):
    text = text.strip().removesuffix(".0")
    if not text:
        return None
    # A non-number goes on to be refused by name, by the same check the app's uploads get.
    return int(text) if text.isdecimal() and text.isascii() else text


def paper_sessions_import(
    *, user, sessions: list[ImportRow], attendance: list[ImportRow]
) -> PaperImportReport:
    """Check both sheets; store every session with its attendance, or none."""
    names = _Names(user=user, sessions=sessions)
    problems: list[Problem] = []
    labels = {**ATTENDANCE_SPEC.labels, **SESSIONS_SPEC.labels}
    sessions_sheet, attendance_sheet = str(SESSIONS_SHEET), str(ATTENDANCE_SHEET)

    def problem(sheet, row, key, message):
        problems.append(Problem(row, labels.get(key, key), str(message), sheet))

    by_number: dict[str, ImportRow] = {}
    for row in sessions:
        number = row.values["number"].removesuffix(".0")
        if number in by_number:
            problem(
                sessions_sheet,
                row.number,
                "number",
                _("Session no. %(number)s is also on row %(row)s.")
                % {"number": number, "row": by_number[number].number},
            )
        else:
            by_number[number] = row
    attendees: dict[str, list[ImportRow]] = {number: [] for number in by_number}
    for row in attendance:
        number = row.values["number"].removesuffix(".0")
        if number not in attendees:
            problem(
                attendance_sheet,
                row.number,
                "number",
                _("There is no session no. %(number)s on the Sessions sheet.") % {"number": number},
            )
        else:
            attendees[number].append(row)

    payloads, origins = [], []
    same_session: dict[str, ImportRow] = {}
    for number, row in by_number.items():
        payload = _payload(
            row,
            attendees[number],
            names,
            lambda key, message, row=row: problem(sessions_sheet, row.number, key, message),
        )
        if payload is None:
            continue
        first = same_session.setdefault(payload["uuid"], row)
        if first is not row:
            # Without this the second copy read as "already imported" (issue 14).
            problem(
                sessions_sheet,
                row.number,
                "date",
                _(
                    "This is the same session as row %(row)s of this sheet (same group, date, "
                    "times and method). Keep one row, or correct the date or times."
                )
                % {"row": first.number},
            )
            continue
        payloads.append(payload)
        origins.append((row, attendees[number]))

    # The rows that passed the checks above are checked against the server's rules too,
    # even when others did not: every problem of the file is named in one pass, not the
    # server's (a date in the future, a farmer not on the roster) only after a re-upload.
    storable, refusals = sessions_check(user=user, sessions=payloads)
    for result in refusals:
        row, attendance_rows = origins[result.index]
        if result.status != ACCEPTED and result.code in (200, 409):
            problem(
                sessions_sheet,
                row.number,
                "date",
                _("This session was already imported (same group, date, times and method)."),
            )
            continue
        for key, messages in result.errors.items():
            for message in messages:
                sheet, line, column = _where(key, row, attendance_rows)
                problem(sheet, line, column, message)
    if problems:
        return PaperImportReport(problems=_sorted(problems))
    with transaction.atomic():
        results = sessions_store(user=user, candidates=storable, source=SessionSource.PAPER)
        if any(result.status != ACCEPTED for result in results):
            # Someone imported the same sessions a moment ago: store nothing of this file.
            transaction.set_rollback(True)
            return PaperImportReport(
                problems=[
                    Problem(
                        None,
                        "",
                        str(RACE_MESSAGE),
                    )
                ]
            )
    return PaperImportReport(imported=len(results))


def _where(key: str, row: ImportRow, attendance_rows: list[ImportRow]):
    """Which sheet, row and column a checked field's error belongs to."""
    parts = key.split(".")
    if parts[0] == "attendance":
        if len(parts) >= 2 and parts[1].isdigit():
            line = attendance_rows[int(parts[1]) - 1].number
            return str(ATTENDANCE_SHEET), line, parts[2] if len(parts) > 2 else "member_code"
        if attendance_rows:  # about the list as a whole: a farmer twice, or not on the roster
            return str(ATTENDANCE_SHEET), attendance_rows[0].number, "member_code"
        return str(SESSIONS_SHEET), row.number, "women"  # nobody listed and no head counts
    column = {"starts_at": "start", "ends_at": "end", "counts": "women", "uuid": "date"}.get(
        parts[0], parts[0]
    )
    return str(SESSIONS_SHEET), row.number, "" if column == "session" else column


def _sorted(problems):
    return sorted(problems, key=lambda p: (p.sheet != str(SESSIONS_SHEET), p.row or 0))


def _payload(row: ImportRow, attendance_rows, names: _Names, problem) -> dict | None:
    values, ok = row.values, True
    same_name = names.groups.get(folded(values["group"]), [])
    group = same_name[0] if len(same_name) == 1 else None
    if not same_name:
        problem(
            "group",
            _("“%(name)s” is not a producer group you may import sessions for.")
            % {"name": values["group"]},
        )
        ok = False
    elif group is None:
        problem(
            "group",
            _(
                "Several groups are called “%(name)s” (%(countries)s): import each country's "
                "sessions in a file of their own, signed in as that country's platform."
            )
            % {
                "name": values["group"],
                "countries": ", ".join(sorted(g.country.name for g in same_name)),
            },
        )
        ok = False
    date = iso_date(values["date"])
    if date is None:
        problem("date", _("Write the date as YYYY-MM-DD, such as 2026-10-14."))
        ok = False
    start, end = _time(values["start"]), _time(values["end"])
    for key, value in (("start", start), ("end", end)):
        if value is None:
            problem(key, _("Write the time as HH:MM, such as 09:30."))
            ok = False
    method = names.methods.get(folded(values["method"]))
    if method is None:
        problem(
            "method",
            _(
                "“%(value)s” is not a method: write farmer field school, workshop, "
                "one-to-one visit, national call or international call."
            )
            % {"value": values["method"]},
        )
        ok = False
    language = names.languages.get(folded(values["language"]))
    if language is None:
        problem(
            "language",
            _("“%(value)s” is not one of the site's languages.") % {"value": values["language"]},
        )
        ok = False
    modules = []
    for code in filter(None, (c.strip() for c in values["modules"].split(LIST_SEPARATOR))):
        page_id = (
            names.adapted.get((group.country_id, folded(code))) if group else None
        ) or names.generic.get(folded(code))
        if page_id is None:
            problem("modules", _("No published module has the code %(code)s.") % {"code": code})
            ok = False
        else:
            modules.append({"id": page_id})
    trainers = []
    for name in filter(None, (n.strip() for n in values["trainers"].split(LIST_SEPARATOR))):
        if folded(name) not in names.trainers:
            problem(
                "trainers",
                _("%(name)s is not a trainer of your groups (user name or e-mail address).")
                % {"name": name},
            )
            ok = False
        else:
            trainers.append(names.trainers[folded(name)])
    if not trainers and ok:
        problem("trainers", _("Name at least one trainer."))
        ok = False
    counts = {key: _count(values.get(key, "")) for key in ("women", "men", "other")}
    for key, value in counts.items():
        if value == "invalid":
            problem(key, _("Write a whole number, or leave it empty."))
            ok = False
    if not ok:
        return None
    payload = {
        "uuid": str(uuid.uuid5(PAPER_NAMESPACE, f"{group.pk}|{date}|{start}|{end}|{method}")),
        "group": group.pk,
        "trainers": sorted(set(trainers)),
        "date": date.isoformat(),
        "starts_at": start,
        "ends_at": end,
        "method": method,
        "language": language,
        "place": values.get("place", ""),
        "modules": modules,
        "notes": values.get("notes", ""),
        "attendance": [
            {
                "member_code": attendee.values["member_code"],
                "pre_score": _score(attendee.values.get("pre_score", "")),
                "post_score": _score(attendee.values.get("post_score", "")),
            }
            for attendee in attendance_rows
        ],
    }
    if any(value is not None for value in counts.values()):
        payload["counts"] = {key: value or 0 for key, value in counts.items()}
    return payload
