"""Reads of calls and meetings: what each person sees of an event's attendance."""

from dataclasses import dataclass

from meetings.models import Event, EventAttendance
from reference.models import Country
from reference.selectors import is_committee_member


@dataclass
class AttendanceShown:
    country: Country
    group_name: str  # "" for a country's total
    women: int
    men: int
    other: int

    @property
    def total(self) -> int:
        return self.women + self.men + self.other


def events_visible(*, user):
    return Event.objects.visible_to(user).prefetch_related("countries").order_by("-held_on", "-pk")


def event_attendance_for(*, user, event: Event) -> list[AttendanceShown]:
    """Per group for the countries the reader keeps (all for the committee); for another
    country, only its totals by gender (see meetings.models)."""
    rows = EventAttendance.objects.filter(event=event).select_related("country", "group")
    committee = user.is_superuser or is_committee_member(user)
    own_countries = set(Country.objects.of_platform_member(user).values_list("pk", flat=True))
    # A group's manager sees their own group's row; other groups are their countries'.
    own_groups = set(event.groups.filter(managers=user).values_list("pk", flat=True))
    shown = []
    others: dict[int, AttendanceShown] = {}
    for row in rows.order_by("country__name", "sort_order"):
        if committee or row.country_id in own_countries or row.group_id in own_groups:
            shown.append(
                AttendanceShown(
                    row.country, row.group.name if row.group else "", row.women, row.men, row.other
                )
            )
        else:
            total = others.setdefault(row.country_id, AttendanceShown(row.country, "", 0, 0, 0))
            total.women += row.women
            total.men += row.men
            total.other += row.other
    return shown + list(others.values())
