"""A training plan as an Excel workbook (openpyxl) and as a printable PDF (WeasyPrint)."""

import io
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from curriculum_site.spreadsheets import xlsx_formulas_as_text
from training_plans.models import TrainingPlan
from training_plans.selectors import plan_actions, plan_budget_total, plan_timeline

# The PDF engine has no Thai or Burmese font of its own on a bare server.
PDF_FONTS = {
    "th": (
        "Noto Sans Thai",
        "fonts/noto-sans-thai/files/noto-sans-thai-thai-{weight}-normal.woff2",
    ),
    "my": (
        "Noto Sans Myanmar",
        "fonts/noto-sans-myanmar/files/noto-sans-myanmar-myanmar-{weight}-normal.woff2",
    ),
}


def _item_cells(item):
    return [
        item.module_code,
        item.module_title,
        "; ".join(item.reasons),
        item.planned_from,
        item.planned_until,
        (item.trainer.get_full_name() or item.trainer.username) if item.trainer else "",
        str(item.delivery_method) if item.delivery_method else "",
        item.budget,
        item.get_status_display(),
        item.notes,
    ]


def training_plan_xlsx(*, plan: TrainingPlan, items) -> bytes:
    # Imported here: openpyxl (with numpy) is ~30 MiB that a web worker would load for
    # the few requests making a workbook (decision 0025).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Training plan")[:31]
    sheet.append([plan.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _("Producer group"),
            plan.group.name,
            _("Period"),
            _("%(start)s to %(end)s")
            % {"start": date_format(plan.starts_on), "end": date_format(plan.ends_on)},
        ]
    )
    sheet.append([])
    header = [
        _("Code"),
        _("Module"),
        _("Why"),
        _("Planned from"),
        _("Planned until"),
        _("Trainer"),
        _("Delivery method"),
        _("Budget (%(currency)s)") % {"currency": plan.currency} if plan.currency else _("Budget"),
        _("Status"),
        _("Notes"),
    ]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for item in items:
        sheet.append(_item_cells(item))
    sheet.append(["", "", "", "", "", "", _("Total"), plan_budget_total(items=items)])
    sheet.cell(row=sheet.max_row, column=7).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=header_row + 1):
        row[3].number_format = row[4].number_format = "yyyy-mm-dd"
        row[7].number_format = "#,##0.00"
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate([10, 40, 60, 14, 14, 22, 20, 14, 12, 30], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    xlsx_formulas_as_text(sheet)
    # Keep the header in view while scrolling a long plan.
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    _actions_sheet(workbook, plan)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _actions_sheet(workbook, plan: TrainingPlan) -> None:
    """The plan's actions beyond training (issue 20, point 6), on a sheet of their own."""
    from openpyxl.styles import Font  # here, as in training_plan_xlsx
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_("Actions")[:31])
    header = [
        _("Action"),
        _("Kind"),
        _("Core issue"),
        _("Owner"),
        _("Starts on"),
        _("Ends on"),
        _("Indicator"),
        _("Budget"),
        _("Currency"),
        _("Status"),
        _("Carried over"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for action in plan_actions(plan=plan):
        sheet.append(
            [
                action.title,
                action.get_kind_display(),
                str(action.core_risk) if action.core_risk_id else "",
                action.owner,
                action.starts_on,
                action.ends_on,
                action.indicator,
                action.budget,
                action.budget_currency,
                action.get_status_display(),
                action.carried_from.plan.title if action.carried_from_id else "",
            ]
        )
    for column, width in enumerate([40, 18, 24, 24, 12, 12, 40, 14, 10, 14, 24], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    xlsx_formulas_as_text(sheet)


def training_plan_pdf(*, plan: TrainingPlan, items) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    months, rows = plan_timeline(plan=plan, items=items)
    html = render_to_string(
        "training_plans/plan_pdf.html",
        {
            "plan": plan,
            "items": items,
            "months": months,
            "rows": rows,
            "budget_total": plan_budget_total(items=items),
            "actions": plan_actions(plan=plan),
            "font": pdf_font(),
        },
    )
    return HTML(string=html).write_pdf()


def pdf_font():
    """The @font-face a PDF in the current language needs (Thai, Burmese), or None."""
    entry = PDF_FONTS.get((get_language() or "").split("-")[0])
    if entry is None:
        return None
    family, pattern = entry
    files = {weight: finders.find(pattern.format(weight=weight)) for weight in (400, 700)}
    if not all(files.values()):
        return None
    return {
        "family": family,
        "regular": Path(files[400]).as_uri(),
        "bold": Path(files[700]).as_uri(),
    }
