"""Grievances a trainer recorded offline, sent by the trainer app (issue 20, point 5):
stored once by the phone's id, refused by field with nothing stored, never for another
country's group."""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from consultation.models import Grievance
from tests.dates import FromToday, on_the_day, today

pytestmark = pytest.mark.django_db
URL = "/api/v1/grievances/"


def grievance(of, **changes):
    return {
        "id": str(uuid.uuid4()),
        "group": of.pk,
        "received_on": today().isoformat(),
        "channel": "trainer",
        "anonymous": False,
        "complainant": "Ama Owusu",
        "category": "land",
        "description": "A neighbour moved the boundary stones of her plot.",
        **changes,
    }


@pytest.fixture
def api(field_trainer):
    """Signed in as the app does: with the phone's own token."""
    field_trainer.set_password("field-pass-123")
    field_trainer.save()
    client = APIClient()
    token = client.post(
        reverse("api_token"), {"username": "kwame", "password": "field-pass-123"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def send(client, *grievances):
    return client.post(URL, {"grievances": list(grievances)}, format="json")


def test_a_grievance_sent_twice_is_stored_once(api, group, field_trainer):
    one = grievance(group)
    first = send(api, one)
    again = send(api, one)

    assert first.status_code == again.status_code == 200
    assert first.json()["results"][0]["status"] == "accepted"
    assert again.json()["results"][0]["status"] == "already_known"
    stored = Grievance.objects.get()
    assert str(stored.pk) == one["id"]
    assert stored.country == group.country and stored.recorded_by == field_trainer
    assert stored.status == Grievance.Status.RECEIVED


def test_an_anonymous_grievance_keeps_no_name(api, group):
    answer = send(api, grievance(group, anonymous=True, complainant="Kojo")).json()["results"][0]

    assert answer["status"] == "refused"
    assert answer["errors"] == {
        "complainant": ["An anonymous grievance names nobody: clear this field."]
    }
    assert (
        send(api, grievance(group, anonymous=True, complainant="")).json()["results"][0]["status"]
        == "accepted"
    )
    assert Grievance.objects.get().complainant == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_on": FromToday(2, as_text=True)}, "received_on"),
        ({"received_on": "14/10/2026"}, "received_on"),
        ({"category": "weather"}, "category"),
        ({"channel": "pigeon"}, "channel"),
        ({"description": ""}, "description"),
        ({"id": "not-a-uuid"}, "id"),
        ({"group": "first"}, "group"),
        ({"complainant": "x" * 151}, "complainant"),
    ],
)
def test_bad_grievances_are_refused_by_field_and_nothing_is_stored(api, group, changes, field):
    good = grievance(group)
    response = send(api, grievance(group, **on_the_day(changes)), good)

    refused, accepted = response.json()["results"]
    assert refused["status"] == "refused" and list(refused["errors"]) == [field]
    assert refused["index"] == 0
    # The good one beside it is stored all the same; the bad one not at all.
    assert accepted["status"] == "accepted"
    assert list(Grievance.objects.values_list("pk", flat=True)) == [uuid.UUID(good["id"])]


def test_a_forged_group_of_another_country_is_refused(api, vietnam_group):
    answer = send(api, grievance(vietnam_group)).json()["results"][0]

    assert answer["status"] == "refused"
    assert answer["errors"] == {"group": ["You do not record for this group."]}
    assert not Grievance.objects.exists()


def test_a_group_the_trainer_is_not_assigned_to_is_refused(api, group):
    from organisation_levels.factories import ProducerGroupFactory

    other = ProducerGroupFactory(name="Another Ghanaian group", country=group.country)
    assert send(api, grievance(other)).json()["results"][0]["errors"] == {
        "group": ["You do not record for this group."]
    }
    assert not Grievance.objects.exists()


def test_an_id_used_in_another_group_is_not_taken_over(
    api, group, vietnam_group, vietnam_platform_member
):
    client = APIClient()
    client.force_authenticate(vietnam_platform_member)
    theirs = grievance(vietnam_group)
    assert send(client, theirs).json()["results"][0]["status"] == "accepted"

    answer = send(api, grievance(group, id=theirs["id"])).json()["results"][0]

    assert answer["status"] == "refused" and list(answer["errors"]) == ["id"]
    assert Grievance.objects.get().group == vietnam_group


def test_the_upload_needs_a_signed_in_phone_and_a_list(group, api):
    assert send(APIClient(), grievance(group)).status_code in (401, 403)
    assert api.post(URL, {"grievances": []}, format="json").status_code == 400
    assert api.post(URL, {"grievance": "x"}, format="json").status_code == 400
    assert not Grievance.objects.exists()
