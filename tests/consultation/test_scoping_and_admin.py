"""Stakeholders, consultations and grievances are the country's platform's only
(issue 20, point 5); bad input is refused by field with nothing stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import ConsultationEvent, Grievance, Stakeholder
from consultation.services import grievance_answer
from tests.dates import FromToday, on_the_day, today

pytestmark = pytest.mark.django_db


def url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def rows(ghana, vietnam, group, vietnam_group):
    made = {}
    for country, grp, name in ((ghana, group, "Ghana"), (vietnam, vietnam_group, "Vietnam")):
        made[name] = {
            "stakeholder": Stakeholder.objects.create(
                country=country, group=grp, kind="customary", name=f"Chief of {name}"
            ),
            "event": ConsultationEvent.objects.create(
                country=country, group=grp, place=f"Hall of {name}", purpose="Risks", women=3
            ),
            "grievance": Grievance.objects.create(
                country=country,
                group=grp,
                channel="phone",
                category="labour",
                description=f"Grievance of {name}",
            ),
        }
    return made


def test_querysets_keep_to_the_platforms_country(
    rows, ghana_platform_member, vietnam_platform_member, committee_member, ghana_viewer
):
    for model in (Stakeholder, ConsultationEvent, Grievance):
        assert set(model.objects.visible_to(ghana_platform_member)) == {
            rows["Ghana"][key] for key in rows["Ghana"] if rows["Ghana"][key].__class__ is model
        }
        assert model.objects.visible_to(vietnam_platform_member).get().country.slug == "vietnam"
        # Grievances name people: not the committee's, not a buyer's to read.
        assert not model.objects.visible_to(committee_member).exists()
        assert not model.objects.visible_to(ghana_viewer).exists()


def test_the_admin_lists_and_opens_only_the_own_countrys_grievances(
    client, rows, ghana_platform_member
):
    client.force_login(ghana_platform_member)
    listing = client.get(url(Grievance, "list"))
    assert listing.status_code == 200
    assert "Grievance of Vietnam" not in listing.content.decode()
    theirs = rows["Vietnam"]["grievance"]
    assert client.get(url(Grievance, "edit", theirs.pk)).status_code == 404
    assert client.get(url(Grievance, "inspect", theirs.pk)).status_code == 404
    ours = rows["Ghana"]["grievance"]
    assert client.get(url(Grievance, "edit", ours.pk)).status_code == 200
    assert client.get(url(ConsultationEvent, "list"), {"q": "Hall"}).status_code == 200
    assert "Hall of Vietnam" not in client.get(url(ConsultationEvent, "list")).content.decode()


def test_the_committee_has_no_grievance_screen(client, rows, committee_member):
    client.force_login(committee_member)
    assert client.get(url(Grievance, "list")).status_code in (302, 403)


def _consultation_form(group, **changes):
    return {
        "country": group.country_id,
        "group": group.pk,
        "held_on": today().isoformat(),
        "place": "Community hall",
        "purpose": "Validate the risk assessment",
        "women": 12,
        "men": 9,
        "other_attendees": 1,
        "findings": "Boundary disputes with the forest reserve.",
        "session": "",
        "conclusions-TOTAL_FORMS": 2,
        "conclusions-INITIAL_FORMS": 0,
        "conclusions-MIN_NUM_FORMS": 0,
        "conclusions-MAX_NUM_FORMS": 1000,
        "conclusions-0-text": "Map every plot near the reserve",
        "conclusions-0-validated": "on",
        "conclusions-0-ORDER": 1,
        "conclusions-1-text": "Hire no children at harvest",
        "conclusions-1-ORDER": 2,
        **changes,
    }


def test_a_platform_records_a_consultation_with_its_conclusions(
    client, group, ghana_platform_member
):
    client.force_login(ghana_platform_member)
    response = client.post(url(ConsultationEvent, "add"), _consultation_form(group))

    assert response.status_code == 302
    event = ConsultationEvent.objects.get()
    assert (event.women, event.men, event.other_attendees, event.attendance) == (12, 9, 1, 22)
    assert event.recorded_by == ghana_platform_member
    assert [(c.text, c.validated) for c in event.conclusions.order_by("sort_order")] == [
        ("Map every plot near the reserve", True),
        ("Hire no children at harvest", False),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": FromToday(3, as_text=True)}, "held_on"),
        ({"women": -1}, "women"),
        ({"men": 100000}, "men"),
        ({"place": ""}, "place"),
    ],
)
def test_a_bad_consultation_is_refused_by_field_and_nothing_is_stored(
    client, group, ghana_platform_member, changes, field
):
    client.force_login(ghana_platform_member)
    response = client.post(
        url(ConsultationEvent, "add"), _consultation_form(group, **on_the_day(changes))
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ConsultationEvent.objects.exists()


def test_a_forged_group_of_another_country_is_not_a_choice(
    client, group, vietnam_group, ghana_platform_member
):
    client.force_login(ghana_platform_member)
    response = client.post(url(ConsultationEvent, "add"), _consultation_form(vietnam_group))

    assert response.status_code == 200
    assert {"country", "group"} <= set(response.context["form"].errors)
    assert not ConsultationEvent.objects.exists()


def test_answering_a_grievance_needs_the_response_and_its_date(rows, ghana_platform_member):
    ours = rows["Ghana"]["grievance"]
    with pytest.raises(ValidationError) as refused:
        grievance_answer(
            grievance=ours,
            user=ghana_platform_member,
            status="closed",
            response="",
            responded_on=None,
        )
    assert set(refused.value.message_dict) == {"response", "responded_on"}
    ours.refresh_from_db()
    assert ours.status == "received"

    grievance_answer(
        grievance=ours,
        user=ghana_platform_member,
        status="answered",
        response="The group's committee visited and paid the wages owed.",
        responded_on=today(),
    )
    ours.refresh_from_db()
    assert ours.status == "answered" and not ours.is_open


def test_another_countrys_platform_cannot_answer(rows, vietnam_platform_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        grievance_answer(
            grievance=rows["Ghana"]["grievance"],
            user=vietnam_platform_member,
            status="under_review",
            response="",
            responded_on=None,
        )
