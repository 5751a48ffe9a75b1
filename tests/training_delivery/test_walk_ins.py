"""Walk-in farmers (issue 18, point 3; decision 0023)."""

import uuid

import pytest
from django.urls import reverse

from content.factories import UserFactory
from training_delivery.models import Attendance, Farmer, WalkIn, WalkInStatus

URL = "/api/v1/sessions/"


def walk_in(**changes):
    row = {"uuid": str(uuid.uuid4()), "gender": "female", "birth_year": 1995, "pre_score": 30}
    row.update(changes)
    return row


@pytest.fixture
def platform(client, group):
    user = UserFactory(username="gh-platform", groups=[group.country.national_platform_group])
    client.force_login(user)
    return user


def upload(api, *sessions):
    return api.post(URL, {"sessions": list(sessions)}, format="json").json()


def test_walk_ins_arrive_with_their_session_once(api, session_payload):
    session = session_payload(
        walk_ins=[walk_in(), walk_in(consent=True, name="Esi Mensah", gender="female")]
    )

    assert upload(api, session)["accepted"] == 1
    assert upload(api, session)["already_known"] == 1
    stored = WalkIn.objects.order_by("name")
    assert [(row.name, row.status) for row in stored] == [
        ("", WalkInStatus.PENDING),
        ("Esi Mensah", WalkInStatus.PENDING),
    ]


def test_walk_ins_alone_are_an_attendance(api, session_payload):
    answer = upload(api, session_payload(attendance=[], walk_ins=[walk_in()]))

    assert answer["accepted"] == 1


def test_a_name_without_consent_is_refused(api, session_payload):
    answer = upload(api, session_payload(walk_ins=[walk_in(name="Esi Mensah")]))

    assert answer["refused"] == 1
    assert "Without the farmer's consent" in str(answer["results"][0]["errors"])
    assert not WalkIn.objects.exists()


def test_the_platform_adds_a_walk_in_to_the_roster(client, platform, api, session_payload):
    upload(api, session_payload(walk_ins=[walk_in(consent=True, name="Esi Mensah")]))
    row = WalkIn.objects.get()

    page = client.get(reverse("training_delivery_walk_ins")).content.decode()
    assert "Esi Mensah" in page
    client.post(reverse("training_delivery_walk_in_add", args=[row.pk]), {"member_code": "M-1"})
    assert WalkIn.objects.get().status == WalkInStatus.PENDING  # M-1 is taken
    client.post(reverse("training_delivery_walk_in_add", args=[row.pk]), {"member_code": "M-50"})

    farmer = Farmer.objects.get(member_code="M-50")
    assert farmer.name == "Esi Mensah" and farmer.consent_given
    assert Attendance.objects.get(farmer=farmer).pre_score == 30
    row.refresh_from_db()
    assert row.status == WalkInStatus.ADDED and row.farmer == farmer and row.name == ""


def test_the_platform_merges_a_duplicate_into_the_roster(client, platform, api, session_payload):
    upload(api, session_payload(attendance=[], walk_ins=[walk_in(gender="male", birth_year=1980)]))
    row = WalkIn.objects.get()
    m2 = Farmer.objects.get(member_code="M-2")  # a man born in 1980: the likely one

    page = client.get(reverse("training_delivery_walk_ins")).content.decode()
    assert "★" in page and "Man, " in page
    client.post(reverse("training_delivery_walk_in_merge", args=[row.pk]), {"farmer": m2.pk})

    row.refresh_from_db()
    assert row.status == WalkInStatus.MERGED and row.farmer == m2
    assert Attendance.objects.filter(farmer=m2).count() == 1
    # Merging again would count them twice: refused.
    client.post(reverse("training_delivery_walk_in_merge", args=[row.pk]), {"farmer": m2.pk})
    assert Attendance.objects.filter(farmer=m2).count() == 1


def test_another_countrys_platform_does_not_see_the_walk_ins(
    client, api, session_payload, vietnam_group
):
    upload(api, session_payload(walk_ins=[walk_in(consent=True, name="Esi Mensah")]))
    client.force_login(UserFactory(groups=[vietnam_group.country.national_platform_group]))

    assert "Esi Mensah" not in client.get(reverse("training_delivery_walk_ins")).content.decode()
    row = WalkIn.objects.get()
    client.post(reverse("training_delivery_walk_in_add", args=[row.pk]), {"member_code": "X"})
    assert WalkIn.objects.get().status == WalkInStatus.PENDING
