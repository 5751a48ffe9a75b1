"""Bulk import of producer groups from a CSV or Excel file (issue 5, point 1).

Views use three steps: a template to fill in and ``group_import_read`` (both in
group_import_files.py, re-exported here), then ``groups_import``, which checks
every row and stores every group, or, if any row has a problem, none.
"""

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, ReferenceIndex

from curriculum_site.spreadsheets import Problem
from organisation_levels import tasks
from organisation_levels.group_import_files import (
    COLUMN_LABELS,
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    GroupImportFileError,
    ImportRow,
    folded,
    group_import_read,
    group_import_template_csv,
    group_import_template_xlsx,
    importable_countries,
)
from organisation_levels.models import GroupCertification, ProducerGroup
from organisation_levels.permissions import ProducerGroupPermissionPolicy
from reference.localized import localized
from reference.models import Commodity, Country, Standard

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "GroupImportFileError",
    "ImportReport",
    "ImportRow",
    "Problem",
    "group_import_read",
    "group_import_template_csv",
    "group_import_template_xlsx",
    "groups_import",
]

ENTRY_SEPARATOR = ";"
CERTIFICATION_PART_SEPARATOR = "|"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Rows per INSERT: SQLite allows 32,766 parameters, a group row uses about fifteen.
BATCH_SIZE = 500


@dataclass
class ImportReport:
    created: list[ProducerGroup] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Lookups:
    """Every name a cell may refer to, read once so that checking a row costs no query."""

    countries: dict[str, Country]
    allowed_countries: dict[int, Country]
    commodities: dict[str, Commodity]
    standards: dict[str, Standard]

    @classmethod
    def for_user(cls, user: AbstractUser) -> "_Lookups":
        return cls(
            countries=_index(Country.objects.all(), "iso_code"),
            allowed_countries={country.pk: country for country in importable_countries(user)},
            commodities=_index(Commodity.objects.originals(), "slug"),
            standards=_index(Standard.objects.originals(), "slug"),
        )


@dataclass
class _Candidate:
    row: int
    group: ProducerGroup
    commodities: list[Commodity]
    certifications: list[GroupCertification]
    errors: dict[str, list[str]]  # column key -> messages


def _index(terms, code_field: str) -> dict:
    index = {}
    for term in terms:
        index[folded(getattr(term, code_field))] = term
        index[folded(term.name)] = term
        # The name in the importer's language too, as the error messages list it (0020).
        index.setdefault(folded(localized(term).name), term)
    return index


def _known(index: dict) -> str:
    # In the reader's language: a French platform member is told the French names.
    return ", ".join(sorted({localized(term).name for term in index.values()}))


def groups_import(*, rows: Sequence[ImportRow], user: AbstractUser) -> ImportReport:
    """Check every row; store every group, with its commodities and certifications, or none.

    Raises PermissionDenied for a user who may not add producer groups. Rows in a
    country outside the user's national platforms are problems, like any other.
    """
    if not ProducerGroupPermissionPolicy(ProducerGroup).user_has_permission(user, "add"):
        raise PermissionDenied
    lookups = _Lookups.for_user(user)
    candidates = [_row_check(row=row, lookups=lookups) for row in rows]
    problems = [
        Problem(candidate.row, str(COLUMN_LABELS.get(key, "")), message)
        for candidate in candidates
        for key, messages in candidate.errors.items()
        for message in messages
    ]
    problems += _duplicates(candidates)
    if problems:
        return ImportReport(problems=sorted(problems, key=lambda problem: problem.row or 0))
    try:
        with transaction.atomic():
            created = _groups_create(candidates=candidates, user=user)
    except IntegrityError:
        # Someone registered one of these names between the check and the save; the
        # check is cheap, so asking for the file again finds which.
        return ImportReport(
            problems=[
                Problem(
                    None,
                    "",
                    _(
                        "Someone registered one of these groups while the file was being "
                        "checked. Nothing was imported: upload the file again."
                    ),
                )
            ]
        )
    return ImportReport(created=created)


