"""A standard's requirements from the committee's spreadsheet (issue 21, point 1).

One file fills one draft catalogue. Rows are matched by the standard's code: a new code
adds a requirement, a known one updates it; requirements missing from the file are left
as they are. Every row is checked first; if any has a problem, nothing is stored and
every problem is listed with its row and column. Active and retired catalogues are
frozen (inspections cite them), so only a draft takes an import.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum_site.spreadsheets import (
    ImportColumn,
    ImportRow,
    Problem,
    SheetSpec,
    choices_in_every_language,
    folded,
    new_workbook,
    template_add_guide,
    template_add_sheet,
    template_csv,
    upload_read,
    workbook_bytes,
)
from internal_control.models import AppliesTo, ControlPoint, Requirement, RequirementCatalogue
from internal_control.services import KEEP_PERMISSION, catalogue_require_draft
from reference.models import OrganisationLevel

MAX_ROWS = 2000

COLUMNS = (
    ImportColumn(
        "code",
        gettext_lazy("Code"),
        gettext_lazy("The standard's own number for the requirement; unique in the file."),
        "1.2.3",
        required=True,
        as_text=True,
    ),
    ImportColumn(
        "text",
        gettext_lazy("Requirement"),
        gettext_lazy("What the standard asks, as it says it."),
        "Members keep records of the pesticides they apply.",
        required=True,
    ),
    ImportColumn(
        "applies_to",
        gettext_lazy("Applies to"),
        gettext_lazy("The group, or each member. Empty: each member."),
        "Each member",
    ),
    ImportColumn(
        "from_level",
        gettext_lazy("From level"),
        gettext_lazy(
            "The organisation level from which it applies (Low, Moderate, Adequate, "
            "Specialized, or 1 to 4). Empty: every level."
        ),
        "Moderate",
    ),
    ImportColumn(
        "control_points",
        gettext_lazy("Control points"),
        gettext_lazy("Codes of the control points that cover it, separated by commas."),
        "ICS-03, ICS-07",
    ),
)
SPEC = SheetSpec(
    columns=COLUMNS,
    max_rows=MAX_ROWS,
    no_rows=gettext_lazy("The file has a header row but no requirements."),
    too_much_data=gettext_lazy(
        "The workbook holds far more data than a list of requirements needs. Save only "
        "the requirements sheet."
    ),
)
LABELS = SPEC.labels
SEPARATORS = re.compile(r"[,;|\n]+")


@dataclass
class RequirementImportReport:
    added: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def requirement_template_csv() -> bytes:
    return template_csv(COLUMNS)


def requirement_template_xlsx() -> bytes:
    workbook = new_workbook()
    title = _("Requirements")
    template_add_sheet(workbook, title=title, columns=COLUMNS, first=True)
    template_add_guide(
        workbook,
        sheets=[(title, COLUMNS)],
        notes=[
            _("One requirement per row. A code already in the catalogue updates it."),
            _("If any row has a problem, nothing is imported and every problem is listed."),
        ],
        lists=[
            (_("Applies to"), [(str(label), value) for value, label in AppliesTo.choices]),
            (
                _("Levels"),
                [(level.name, str(level.rank)) for level in _levels()],
            ),
        ],
    )
    return workbook_bytes(workbook)


def requirement_import_read(*, file) -> list[ImportRow]:
    return upload_read(file=file, spec=SPEC)


def _originals(rows):
    """Levels as catalogues link them: the default language's rows when levels are
    translatable (a translation points at its original by translation key)."""
    if not hasattr(OrganisationLevel, "translation_key"):
        return {row.pk: row for row in rows}, (lambda row: row)
    originals = {
        row.translation_key: row
        for row in rows
        if row.locale.language_code == settings.LANGUAGE_CODE
    }
    return originals, (lambda row: originals.get(row.translation_key))


def _all_levels():
    levels = OrganisationLevel.objects.order_by("rank")
    if hasattr(OrganisationLevel, "translation_key"):
        levels = levels.select_related("locale")
    return list(levels)


def _levels():
    originals, _resolve = _originals(_all_levels())
    return sorted(originals.values(), key=lambda level: level.rank)


def _level_index() -> dict[str, OrganisationLevel]:
    """Name, slug or rank of a level, in any language -> the level catalogues link to."""
    rows = _all_levels()
    _originals_found, resolve = _originals(rows)
    index = {}
    for row in rows:
        original = resolve(row)
        if original is not None:
            for key in (row.name, row.slug, str(row.rank)):
                index[folded(key)] = original
    return index


def _row_check(row: ImportRow, *, applies, levels, control_points):
    values, errors, data = row.values, {}, {}
    data["code"] = " ".join(values.get("code", "").split()).removesuffix(".0")
    data["text"] = values.get("text", "").strip()
    if not data["code"]:
        errors["code"] = [_("The code is empty.")]
    elif len(data["code"]) > 30:
        errors["code"] = [_("The code is longer than 30 characters.")]
    if not data["text"]:
        errors["text"] = [_("The requirement is empty.")]
    applies_text = folded(values.get("applies_to", ""))
    data["applies_to"] = applies.get(applies_text) if applies_text else AppliesTo.MEMBER
    if data["applies_to"] is None:
        errors["applies_to"] = [
            _("“%(value)s” is not one we know: write the group or each member.")
            % {"value": values["applies_to"]}
        ]
    level_text = folded(values.get("from_level", "")).removesuffix(".0")
    data["from_level"] = levels.get(level_text) if level_text else None
    if level_text and data["from_level"] is None:
        errors["from_level"] = [
            _(
                "“%(value)s” is not an organisation level: write Low, Moderate, Adequate "
                "or Specialized."
            )
            % {"value": values["from_level"]}
        ]
    data["control_points"] = []
    for code in SEPARATORS.split(values.get("control_points", "")):
        code = code.strip()
        if not code:
            continue
        point = control_points.get(folded(code))
        if point is None:
            errors.setdefault("control_points", []).append(
                _("There is no control point %(code)s: add it under Control points first.")
                % {"code": code}
            )
        else:
            data["control_points"].append(point)
    return data, errors


def requirement_import(
    *, catalogue: RequirementCatalogue, rows: list[ImportRow], user
) -> RequirementImportReport:
    """Check every row; add or update every requirement of the draft, or none."""
    if not user.has_perm(KEEP_PERMISSION):
        raise PermissionDenied
    try:
        catalogue_require_draft(catalogue)
    except ValidationError as error:
        return RequirementImportReport(problems=[Problem(None, "", error.messages[0])])
    checks = dict(
        applies=choices_in_every_language(AppliesTo.choices),
        levels=_level_index(),
        control_points={folded(point.code): point for point in ControlPoint.objects.all()},
    )
    problems, found, seen = [], [], {}
    for row in rows:
        data, errors = _row_check(row, **checks)
        code = folded(data["code"])
        if code and code in seen:
            errors.setdefault("code", []).append(
                _("The code %(code)s is also on row %(row)s.")
                % {"code": data["code"], "row": seen[code]}
            )
        seen.setdefault(code, row.number)
        problems += [
            Problem(row.number, LABELS[key], message)
            for key, messages in errors.items()
            for message in messages
        ]
        found.append(data)
    if problems:
        return RequirementImportReport(problems=problems)
    return _store(catalogue=catalogue, found=found)


@transaction.atomic
def _store(*, catalogue, found) -> RequirementImportReport:
    catalogue = RequirementCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    catalogue_require_draft(catalogue)
    existing = {folded(req.code): req for req in catalogue.requirements.all()}
    order = catalogue.requirements.aggregate(last=Max("sort_order"))["last"] or 0
    report = RequirementImportReport()
    for data in found:
        requirement = existing.get(folded(data["code"]))
        if requirement is None:
            order += 1
            requirement = Requirement(catalogue=catalogue, sort_order=order)
            report.added += 1
        else:
            report.updated += 1
        requirement.code = data["code"]
        requirement.text = data["text"]
        requirement.applies_to = data["applies_to"]
        requirement.from_level = data["from_level"]
        requirement.save()
        requirement.control_points.set(data["control_points"])
        requirement.save()
    return report
