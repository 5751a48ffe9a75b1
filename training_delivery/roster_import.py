"""Bulk import of a producer group's farmer roster from Excel or CSV (issue 7, point 1).

One file is one group's roster. Rows are matched to the roster by member code: a
new code adds a farmer, a known code updates that farmer (and puts a removed farmer
back on the roster), and farmers missing from the file are left alone, since a
partial list is the usual case ("the twelve who joined this season"). Every row is
checked first; if any has a problem, nothing is stored and every problem is listed.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
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
from organisation_levels.models import ProducerGroup
from training_delivery.consent import consent_text_current
from training_delivery.models import Farmer, FarmerConsent, Gender
from training_delivery.models.roster import EARLIEST_BIRTH_YEAR
from training_delivery.signals import farmers_written

MAX_ROWS = 5000

COLUMNS = (
    ImportColumn(
        "member_code",
        gettext_lazy("Member code"),
        gettext_lazy("The group's code for the member; unique in the group."),
        "ACFC-001",
        required=True,
        as_text=True,
    ),
    ImportColumn("name", gettext_lazy("Name"), "", "Akosua Boateng", required=True),
    ImportColumn(
        "gender",
        gettext_lazy("Gender"),
        gettext_lazy("Woman, man, other, or leave empty for not stated."),
        "Woman",
    ),
    ImportColumn(
        "birth_year", gettext_lazy("Birth year"), gettext_lazy("A year, such as 1978."), "1978"
    ),
    ImportColumn(
        "consent",
        gettext_lazy("Consent to data use"),
        gettext_lazy("Yes or no: the farmer agreed that their data is recorded and reported."),
        "Yes",
    ),
    ImportColumn(
        "consent_date",
        gettext_lazy("Consent date"),
        gettext_lazy("The day consent was given, as YYYY-MM-DD. Needed when consent is yes."),
        "2026-03-01",
    ),
)
SPEC = SheetSpec(
    columns=COLUMNS,
    max_rows=MAX_ROWS,
    no_rows=gettext_lazy("The file has a header row but no farmers."),
    too_much_data=gettext_lazy(
        "The workbook holds far more data than a roster needs. Save only the roster sheet."
    ),
)
LABELS = SPEC.labels
# How people write these on forms in the seven countries' languages, whatever the
# interface catalogues say; folded (no case or accents) when compared.
GENDER_WORDS = {
    Gender.FEMALE: "f w woman female femme mulher feminino perempuan wanita หญิง ผู้หญิง nu phu_nu "
    "အမျိုးသမီး",
    Gender.MALE: "m h man male homme homem masculino laki-laki pria ชาย ผู้ชาย nam အမျိုးသား",
    Gender.OTHER: "other autre outro lainnya อื่นๆ khac အခြား",
}
YES_WORDS = "yes y 1 x true oui sim ya ใช่ co ဟုတ်"
NO_WORDS = "no n 0 false non nao tidak ไม่ khong မဟုတ်"
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00:00)?$")


def iso_date(text: str) -> datetime.date | None:
    """A YYYY-MM-DD cell, also as pandas reads an Excel date cell ("2026-03-01 00:00:00")."""
    match = ISO_DATE.match(text.strip())
    try:
        return datetime.date.fromisoformat(match.group(1)) if match else None
    except ValueError:  # 2026-02-30
        return None


@dataclass
class RosterImportReport:
    added: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def roster_template_csv() -> bytes:
    return template_csv(COLUMNS)


def roster_template_xlsx() -> bytes:
    workbook = new_workbook()
    title = _("Roster")
    template_add_sheet(workbook, title=title, columns=COLUMNS, first=True)
    template_add_guide(
        workbook,
        sheets=[(title, COLUMNS)],
        notes=[
            _("One farmer per row. A member code already on the roster updates that farmer."),
            _("If any row has a problem, nothing is imported and every problem is listed."),
        ],
        lists=[(_("Genders"), [(str(label), value) for value, label in Gender.choices])],
    )
    return workbook_bytes(workbook)


def roster_import_read(*, file) -> list[ImportRow]:
    """The rows of an uploaded roster; raises ImportFileError for a file unfit as a whole."""
    return upload_read(file=file, spec=SPEC)


def _words(*english: str) -> set[str]:
    """These words in every site language's interface catalogue (and in English), folded."""
    words = {folded(word) for word in english}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words |= {folded(_(word)) for word in english}
    return words


def _gender_index() -> dict[str, str]:
    index = choices_in_every_language(Gender.choices)
    for gender, words in GENDER_WORDS.items():
        # Entries are separated by spaces; "_" joins the words of one entry ("phu_nu").
        index.update({folded(word): gender for word in _entries(words)})
    index[""] = Gender.UNSTATED
    return index


def _entries(words: str) -> list[str]:
    return [word.replace("_", " ") for word in words.split()]


