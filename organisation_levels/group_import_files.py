"""The file side of the producer-group import: its columns, template and reading.

Reading refuses a file that cannot be imported as a whole; checking each row and
storing the groups is in group_import.py, which is the module views use.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import openpyxl
import pandas as pd
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from modules.models import Commodity, Country, Standard

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_XLSX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ImportColumn:
    key: str  # the ProducerGroup field it fills, or "commodities"/"certifications"
    label: str
    help: str
    example: str
    required: bool = False


COLUMNS = (
    ImportColumn(
        "name",
        gettext_lazy("Name"),
        gettext_lazy("The group's name. It must not be registered yet in its country."),
        "Kumasi cocoa farmers",
        required=True,
    ),
    ImportColumn(
        "country",
        gettext_lazy("Country"),
        gettext_lazy("The country's name or two-letter ISO code, as listed in the Excel template."),
        "Ghana",
        required=True,
    ),
    ImportColumn("region", gettext_lazy("Region or district"), "", "Ashanti"),
    ImportColumn(
        "commodities",
        gettext_lazy("Commodities"),
        gettext_lazy("At least one, with names as listed in the Excel template, separated by “;”."),
        "Cocoa; Coffee",
        # As in the admin form: a group's commodities decide which modules fit it.
        required=True,
    ),
    ImportColumn(
        "members_women", gettext_lazy("Women members"), gettext_lazy("A whole number."), "12"
    ),
    ImportColumn("members_men", gettext_lazy("Men members"), gettext_lazy("A whole number."), "18"),
    ImportColumn(
        "year_formed",
        gettext_lazy("Year formed"),
        gettext_lazy("A year from 1900 to this year."),
        "2012",
    ),
    ImportColumn("contact_name", gettext_lazy("Contact person"), "", "Ama Mensah"),
    ImportColumn(
        "contact_phone",
        gettext_lazy("Contact phone"),
        gettext_lazy("With the country code."),
        "+233 20 123 4567",
    ),
    ImportColumn("contact_email", gettext_lazy("Contact e-mail"), "", "ama@example.org"),
    ImportColumn(
        "latitude",
        gettext_lazy("Latitude"),
        gettext_lazy("Decimal degrees from -90 to 90."),
        "6.6885",
    ),
    ImportColumn(
        "longitude",
        gettext_lazy("Longitude"),
        gettext_lazy("Decimal degrees from -180 to 180."),
        "-1.6244",
    ),
    ImportColumn(
        "certifications",
        gettext_lazy("Certifications"),
        gettext_lazy(
            "Standard | certification body | valid until (YYYY-MM-DD, may be left out); "
            "several separated by “;”. Standards as listed in the Excel template."
        ),
        "Fairtrade | FLOCERT | 2026-06-30; Organic | Ecocert",
    ),
)
COLUMN_LABELS = {column.key: column.label for column in COLUMNS}


class GroupImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` tells the user why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportRow:
    number: int  # as Excel shows it: the header is row 1, the first group row 2
    values: dict[str, str]


def folded(text: str) -> str:
    """What people mean, not how they typed it: no case, accents or doubled spaces.

    "cote d\u2019ivoire" finds "Côte d'Ivoire": staff type on phones and keyboards
    without accents, or with curly apostrophes, and a refusal for that helps no one.
    """
    decomposed = unicodedata.normalize("NFKD", str(text)).replace("\u2019", "'")
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(without_marks.casefold().split())


def _header_key(text: str) -> str:
    # Headers match whatever their case, spacing, hyphens, underscores or dots, so
    # "Contact e-mail", "contact email" and "contact_email" are one column.
    return re.sub(r"[\s_\-.]+", "", folded(text))


def _accepted_headers() -> dict[str, str]:
    """Header (folded) -> column key, in every site language and as the field name.

    A template downloaded by a colleague whose admin is in French must still be
    accepted from an admin in English, so every language's labels are accepted.
    """
    accepted = {_header_key(column.key): column.key for column in COLUMNS}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            accepted.update({_header_key(str(column.label)): column.key for column in COLUMNS})
    return accepted


def importable_countries(user):
    return Country.objects.all() if user.is_superuser else Country.objects.of_platform_member(user)


def group_import_template_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([str(column.label) for column in COLUMNS])
    # The byte-order mark makes Excel on Windows open the file as UTF-8, not in the
    # local code page that garbles "Côte d'Ivoire" and Vietnamese names.
    return buffer.getvalue().encode("utf-8-sig")


def group_import_template_xlsx(*, user) -> bytes:
    """The header row to fill in, and a "How to fill" sheet with the valid names."""
    workbook = openpyxl.Workbook()
    groups_sheet = workbook.active
    groups_sheet.title = _sheet_title(_("Producer groups"))
    groups_sheet.append([str(column.label) for column in COLUMNS])
    groups_sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        groups_sheet.cell(row=1, column=index).font = Font(bold=True)
        dimensions = groups_sheet.column_dimensions[get_column_letter(index)]
        dimensions.width = max(14, len(column.example) + 2)
        if column.key == "contact_phone":
            # As text, or Excel turns 0201234567 into the number 201234567.
            dimensions.number_format = "@"

    guide = workbook.create_sheet(_sheet_title(_("How to fill")))
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["C"].width = 70
    guide.column_dimensions["D"].width = 40
    _append_heading(guide, _("How to fill the sheet “%(sheet)s”") % {"sheet": groups_sheet.title})
    guide.append([_("One producer group per row. Keep the header row; columns may be left out.")])
    guide.append([_("If any row has a problem, nothing is imported and every problem is listed.")])
    guide.append([])
    _append_heading(guide, _("Column"), _("Required"), _("What to write"), _("Example"))
    for column in COLUMNS:
        required = _("yes") if column.required else _("no")
        guide.append([str(column.label), required, str(column.help), column.example])
    lists = (
        (_("Countries you may import into"), importable_countries(user), "iso_code"),
        (_("Commodities"), Commodity.objects.order_by("name"), "slug"),
        (_("Standards"), Standard.objects.order_by("name"), "slug"),
    )
    for heading, terms, code in lists:
        guide.append([])
        _append_heading(guide, heading)
        for term in terms:
            guide.append([term.name, getattr(term, code)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses sheet names over 31 characters or with []:*?/\ in them,
    # which a translation could bring in.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31]


def _append_heading(sheet, *titles: str) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def group_import_read(*, file) -> list[ImportRow]:
    """The non-empty rows of an uploaded .csv or .xlsx file, by column key.

    Raises GroupImportFileError when the file cannot be imported as a whole:
    wrong type, unreadable, empty, too large, or columns missing or unknown.
    """
    if file.size > MAX_BYTES:
        raise GroupImportFileError(_("The file is larger than 5 MB. Split it into several files."))
    name = (file.name or "").lower()
    if not name.endswith((".csv", ".xlsx")):
        raise GroupImportFileError(
            _("Only .xlsx (Excel) and .csv files can be imported. Save the file in one of these.")
        )
    data = file.read()
    if not data.strip():
        raise GroupImportFileError(_("The file is empty."))
    table = _read_csv(data) if name.endswith(".csv") else _read_xlsx(data)
    cells = [[str(value).strip() for value in row] for row in table.values.tolist()]
    while cells and not any(cells[-1]):
        cells.pop()
    if not cells:
        raise GroupImportFileError(_("The file is empty."))
    header, *body = cells
    columns = _match_header(header, body)
    if len(body) > MAX_ROWS:
        raise GroupImportFileError(
            _("The file has more than %(limit)s rows. Split it into several files.")
            % {"limit": f"{MAX_ROWS:,}"}
        )
    rows = [
        ImportRow(number=index, values={key: row[position] for position, key in columns.items()})
        for index, row in enumerate(body, start=2)
        if any(row)
    ]
    if not rows:
        raise GroupImportFileError(_("The file has a header row but no producer groups."))
    return rows


def _read_csv(data: bytes) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GroupImportFileError(
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
            nrows=MAX_ROWS + 2,
        )
    except (pd.errors.ParserError, csv.Error):
        raise GroupImportFileError(
            _(
                "The file cannot be read as CSV: a row has more cells than the header row, "
                "or a quotation mark is not closed."
            )
        ) from None


def _read_xlsx(data: bytes) -> pd.DataFrame:
    unreadable = _(
        "The file cannot be read as an Excel workbook. If it is an old .xls file or "
        "protected by a password, open it in Excel and save it again as .xlsx."
    )
    if not data.startswith(b"PK"):  # every .xlsx is a zip archive
        raise GroupImportFileError(unreadable)
    try:
        unpacked = sum(entry.file_size for entry in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise GroupImportFileError(unreadable) from None
    if unpacked > MAX_UNPACKED_XLSX_BYTES:
        # A few megabytes of zip can unpack to gigabytes: refuse before anything is read.
        raise GroupImportFileError(
            _(
                "The workbook holds far more data than 5,000 groups need. "
                "Save only the groups sheet."
            )
        )
    try:
        # nrows stops reading early, so a workbook of a million rows costs no more
        # than the one row over the limit that proves it is too long.
        return pd.read_excel(
            io.BytesIO(data),
            sheet_name=0,
            header=None,
            dtype=str,
            keep_default_na=False,
            nrows=MAX_ROWS + 2,
            engine="openpyxl",
        )
    except Exception:
        raise GroupImportFileError(unreadable) from None


def _match_header(header: list[str], body: list[list[str]]) -> dict[int, str]:
    """Column position -> column key; refuses missing, unknown or repeated columns."""
    accepted = _accepted_headers()
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
            raise GroupImportFileError(
                _("The column “%(column)s” appears twice. Keep only one.") % {"column": title}
            )
        else:
            columns[position] = key
    messages = []
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in columns.values()]
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
                "known": ", ".join(str(column.label) for column in COLUMNS),
            }
        )
    if messages:
        raise GroupImportFileError(" ".join(messages))
    return columns
