"""The approved-member list as a certifier reads it: an Excel file, names only of
members who consented to their data being used (decision 0023)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum_site.spreadsheets import xlsx_formulas_as_text

STATUS_LABELS = {
    "approved": lambda: _("Approved"),
    "conditional": lambda: _("Conditional"),
    "suspended": lambda: _("Suspended"),
}


def member_shown_name(farmer) -> str:
    """A farmer's name, or a note that it is withheld: no consent, no name."""
    if getattr(farmer, "consent_given", False):
        return farmer.name
    return _("(name withheld: no consent)")


def approved_member_list_xlsx(*, group, members) -> bytes:
    # Imported here: openpyxl (with numpy) is ~30 MiB that a web worker would load for
    # the few requests making a workbook (decision 0025).
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Approved members")[:31]
    sheet.append([_("Approved-member list of %(group)s") % {"group": group.name}])
    sheet.append([_("Made on %(date)s") % {"date": timezone.localdate().isoformat()}])
    sheet.append([])
    sheet.append(
        [
            _("Member code"),
            _("Name"),
            _("Status"),
            _("Open non-conformities"),
            _("Last inspected on"),
        ]
    )
    for member in members:
        sheet.append(
            [
                member.farmer.member_code,
                member_shown_name(member.farmer),
                STATUS_LABELS[member.status](),
                ", ".join(nc.finding.control_point.code for nc in member.open_non_conformities),
                member.last_inspected_on.isoformat() if member.last_inspected_on else "",
            ]
        )
    xlsx_formulas_as_text(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
