"""Recording a call or meeting: the rules every way in (admin form, service) shares.

A national platform records events of its own country's groups only; the committee any
country's. A national call has one country; an international call two or more. Each
group, and each attendance row, belongs to one of the event's countries; interpretation
goes from one language into another. Bad input is refused naming each field (and the
attendance row), and nothing is stored.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Event, EventAttendance, EventKind, Interpretation
from reference.models import Country
from reference.selectors import is_committee_member


@dataclass
class AttendanceIn:
    country: Country | None
    group: object | None = None  # ProducerGroup
    women: int = 0
    men: int = 0
    other: int = 0


@dataclass
class EventIn:
    kind: str
    title: str
    held_on: datetime.date
    countries: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    languages: str = ""
    agenda: str = ""
    minutes: str = ""
    modules: list = field(default_factory=list)
    interpretations: list[tuple[str, str]] = field(default_factory=list)
    attendance: list[AttendanceIn] = field(default_factory=list)


def recording_countries(user):
    """The countries whose events `user` may record (None: any, for the committee)."""
    if user.is_superuser or is_committee_member(user):
        return None
    return Country.objects.of_platform_member(user)


def event_problems(*, user, data: EventIn) -> dict[str, list[str]]:
    """Every problem of `data`, by field; empty when it may be stored."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    allowed = recording_countries(user)
    allowed_ids = None if allowed is None else set(allowed.values_list("pk", flat=True))
    if allowed_ids is not None and not allowed_ids:
        raise PermissionDenied(_("Only a national platform or the committee records events."))
    if data.kind not in EventKind.values:
        add("kind", _("Choose national call, international call, meeting or workshop."))
    if not data.title.strip():
        add("title", _("Give the event a title."))
    if data.held_on is None:
        add("held_on", _("Give the date it was held."))
    elif data.held_on > timezone.localdate():
        add("held_on", _("Record an event once it has been held: the date is in the future."))
    if not data.languages.strip():
        add("languages", _("Say which languages it was held in."))
    country_ids = {country.pk for country in data.countries}
    if not country_ids:
        add("countries", _("Choose at least one country."))
    elif allowed_ids is not None and not country_ids <= allowed_ids:
        add("countries", _("A national platform records events of its own country only."))
    if data.kind == EventKind.NATIONAL_CALL and len(country_ids) > 1:
        add("countries", _("A national call is held in one country; choose international call."))
    if data.kind == EventKind.INTERNATIONAL_CALL and len(country_ids) == 1:
        add("countries", _("An international call spans two countries or more."))
    for group in data.groups:
        if group.country_id not in country_ids:
            add(
                "groups",
                _("%(group)s is not in one of the event's countries.") % {"group": group.name},
            )
    for number, (source, target) in enumerate(data.interpretations, 1):
        if not source.strip() or not target.strip():
            add(
                "interpretations",
                _("Interpretation %(number)s: give both languages.") % {"number": number},
            )
        elif source.strip().lower() == target.strip().lower():
            add(
                "interpretations",
                _("Interpretation %(number)s: from and into are the same language.")
                % {"number": number},
            )
    group_ids = {group.pk for group in data.groups}
    seen = set()
    for number, row in enumerate(data.attendance, 1):
        where = _("Attendance row %(number)s") % {"number": number}
        if row.country is None or row.country.pk not in country_ids:
            add("attendance", _("%(row)s: choose one of the event's countries.") % {"row": where})
        if row.group is not None:
            if row.country is not None and row.group.country_id != row.country.pk:
                add(
                    "attendance",
                    _("%(row)s: %(group)s is not in %(country)s.")
                    % {"row": where, "group": row.group.name, "country": row.country.name},
                )
            if row.group.pk not in group_ids:
                add(
                    "attendance",
                    _("%(row)s: add %(group)s to the event's groups first.")
                    % {"row": where, "group": row.group.name},
                )
        for name in ("women", "men", "other"):
            value = getattr(row, name)
            if not isinstance(value, int) or value < 0:
                add(
                    "attendance",
                    _("%(row)s: %(field)s must be a whole number, 0 or more.")
                    % {"row": where, "field": name},
                )
        key = (row.country.pk if row.country else None, row.group.pk if row.group else None)
        if key in seen:
            add(
                "attendance", _("%(row)s: this group or country is counted twice.") % {"row": where}
            )
        seen.add(key)
    return errors


@transaction.atomic
def event_record(*, user, data: EventIn, event: Event | None = None) -> Event:
    """Store a new event (or replace `event`'s contents), or refuse it whole."""
    if event is not None and not Event.objects.changeable_by(user).filter(pk=event.pk).exists():
        raise PermissionDenied
    errors = event_problems(user=user, data=data)
    if errors:
        raise ValidationError(errors)
    allowed = recording_countries(user)
    event = event or Event(recorded_by=user)
    event.kind, event.title, event.held_on = data.kind, data.title.strip(), data.held_on
    event.languages, event.agenda, event.minutes = (
        data.languages.strip(),
        data.agenda,
        data.minutes,
    )
    if allowed is not None and event.recorded_for_id is None:
        event.recorded_for = data.countries[0]
    event.save()
    event.countries.set(data.countries)
    event.groups.set(data.groups)
    event.modules.set(data.modules)
    event.save()
    event.interpretations.all().delete()
    Interpretation.objects.bulk_create(
        Interpretation(event=event, from_language=s.strip(), to_language=t.strip(), sort_order=i)
        for i, (s, t) in enumerate(data.interpretations)
    )
    event.attendance.all().delete()
    EventAttendance.objects.bulk_create(
        EventAttendance(
            event=event,
            country=row.country,
            group=row.group,
            women=row.women,
            men=row.men,
            other=row.other,
            sort_order=i,
        )
        for i, row in enumerate(data.attendance)
    )
    return event
