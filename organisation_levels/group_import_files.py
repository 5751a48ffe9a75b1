"""The file side of the producer-group import: its columns, template and reading.

Reading refuses a file that cannot be imported as a whole (curriculum_site/spreadsheets.py
does the reading shared by every import); checking each row and storing the groups is in
group_import.py, which is the module views use.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum_site.spreadsheets import (
    MAX_BYTES,
    ImportColumn,
    ImportFileError,
    ImportRow,
    SheetSpec,
    folded,
    new_workbook,
    template_add_guide,
    template_add_sheet,
    template_csv,
    upload_read,
    workbook_bytes,
)
from reference.models import Commodity, Country, Standard

__all__ = ["MAX_BYTES", "ImportRow", "folded"]

MAX_ROWS = 5000


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
        as_text=True,
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

SPEC = SheetSpec(
    columns=COLUMNS,
    max_rows=MAX_ROWS,
    no_rows=gettext_lazy("The file has a header row but no producer groups."),
    too_much_data=gettext_lazy(
        "The workbook holds far more data than 5,000 groups need. Save only the groups sheet."
    ),
)

# The import's own name for the shared error, as its views and tests know it.
GroupImportFileError = ImportFileError


def importable_countries(user):
    return Country.objects.all() if user.is_superuser else Country.objects.of_platform_member(user)


def group_import_template_csv() -> bytes:
    return template_csv(COLUMNS)


def group_import_template_xlsx(*, user) -> bytes:
    """The header row to fill in, and a "How to fill" sheet with the valid names."""
    workbook = new_workbook()
    title = _("Producer groups")
    template_add_sheet(workbook, title=title, columns=COLUMNS, first=True)
    template_add_guide(
        workbook,
        sheets=[(title, COLUMNS)],
        notes=[
            _("One producer group per row. Keep the header row; columns may be left out."),
            _("If any row has a problem, nothing is imported and every problem is listed."),
        ],
        lists=[
            (
                _("Countries you may import into"),
                importable_countries(user).values_list("name", "iso_code"),
            ),
            (
                _("Commodities"),
                [(str(term), term.slug) for term in Commodity.objects.originals()],
            ),
            (
                _("Standards"),
                [(str(term), term.slug) for term in Standard.objects.originals()],
            ),
        ],
    )
    return workbook_bytes(workbook)


def group_import_read(*, file) -> list[ImportRow]:
    """The non-empty rows of an uploaded .csv or .xlsx file, by column key.

    Raises GroupImportFileError when the file cannot be imported as a whole:
    wrong type, unreadable, empty, too large, or columns missing or unknown.
    """
    return upload_read(file=file, spec=SPEC)
