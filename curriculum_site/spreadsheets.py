"""Reading spreadsheets people fill in: producer groups, rosters, paper session forms.

Every import in Backpack reads the same way: an .xlsx or .csv file (.xlsx only where
the data has several sheets), checked as a whole first (type, size, encoding, zip
bombs, row limit, columns missing, unknown or repeated), then handed over as rows
keyed by column, each with the row number Excel shows, so a problem can be named
by row and column. What the rows mean is each import's own business.

pandas and openpyxl (with numpy) are imported inside the functions that read or write a
file: at module level they cost every web worker ~65 MiB for the few requests that import
or export a spreadsheet (issue 19, decision 0025).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    import pandas as pd

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_XLSX_BYTES = 50 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet treats a cell starting with one of these as a formula; names and titles
# typed by people must stay text when a CSV is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def xlsx_formulas_as_text(sheet) -> None:
    """Text typed by people (titles, notes, names) is never run as a spreadsheet formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


@dataclass(frozen=True)
class ImportColumn:
    key: str  # the field it fills
    label: str | Promise
    help: str | Promise
    example: str
    required: bool = False
    as_text: bool = False  # formatted as text in the template (codes, phone numbers)


@dataclass(frozen=True)
class SheetSpec:
    """The columns of one sheet, its row limit, and what to say when it holds no rows."""

    columns: tuple[ImportColumn, ...]
    max_rows: int
    no_rows: str | Promise  # "The file has a header row but no producer groups."
    too_much_data: str | Promise  # said when an .xlsx unpacks to far more than max_rows need

    @property
    def labels(self) -> dict[str, str]:
        return {column.key: str(column.label) for column in self.columns}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` tells the user why, ``code``
    tells the code (the message is translated, so code must not read it)."""

    EMPTY = "empty"
    NO_ROWS = "no_rows"

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ImportRow:
    number: int  # as Excel shows it: the header is row 1, the first data row 2
    values: dict[str, str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, named as the user sees it in the spreadsheet."""

    row: int | None  # as Excel shows it; None when it concerns the whole file
    column: str
    message: str
    sheet: str = ""  # for workbooks of several sheets


def folded(text: str) -> str:
    """What people mean, not how they typed it: no case, accents or doubled spaces.

    "cote d\u2019ivoire" finds "Côte d'Ivoire": staff type on phones and keyboards
    without accents, or with curly apostrophes, and a refusal for that helps no one.
    """
    decomposed = unicodedata.normalize("NFKD", str(text)).replace("\u2019", "'")
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(without_marks.casefold().split())


def choices_in_every_language(choices) -> dict[str, str]:
    """Folded value or label, in any site language -> the choice's value: a cell may say
    "workshop", "Atelier" or "Lokakarya" for the same choice."""
    index = {folded(value): value for value, _label in choices}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            index.update({folded(str(label)): value for value, label in choices})
    return index


def _header_key(text: str) -> str:
    # Headers match whatever their case, spacing, hyphens, underscores or dots, so
    # "Contact e-mail", "contact email" and "contact_email" are one column.
    return re.sub(r"[\s_\-.]+", "", folded(text))


def _accepted_headers(columns) -> dict[str, str]:
    """Header (folded) -> column key, in every site language and as the field name.

    A template downloaded by a colleague whose admin is in French must still be
    accepted from an admin in English, so every language's labels are accepted.
    """
    accepted = {_header_key(column.key): column.key for column in columns}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            accepted.update({_header_key(str(column.label)): column.key for column in columns})
    return accepted


def upload_read(*, file, spec: SheetSpec, formats=("xlsx", "csv")) -> list[ImportRow]:
    """The non-empty rows of an uploaded file's first sheet, by column key."""
    return table_rows(table=upload_open(file=file, formats=formats), spec=spec)


def upload_open(*, file, formats=("xlsx", "csv")):
    """Check an upload as a file and open it: a DataFrame (CSV) or an xlsx reader.

    Raises ImportFileError for a wrong type, an empty or too large file, an unreadable
    one or a zip bomb. Pass the result to `table_rows` (once per sheet for .xlsx).
    """
    if file.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Split it into several files."))
    name = (file.name or "").lower()
    if not name.endswith(tuple(f".{extension}" for extension in formats)):
        if formats == ("xlsx",):
            raise ImportFileError(
                _("Only Excel (.xlsx) files can be imported here. Save the file as .xlsx.")
            )
        raise ImportFileError(
            _("Only .xlsx (Excel) and .csv files can be imported. Save the file in one of these.")
        )
    data = file.read()
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    return _Csv(data) if name.endswith(".csv") else _Workbook(data)


class _Csv:
    def __init__(self, data: bytes):
        self.data = data

    def sheet(self, sheet, max_rows: int, spec: SheetSpec) -> pd.DataFrame:
        import pandas as pd  # lazily: see the module's docstring

        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(
                _(
                    "The file is not in UTF-8 encoding. In Excel, save it as “CSV UTF-8 (Comma "
                    "delimited)”; in LibreOffice, choose the character set “Unicode (UTF-8)”."
                )
            ) from None
        # Excel in French, Portuguese and other locales separates CSV cells with ";"
        # (or a tab), so the separator is the one the header row uses most.
        header_line = text.split("\n", 1)[0]
        separator = max([",", ";", "\t"], key=header_line.count)
        try:
            return pd.read_csv(
                io.StringIO(text),
                sep=separator,
                header=None,
                dtype=str,
                keep_default_na=False,
                # Kept so that row numbers stay those the user sees in a spreadsheet.
                skip_blank_lines=False,
                nrows=max_rows + 2,
            )
        except (pd.errors.ParserError, csv.Error):
            raise ImportFileError(
                _(
                    "The file cannot be read as CSV: a row has more cells than the header row, "
                    "or a quotation mark is not closed."
                )
            ) from None


class _Workbook:
    def __init__(self, data: bytes):
        self.unreadable = _(
            "The file cannot be read as an Excel workbook. If it is an old .xls file or "
            "protected by a password, open it in Excel and save it again as .xlsx."
        )
        if not data.startswith(b"PK"):  # every .xlsx is a zip archive
            raise ImportFileError(self.unreadable)
        try:
            self.unpacked = sum(
                entry.file_size for entry in zipfile.ZipFile(io.BytesIO(data)).infolist()
            )
        except zipfile.BadZipFile:
            raise ImportFileError(self.unreadable) from None
        self.data = data

    def sheet_names(self) -> list[str]:
        import openpyxl  # lazily: see the module's docstring

        try:
            return openpyxl.load_workbook(io.BytesIO(self.data), read_only=True).sheetnames
        except Exception:
            raise ImportFileError(self.unreadable) from None

    def sheet(self, sheet, max_rows: int, spec: SheetSpec) -> pd.DataFrame:
        import pandas as pd  # lazily: see the module's docstring

        if self.unpacked > MAX_UNPACKED_XLSX_BYTES:
            # A few megabytes of zip can unpack to gigabytes: refuse before anything is read.
            raise ImportFileError(str(spec.too_much_data))
        self._refuse_formulas_without_results(sheet, max_rows)
        try:
            # nrows stops reading early, so a workbook of a million rows costs no more
            # than the one row over the limit that proves it is too long.
            return pd.read_excel(
                io.BytesIO(self.data),
                sheet_name=sheet,
                header=None,
                dtype=str,
                keep_default_na=False,
                nrows=max_rows + 2,
                engine="openpyxl",
            )
        except ValueError as error:
            if isinstance(sheet, str) and "not found" in str(error):
                raise ImportFileError(
                    _("The workbook has no sheet named “%(sheet)s”. Start from the template.")
                    % {"sheet": sheet}
                ) from None
            raise ImportFileError(self.unreadable) from None
        except Exception:
            raise ImportFileError(self.unreadable) from None

    def _refuse_formulas_without_results(self, sheet, max_rows: int) -> None:
        """A formula cell is read by its stored result. Files written by programs that do
        not calculate (scripts, some exporters) store none, and the cell would be read as
        empty: a session stored with blank fields (issue 14). Such cells are named instead.
        """
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            sheets_xml = [
                archive.read(name)
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            ]
        if not any(b"<f" in xml for xml in sheets_xml):
            return  # no formula anywhere: the common case costs no second reading
        import openpyxl  # lazily: see the module's docstring

        try:
            formulas = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True)
            results = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            name = sheet if isinstance(sheet, str) else formulas.sheetnames[sheet]
            cells = zip(
                formulas[name].iter_rows(max_row=max_rows + 2),
                results[name].iter_rows(max_row=max_rows + 2),
                strict=False,
            )
            missing = [
                formula.coordinate
                for formula_row, result_row in cells
                for formula, result in zip(formula_row, result_row, strict=False)
                if formula.data_type == "f" and result.value is None
            ]
        except (KeyError, IndexError):
            return  # no such sheet: reading it says so in the user's words
        except Exception:
            raise ImportFileError(self.unreadable) from None
        if missing:
            shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
            raise ImportFileError(
                _(
                    "On the sheet “%(sheet)s”, the cells %(cells)s hold formulas whose results "
                    "are not stored in the file, so they cannot be read. Type the values "
                    "instead, or open the file in Excel or LibreOffice, save it and upload "
                    "it again."
                )
                % {"sheet": name, "cells": shown}
            )


def table_rows(*, table, spec: SheetSpec, sheet: int | str = 0) -> list[ImportRow]:
    """The non-empty rows of one sheet of an opened upload, by column key.

    Raises ImportFileError when the sheet is empty, too long, or its columns are
    missing, unknown or repeated.
    """
    frame = table.sheet(sheet, spec.max_rows, spec)
    cells = [[str(value).strip() for value in row] for row in frame.values.tolist()]
    while cells and not any(cells[-1]):
        cells.pop()
    if not cells:
        raise ImportFileError(_("The file is empty."), ImportFileError.EMPTY)
    header, *body = cells
    columns = _match_header(header, body, spec.columns)
    if len(body) > spec.max_rows:
        raise ImportFileError(
            _("The file has more than %(limit)s rows. Split it into several files.")
            % {"limit": f"{spec.max_rows:,}"}
        )
    rows = [
        ImportRow(number=index, values={key: row[position] for position, key in columns.items()})
        for index, row in enumerate(body, start=2)
        if any(row)
    ]
    if not rows:
        raise ImportFileError(str(spec.no_rows), ImportFileError.NO_ROWS)
    return rows


def _match_header(header: list[str], body: list[list[str]], known) -> dict[int, str]:
    """Column position -> column key; refuses missing, unknown or repeated columns."""
    from openpyxl.utils import get_column_letter  # lazily: see the module's docstring

    accepted = _accepted_headers(known)
    columns: dict[int, str] = {}
    unknown = []
    for position, title in enumerate(header):
        if not title:
            # Excel keeps formatted but empty columns; only a nameless column with
            # values in it is worth a refusal.
            if any(row[position] for row in body):
                unknown.append(
                    _("column %(letter)s (no header)") % {"letter": get_column_letter(position + 1)}
                )
            continue
        key = accepted.get(_header_key(title))
        if key is None:
            unknown.append(f"“{title}”")
        elif key in columns.values():
            raise ImportFileError(
                _("The column “%(column)s” appears twice. Keep only one.") % {"column": title}
            )
        else:
            columns[position] = key
    messages = []
    missing = [str(c.label) for c in known if c.required and c.key not in columns.values()]
    if missing:
        messages.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if unknown:
        messages.append(
            _(
                "Unknown columns: %(columns)s. Name them as in the template (%(known)s), "
                "or remove them."
            )
            % {
                "columns": ", ".join(unknown),
                "known": ", ".join(str(column.label) for column in known),
            }
        )
    if messages:
        raise ImportFileError(" ".join(messages))
    return columns


# --- Templates ------------------------------------------------------------------------


def template_csv(columns) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([str(column.label) for column in columns])
    # The byte-order mark makes Excel on Windows open the file as UTF-8, not in the
    # local code page that garbles "Côte d'Ivoire" and Vietnamese names.
    return buffer.getvalue().encode("utf-8-sig")


def template_add_sheet(workbook, *, title: str, columns, first=False):
    """A sheet with the header row to fill in, bold and frozen, sized to the examples."""
    from openpyxl.styles import Font  # lazily: see the module's docstring
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = sheet_title(title)
    sheet.append([str(column.label) for column in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        dimensions = sheet.column_dimensions[get_column_letter(index)]
        dimensions.width = max(14, len(column.example) + 2, len(str(column.label)) + 2)
        if column.as_text:
            # As text, or Excel turns 0201234567 into the number 201234567.
            dimensions.number_format = "@"
    return sheet


def template_add_guide(workbook, *, sheets, notes, lists):
    """A "How to fill" sheet: notes, each sheet's columns with help and examples, and the
    valid names (`lists`: heading -> rows of cells)."""
    guide = workbook.create_sheet(sheet_title(_("How to fill")))
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["C"].width = 70
    guide.column_dimensions["D"].width = 40
    for note in notes:
        guide.append([str(note)])
    for title, columns in sheets:
        guide.append([])
        append_heading(
            guide, _("How to fill the sheet “%(sheet)s”") % {"sheet": sheet_title(title)}
        )
        append_heading(guide, _("Column"), _("Required"), _("What to write"), _("Example"))
        for column in columns:
            required = _("yes") if column.required else _("no")
            guide.append([str(column.label), required, str(column.help), column.example])
    for heading, rows in lists:
        guide.append([])
        append_heading(guide, heading)
        for row in rows:
            guide.append(list(row))
    return guide


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def new_workbook():
    import openpyxl  # lazily: see the module's docstring

    return openpyxl.Workbook()


def sheet_title(title: str) -> str:
    # Excel refuses sheet names over 31 characters or with []:*?/\ in them,
    # which a translation could bring in.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31]


def append_heading(sheet, *titles: str) -> None:

    from openpyxl.styles import Font  # lazily: see the module's docstring

    sheet.append([str(title) for title in titles])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
