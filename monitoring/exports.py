"""Dashboard tables as CSV and Excel files (issue 8, point 3).

Cell text comes from people (group and module names), so it is never let run as a
spreadsheet formula (curriculum_site.reports).
"""

import csv
import io

from django.utils.translation import gettext as _

from curriculum_site.spreadsheets import csv_text, xlsx_formulas_as_text
from monitoring.tables import Table


def table_csv(*, table: Table, filters: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_text(table.title), csv_text(filters)])
    writer.writerow([csv_text(str(column)) for column in table.columns])
    for row in table.all_rows():
        cells = [_blank(value) for value in row]
        writer.writerow([csv_text(c) if isinstance(c, str) else c for c in cells])
    return out.getvalue()


def tables_xlsx(*, tables: list[Table], title: str, filters: str) -> bytes:
    """One sheet per table, each headed by the title and the filters it was made with."""
    # Imported here: openpyxl (with numpy) is ~30 MiB that a web worker would load for
    # the few requests making a workbook (decision 0025).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, workbook))
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([table.title, filters])
        sheet.append([])
        sheet.append([str(column) for column in table.columns])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.all_rows():
            sheet.append([_blank(value) for value in row])
        if table.note:
            sheet.append([])
            sheet.append([str(table.note)])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(column)) + 2)
        sheet.column_dimensions["A"].width = 44
        xlsx_formulas_as_text(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _blank(value):
    """No figure (nothing to divide by) is an empty cell, not the word None; labels made
    in the current language (lazy translations) are written as the text they stand for."""
    if value is None:
        return ""
    return value if isinstance(value, int | float) else str(value)


def _sheet_name(title: str, workbook) -> str:
    # Excel allows 31 characters and no []:*?/\ in a sheet name, and no two alike.
    name = "".join(c for c in str(title) if c not in "[]:*?/\\")[:28] or _("Table")
    candidate, number = name, 2
    while candidate in workbook.sheetnames:
        candidate, number = f"{name[:25]} {number}", number + 1
    return candidate