def _groups_create(*, candidates: list[_Candidate], user: AbstractUser) -> list[ProducerGroup]:
    """Store the checked groups with their commodities, certifications, history entries and
    reference-index rows, a few queries per table for the whole file.

    Saved one by one, each group cost about ten queries and three reference-index updates
    (Wagtail's `post_save` receiver), so the documented maximum of 5,000 rows took ~49 s
    and was cut off by the server's timeout (issue 14). `bulk_create` sends no signals:
    what those receivers would have written is written here, in bulk.
    """
    groups = [candidate.group for candidate in candidates]
    ProducerGroup.objects.bulk_create(groups, batch_size=BATCH_SIZE)
    commodities = ProducerGroup._meta.get_field("commodities")
    through = commodities.remote_field.through
    group_column = commodities.m2m_field_name() + "_id"
    commodity_column = commodities.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [
            through(**{group_column: candidate.group.pk, commodity_column: commodity.pk})
            for candidate in candidates
            for commodity in candidate.commodities
        ],
        batch_size=BATCH_SIZE,
    )
    certifications = []
    for candidate in candidates:
        for position, certification in enumerate(candidate.certifications):
            certification.group = candidate.group
            certification.sort_order = position
            certifications.append(certification)
        # modelcluster keeps both relations on the group in memory, where the reference
        # index reads them below.
        candidate.group.commodities = candidate.commodities
        candidate.group.certifications = candidate.certifications
    GroupCertification.objects.bulk_create(certifications, batch_size=BATCH_SIZE)
    _history_write(groups=groups, user=user)
    # The reference index ("Usage" in the admin) is derived data, as large again as the
    # groups themselves: written by the worker once the groups are stored.
    group_ids = [group.pk for group in groups]
    transaction.on_commit(lambda: tasks.groups_reference_index_write.delay(group_ids))
    return groups


def _history_write(*, groups: list[ProducerGroup], user: AbstractUser) -> None:
    """One "created" entry per group in the admin's history, as `log()` writes one by one;
    they share one id, as entries of a single action do."""
    content_type = ContentType.objects.get_for_model(ProducerGroup, for_concrete_model=False)
    action_id = uuid.uuid4()
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(group),
                action="wagtail.create",
                timestamp=now,
                data={},
                user=user,
                uuid=action_id,
                object_id=str(group.pk),
                content_changed=True,
            )
            for group in groups
        ],
        batch_size=BATCH_SIZE,
    )