def _row_check(row: ImportRow, *, genders, yes, no, today) -> tuple[dict, dict[str, list[str]]]:
    values, errors, farmer = row.values, {}, {}
    farmer["member_code"] = values.get("member_code", "").strip()
    farmer["name"] = " ".join(values.get("name", "").split())
    if not farmer["member_code"]:
        errors["member_code"] = [_("The member code is empty.")]
    elif len(farmer["member_code"]) > 40:
        errors["member_code"] = [_("The member code is longer than 40 characters.")]
    if not farmer["name"]:
        errors["name"] = [_("The name is empty.")]
    elif len(farmer["name"]) > 150:
        errors["name"] = [_("The name is longer than 150 characters.")]
    gender = genders.get(folded(values.get("gender", "")))
    if gender is None:
        errors["gender"] = [
            _("“%(value)s” is not a gender we know: write woman, man or other, or leave it empty.")
            % {"value": values["gender"]}
        ]
    farmer["gender"] = gender
    birth_year = values.get("birth_year", "").removesuffix(".0")
    farmer["birth_year"] = None
    if birth_year:
        if not (birth_year.isdecimal() and birth_year.isascii()) or not (
            EARLIEST_BIRTH_YEAR <= int(birth_year) <= today.year
        ):
            errors["birth_year"] = [
                _("The birth year must be a year from %(first)s to %(last)s.")
                % {"first": EARLIEST_BIRTH_YEAR, "last": today.year}
            ]
        else:
            farmer["birth_year"] = int(birth_year)
    consent = folded(values.get("consent", ""))
    if consent and consent not in yes | no:
        errors["consent"] = [_("Write yes or no.")]
    farmer["consent_given"] = consent in yes
    farmer["consent_date"] = None
    date_text = values.get("consent_date", "")
    if date_text:
        farmer["consent_date"] = iso_date(date_text)
        if farmer["consent_date"] is None:
            errors["consent_date"] = [_("Write the date as YYYY-MM-DD, such as 2026-03-01.")]
        elif farmer["consent_date"] > today:
            errors["consent_date"] = [_("The date cannot be in the future.")]
        elif not farmer["consent_given"]:
            errors["consent"] = [_("A consent date is given: write yes.")]
    elif farmer["consent_given"]:
        errors["consent_date"] = [_("Give the date the farmer consented.")]
    return farmer, errors


def roster_import(*, group, rows: list[ImportRow], user) -> RosterImportReport:
    """Check every row; add or update every farmer, or none."""
    if not ProducerGroup.objects.changeable_by(user).filter(pk=group.pk).exists():
        # The group's platform and managers keep its roster; the view offers only those
        # groups, so this refuses a forged request.
        raise PermissionDenied
    checks = dict(
        genders=_gender_index(),
        yes=_words("yes") | {folded(word) for word in _entries(YES_WORDS)},
        no=_words("no") | {folded(word) for word in _entries(NO_WORDS)},
        today=timezone.localdate(),
    )
    problems, farmers, seen = [], [], {}
    for row in rows:
        farmer, errors = _row_check(row, **checks)
        code = folded(farmer["member_code"])
        if code and code in seen:
            errors.setdefault("member_code", []).append(
                _("The member code %(code)s is also on row %(row)s.")
                % {"code": farmer["member_code"], "row": seen[code]}
            )
        seen.setdefault(code, row.number)
        problems += [
            Problem(row.number, LABELS[key], message)
            for key, messages in errors.items()
            for message in messages
        ]
        farmers.append(farmer)
    if problems:
        return RosterImportReport(problems=problems)
    try:
        return _roster_store(group=group, farmers=farmers, user=user)
    except IntegrityError:
        # Someone added one of these codes between the check and the save (a second
        # import, a double click): nothing of this file was stored.
        return RosterImportReport(
            problems=[
                Problem(
                    None,
                    "",
                    _(
                        "Someone changed this roster while the file was being checked. "
                        "Nothing was imported: upload the file again."
                    ),
                )
            ]
        )


@transaction.atomic
def _roster_store(*, group, farmers: list[dict], user) -> RosterImportReport:
    # Matched as the duplicate check in the file matches: "m-1" in the file is the
    # roster's "M-1", not a second farmer.
    existing = {
        folded(farmer.member_code): farmer
        for farmer in Farmer.objects.select_for_update().filter(group=group)
    }
    report = RosterImportReport()
    new, changed = [], []
    fields = ["name", "gender", "birth_year", "consent_given", "consent_date"]
    now = timezone.now()
    consented, withdrawn = [], []
    for values in farmers:
        farmer = existing.get(folded(values["member_code"]))
        if farmer is None:
            new.append(Farmer(group=group, **values))
            if values["consent_given"]:
                consented.append(new[-1])
            continue
        if values["consent_given"] and not farmer.consent_given:
            consented.append(farmer)
        elif farmer.consent_given and not values["consent_given"]:
            withdrawn.append(farmer)
        for name in fields:
            setattr(farmer, name, values[name])
        # Back on the roster: they are in the group's current list.
        farmer.removed_at = None
        # bulk_update skips auto_now; the trainer app's download reads this field.
        farmer.updated_at = now
        changed.append(farmer)
    Farmer.objects.bulk_create(new)
    Farmer.objects.bulk_update(changed, [*fields, "removed_at", "updated_at"])
    # Updated in bulk, so without per-row signals: say whose gender or birth year may differ.
    farmers_written.send(sender=Farmer, farmer_ids=[farmer.pk for farmer in changed])
    # Consents given in the file are recorded against the country's current text in the
    # importer's language; a "no" for a consenting farmer is a withdrawal (decision 0023).
    text = consent_text_current(
        country_id=group.country_id, language=translation.get_language() or "en"
    )
    FarmerConsent.objects.bulk_create(
        FarmerConsent(farmer=farmer, text=text, given_on=farmer.consent_date, recorded_by=user)
        for farmer in consented
    )
    FarmerConsent.objects.filter(farmer__in=withdrawn, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=user
    )
    report.added, report.updated = len(new), len(changed)
    return report
