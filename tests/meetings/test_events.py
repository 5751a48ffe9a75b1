"""Calls and meetings across groups and countries (issue 21, point 6): recorded by a
platform (its own country) or the committee (any), seen by the countries they span, each
country's groups' attendance kept to that country, counted on the dashboard."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from content.factories import UserFactory
from meetings.models import Event, EventAttendance, Interpretation
from meetings.selectors import event_attendance_for, events_visible
from meetings.services import AttendanceIn, EventIn, event_record
from monitoring.indicators import Scope, events_held
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from tests.dates import FromToday, days_from_today, on_the_day, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ghana, vietnam = Country.objects.get(slug="ghana"), Country.objects.get(slug="vietnam")
    accra = ProducerGroupFactory(name="Accra cocoa", country=ghana)
    kumasi = ProducerGroupFactory(name="Kumasi cocoa", country=ghana)
    dalat = ProducerGroupFactory(name="Da Lat coffee", country=vietnam)
    ghana_platform = UserFactory(username="gh")
    ghana_platform.groups.add(ghana.national_platform_group)
    vietnam_platform = UserFactory(username="vn")
    vietnam_platform.groups.add(vietnam.national_platform_group)
    committee = UserFactory(username="committee", groups=[roles.TECHNICAL_COMMITTEE])
    return {
        "ghana": ghana,
        "vietnam": vietnam,
        "accra": accra,
        "kumasi": kumasi,
        "dalat": dalat,
        "gh": ghana_platform,
        "vn": vietnam_platform,
        "committee": committee,
    }


def national_call(w, **changes):
    data = EventIn(
        kind="national_call",
        title="Cocoa quality call",
        held_on=days_from_today(-3),
        countries=[w["ghana"]],
        groups=[w["accra"], w["kumasi"]],
        languages="Twi, English",
        agenda="1. Fermentation",
        minutes="Ghzq minutes",
        interpretations=[("English", "Twi")],
        attendance=[
            AttendanceIn(w["ghana"], w["accra"], women=5, men=7, other=1),
            AttendanceIn(w["ghana"], w["kumasi"], women=3, men=2),
        ],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_a_platform_records_a_national_call_with_attendance(world):
    event = event_record(user=world["gh"], data=national_call(world))
    assert event.recorded_for == world["ghana"]
    assert event.recorded_by == world["gh"]
    assert [str(i) for i in event.interpretations.all()] == ["English → Twi"]
    assert sum(row.total for row in event.attendance.all()) == 18


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": " "}, "title", "title"),
        ({"kind": "party"}, "kind", "national call"),
        ({"held_on": FromToday(2)}, "held_on", "future"),
        ({"languages": ""}, "languages", "languages"),
        ({"countries": []}, "countries", "at least one"),
        ({"interpretations": [("Twi", "twi")]}, "interpretations", "same language"),
        ({"interpretations": [("Twi", "")]}, "interpretations", "both languages"),
    ],
)
def test_each_bad_field_is_refused_by_name_and_nothing_is_stored(world, changes, field, words):
    with pytest.raises(ValidationError) as refused:
        event_record(user=world["gh"], data=national_call(world, **on_the_day(changes)))
    assert words in " ".join(refused.value.message_dict[field])
    assert not Event.objects.exists()
    assert not EventAttendance.objects.exists() and not Interpretation.objects.exists()


def test_a_platform_records_its_own_country_only(world):
    data = national_call(world, countries=[world["ghana"], world["vietnam"]], kind="meeting")
    with pytest.raises(ValidationError) as refused:
        event_record(user=world["gh"], data=data)
    assert "own country" in refused.value.message_dict["countries"][0]
    data = national_call(world, groups=[world["dalat"]], attendance=[])
    with pytest.raises(ValidationError) as refused:
        event_record(user=world["gh"], data=data)
    assert "Da Lat coffee is not in one of the event's countries" in " ".join(
        refused.value.message_dict["groups"]
    )
    assert not Event.objects.exists()


def test_attendance_rows_are_checked_by_row(world):
    data = national_call(
        world,
        attendance=[
            AttendanceIn(world["ghana"], world["accra"], women=1),
            AttendanceIn(world["ghana"], world["dalat"], women=1),
            AttendanceIn(world["ghana"], world["accra"], men=-2),
        ],
    )
    with pytest.raises(ValidationError) as refused:
        event_record(user=world["gh"], data=data)
    problems = refused.value.message_dict["attendance"]
    assert any(p.startswith("Attendance row 2: Da Lat coffee is not in Ghana") for p in problems)
    assert any(p.startswith("Attendance row 3: men must be a whole number") for p in problems)
    assert any("counted twice" in p for p in problems)
    assert not Event.objects.exists()


def test_national_and_international_calls_span_one_and_several_countries(world):
    with pytest.raises(ValidationError) as refused:
        event_record(
            user=world["committee"],
            data=national_call(world, countries=[world["ghana"], world["vietnam"]]),
        )
    assert "international call" in refused.value.message_dict["countries"][0]
    with pytest.raises(ValidationError):
        event_record(user=world["committee"], data=national_call(world, kind="international_call"))


def spanning_call(world):
    return event_record(
        user=world["committee"],
        data=EventIn(
            kind="international_call",
            title="Regional cocoa and coffee call",
            held_on=days_from_today(-1),
            countries=[world["ghana"], world["vietnam"]],
            groups=[world["accra"], world["dalat"]],
            languages="English, Vietnamese",
            minutes="Shared minutes",
            interpretations=[("English", "Vietnamese")],
            attendance=[
                AttendanceIn(world["ghana"], world["accra"], women=4, men=4),
                AttendanceIn(world["vietnam"], world["dalat"], women=6, men=2, other=1),
            ],
        ),
    )


def test_a_vietnam_only_call_is_not_seen_in_ghana_and_a_spanning_call_is_seen_by_both(world):
    vietnam_only = event_record(
        user=world["vn"],
        data=national_call(
            world,
            countries=[world["vietnam"]],
            groups=[world["dalat"]],
            attendance=[AttendanceIn(world["vietnam"], world["dalat"], women=2)],
        ),
    )
    both = spanning_call(world)
    assert list(events_visible(user=world["gh"])) == [both]
    assert set(events_visible(user=world["vn"])) == {both, vietnam_only}
    assert set(events_visible(user=world["committee"])) == {both, vietnam_only}
    # A platform does not change the committee's event, nor the other platform's.
    assert not Event.objects.changeable_by(world["gh"]).exists()
    assert list(Event.objects.changeable_by(world["vn"])) == [vietnam_only]


def test_each_country_sees_its_groups_and_only_the_others_totals(world):
    both = spanning_call(world)
    seen_in_ghana = event_attendance_for(user=world["gh"], event=both)
    assert [(row.country.slug, row.group_name, row.total) for row in seen_in_ghana] == [
        ("ghana", "Accra cocoa", 8),
        ("vietnam", "", 9),  # Vietnam's total, no group named
    ]
    seen_by_committee = event_attendance_for(user=world["committee"], event=both)
    assert {row.group_name for row in seen_by_committee} == {"Accra cocoa", "Da Lat coffee"}


def test_the_admin_lists_only_a_platforms_events_and_refuses_the_others(world, client):
    vietnam_only = event_record(
        user=world["vn"],
        data=national_call(
            world, countries=[world["vietnam"]], groups=[world["dalat"]], attendance=[]
        ),
    )
    client.force_login(world["gh"])
    listing = client.get(reverse("wagtailsnippets_meetings_event:list")).content.decode()
    assert "Cocoa quality call" not in listing
    edit = reverse("wagtailsnippets_meetings_event:edit", args=[vietnam_only.pk])
    assert client.get(edit).status_code == 404


def test_the_dashboard_counts_events_and_participants_by_gender(world):
    event_record(user=world["gh"], data=national_call(world))
    spanning_call(world)
    year = Scope(start=days_from_today(-30), end=today())
    everywhere = events_held(scope=year)
    assert everywhere["events"] == 2
    assert (everywhere["women"], everywhere["men"], everywhere["other"]) == (18, 15, 2)
    ghana = events_held(
        scope=Scope(start=year.start, end=year.end, country_ids=(world["ghana"].pk,))
    )
    assert ghana["events"] == 2
    assert (ghana["women"], ghana["men"], ghana["other"]) == (12, 13, 1)
    accra = events_held(scope=Scope(start=year.start, end=year.end, group_ids=(world["accra"].pk,)))
    assert (accra["events"], accra["women"]) == (2, 9)


def test_the_event_page_shows_minutes_and_the_other_countrys_totals_only(world, client):
    both = spanning_call(world)
    vietnam_only = event_record(
        user=world["vn"],
        data=national_call(
            world,
            countries=[world["vietnam"]],
            groups=[world["dalat"]],
            minutes="Vnzq private minutes",
            attendance=[],
        ),
    )
    client.force_login(world["gh"])
    listing = client.get(reverse("meetings:list")).content.decode()
    assert "Regional cocoa and coffee call" in listing and "Vnzq" not in listing
    page = client.get(reverse("meetings:detail", args=[both.pk])).content.decode()
    assert "Shared minutes" in page
    assert "Accra cocoa" in page and "Da Lat coffee" not in page
    assert client.get(reverse("meetings:detail", args=[vietnam_only.pk])).status_code == 404


def test_a_platforms_add_form_offers_only_its_own_countrys_groups(world, client):
    client.force_login(world["gh"])
    page = client.get(reverse("wagtailsnippets_meetings_event:add")).content.decode()
    assert "Accra cocoa" in page
    # Not in the event's list, nor in the empty attendance row the "Add" button copies.
    assert "Da Lat coffee" not in page