def groups_reference_index_write(*, group_ids: list[int]) -> None:
    """The rows Wagtail's reference index keeps for imported groups and their certifications
    (which countries and standards they use), so "Usage" in the admin counts them.

    Wagtail writes these row by row on save; its extraction is used as it is, only the
    writing is done in one go (`ReferenceIndex.create_or_update_for_object` does the same
    per object, with a query for existing rows, which groups new from an import lack).
    """
    groups = list(ProducerGroup.objects.filter(pk__in=group_ids).prefetch_related("certifications"))
    rows = []
    for model, objects in (
        (ProducerGroup, groups),
        (GroupCertification, [c for group in groups for c in group.certifications.all()]),
    ):
        if not ReferenceIndex.is_indexed(model):
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for instance in objects:
            for to_type_id, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(instance)
            ):
                rows.append(
                    ReferenceIndex(
                        content_type=content_type,
                        base_content_type=content_type,
                        object_id=instance.pk,
                        to_content_type_id=to_type_id,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _row_check(*, row: ImportRow, lookups: _Lookups) -> _Candidate:
    errors: dict[str, list[str]] = defaultdict(list)

    def parsed(key: str, parse: Callable, *args):
        try:
            return parse(row.values.get(key, ""), *args)
        except ValidationError as error:
            errors[key].extend(error.messages)
            return None

    value = row.values.get
    group = ProducerGroup(
        # Doubled spaces are typing slips; kept, they would show one name two ways.
        name=" ".join(value("name", "").split()),
        region=value("region", ""),
        contact_name=value("contact_name", ""),
        contact_phone=value("contact_phone", ""),
        contact_email=value("contact_email", ""),
    )
    if not group.name:
        errors["name"].append(_("The name is required."))
    group.country = parsed("country", _country, lookups)
    group.members_women = parsed("members_women", _whole_number) or 0
    group.members_men = parsed("members_men", _whole_number) or 0
    group.year_formed = parsed("year_formed", _whole_number)
    group.latitude = parsed("latitude", _coordinate)
    group.longitude = parsed("longitude", _coordinate)
    commodities = parsed("commodities", _commodities, lookups.commodities) or []
    certifications = parsed("certifications", _certifications, lookups.standards) or []
    try:
        # The model's own rules (lengths, e-mail, ranges, year not in the future).
        # The country was found above, and uniqueness is checked for all rows at
        # once in _duplicates, so neither costs a query per row here.
        group.full_clean(
            exclude=["country", *errors], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors[key].extend(messages)
    return _Candidate(row.number, group, commodities, certifications, dict(errors))


def _duplicates(candidates: list[_Candidate]) -> list[Problem]:
    """A name already registered in its country, or twice in the file for one country.

    Names are compared as folded text, more strictly than the database does:
    "Ashanti Farmers" and "ashanti farmers" are almost always one group, and a
    second record would split its assessments.
    """
    keyed = [
        (candidate, (candidate.group.country.pk, folded(candidate.group.name)))
        for candidate in candidates
        if not {"name", "country"} & candidate.errors.keys()
    ]
    registered = {
        (country_id, folded(name))
        for country_id, name in ProducerGroup.objects.filter(
            country_id__in={key[0] for _candidate, key in keyed}
        ).values_list("country_id", "name")
    }
    first_rows: dict[tuple[int, str], int] = {}
    problems = []
    for candidate, key in keyed:
        names = {"name": candidate.group.name, "country": candidate.group.country.name}
        if key in registered:
            message = _("“%(name)s” is already registered in %(country)s.") % names
        elif key in first_rows:
            message = _("“%(name)s” in %(country)s is also in row %(row)s of this file.") % {
                **names,
                "row": first_rows[key],
            }
        else:
            first_rows[key] = candidate.row
            continue
        problems.append(Problem(candidate.row, str(COLUMN_LABELS["name"]), message))
    return problems


def _entries(text: str) -> list[str]:
    return [entry.strip() for entry in text.split(ENTRY_SEPARATOR) if entry.strip()]


def _country(text: str, lookups: _Lookups) -> Country:
    allowed = lookups.allowed_countries
    choices = ", ".join(f"{country.name} ({country.iso_code})" for country in allowed.values())
    if not text:
        raise ValidationError(_("The country is required. Use one of: %s.") % choices)
    country = lookups.countries.get(folded(text))
    if country is None:
        raise ValidationError(
            _("Unknown country “%(value)s”. Use one of: %(choices)s.")
            % {"value": text, "choices": choices}
        )
    if country.pk not in allowed:
        raise ValidationError(
            _("You may not import groups of %(country)s, only of: %(choices)s.")
            % {"country": country.name, "choices": choices}
        )
    return country


def _whole_number(text: str) -> int | None:
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    # "12.0" is a whole number: spreadsheets write integers that way after a formula.
    # More than ten digits is no member count or year; refusing it first also keeps
    # "1e999999999" from tying up the worker while it is turned into an integer.
    if (
        number is None
        or not number.is_finite()
        or number.adjusted() > 9
        or number != number.to_integral_value()
    ):
        raise ValidationError(_("“%s” is not a whole number.") % text)
    return int(number)


def _coordinate(text: str) -> Decimal | None:
    if not text:
        return None
    if "," in text and "." not in text:
        # French and Portuguese spreadsheets write 6,6885 for 6.6885.
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(_("“%s” is not a number of degrees, such as 6.6885.") % text)
    if abs(number) < 1000:
        # Phones give more decimals than the six stored (about 10 cm): round, don't refuse.
        # Larger numbers are left whole for the model's range check to name.
        number = number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return number


def _commodities(text: str, index: dict[str, Commodity]) -> list[Commodity]:
    found, unknown = [], []
    for entry in _entries(text):
        commodity = index.get(folded(entry))
        if commodity is None:
            unknown.append(f"“{entry}”")
        elif commodity not in found:
            found.append(commodity)
    if unknown:
        raise ValidationError(
            _("Unknown commodities: %(values)s. Known commodities: %(known)s.")
            % {"values": ", ".join(unknown), "known": _known(index)}
        )
    if not found:
        raise ValidationError(
            _("At least one commodity is required. Known commodities: %(known)s.")
            % {"known": _known(index)}
        )
    return found


def _certifications(text: str, standards: dict[str, Standard]) -> list[GroupCertification]:
    certifications, messages = [], []
    certifier_field = GroupCertification._meta.get_field("certifier")
    for entry in _entries(text):
        parts = [part.strip() for part in entry.split(CERTIFICATION_PART_SEPARATOR)]
        if len(parts) not in (2, 3):
            messages.append(
                _("“%s” is not written as “standard | certification body | valid until”.") % entry
            )
            continue
        standard_name, certifier, valid_until_text = (*parts, "")[:3]
        standard = standards.get(folded(standard_name))
        if standard is None:
            messages.append(
                _("Unknown standard “%(value)s” in “%(entry)s”. Known standards: %(known)s.")
                % {"value": standard_name, "entry": entry, "known": _known(standards)}
            )
        if not certifier:
            messages.append(_("The certification body is missing in “%s”.") % entry)
        else:
            try:
                certifier_field.clean(certifier, None)
            except ValidationError as error:
                messages.extend(f"“{entry}”: {message}" for message in error.messages)
        valid_until = None
        if valid_until_text:
            try:
                # fromisoformat alone would also take 20260630 or 2026-W26-2.
                if not ISO_DATE.fullmatch(valid_until_text):
                    raise ValueError(valid_until_text)
                valid_until = date.fromisoformat(valid_until_text)
            except ValueError:
                messages.append(
                    _("“%(value)s” in “%(entry)s” is not a date written as YYYY-MM-DD.")
                    % {"value": valid_until_text, "entry": entry}
                )
        certifications.append(
            GroupCertification(standard=standard, certifier=certifier, valid_until=valid_until)
        )
    if messages:
        raise ValidationError(messages)
    return certifications
