"""Each phone its own token (issue 18, point 5; decision 0023)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from content.factories import UserFactory
from training_delivery.models import DeviceToken

SYNC = "/api/v1/sync/"


@pytest.fixture
def signed_in(field_trainer):
    field_trainer.set_password("field-pass-123")
    field_trainer.save()

    def sign_in(device=""):
        client = APIClient()
        body = {"username": "kwame", "password": "field-pass-123"}
        if device:
            body["device"] = device
        answer = client.post("/api/v1/token/", body, format="json").json()
        client.credentials(HTTP_AUTHORIZATION=f"Token {answer['token']}")
        return client, answer

    return sign_in


def test_each_sign_in_is_one_phone_with_its_own_token(signed_in):
    first, one = signed_in("Tecno Spark")
    second, two = signed_in("Itel A70")

    assert one["token"] != two["token"]
    assert first.get(SYNC).status_code == 200 and second.get(SYNC).status_code == 200
    listed = first.get(reverse("api_devices")).json()
    assert [(row["name"], row["current"]) for row in listed] == [
        ("Itel A70", False),
        ("Tecno Spark", True),
    ]
    assert all(row["last_used_at"] for row in listed)
    # Only a digest is kept: the database alone signs in nowhere.
    assert not DeviceToken.objects.filter(digest=one["token"]).exists()


def test_a_revoked_phone_is_told_to_delete_its_data_and_the_others_go_on(signed_in):
    lost, lost_answer = signed_in("lost")
    kept, _answer = signed_in("kept")

    revoked = kept.post(reverse("api_device_revoke", args=[lost_answer["device"]]))

    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    refused = lost.get(SYNC)
    assert refused.status_code == 401
    assert refused.json()["code"] == "device_revoked"
    assert kept.get(SYNC).status_code == 200


def test_a_phone_unused_for_too_long_expires(signed_in, settings):
    settings.BACKPACK_DEVICE_TOKEN_IDLE_DAYS = 30
    client, answer = signed_in()
    DeviceToken.objects.filter(pk=answer["device"]).update(
        last_used_at=timezone.now() - datetime.timedelta(days=31)
    )

    refused = client.get(SYNC)

    assert refused.status_code == 401 and refused.json()["code"] == "device_expired"


def test_a_phone_used_in_time_does_not_expire(signed_in, settings):
    settings.BACKPACK_DEVICE_TOKEN_IDLE_DAYS = 30
    client, answer = signed_in()
    DeviceToken.objects.filter(pk=answer["device"]).update(
        last_used_at=timezone.now() - datetime.timedelta(days=29)
    )

    assert client.get(SYNC).status_code == 200


def test_another_persons_phone_cannot_be_revoked_through_the_api(signed_in, group):
    _client, answer = signed_in()
    other = APIClient()
    other.force_authenticate(UserFactory(username="yaw"))

    assert other.post(reverse("api_device_revoke", args=[answer["device"]])).status_code == 404
    assert DeviceToken.objects.get(pk=answer["device"]).revoked_at is None


def test_the_phones_page_lists_a_trainers_phones_and_their_platform_revokes_them(
    client, signed_in, group, field_trainer
):
    _phone, answer = signed_in("Tecno Spark")
    stranger = UserFactory(username="stranger")
    DeviceToken.issue(user=stranger, name="Stranger's phone")

    client.force_login(field_trainer)
    own = client.get(reverse("trainer_devices")).content.decode()
    assert "Tecno Spark" in own and "Stranger" not in own

    platform = UserFactory(username="gh", groups=[group.country.national_platform_group])
    client.force_login(platform)
    page = client.get(reverse("trainer_devices")).content.decode()
    assert "Tecno Spark" in page and "kwame" in page and "Stranger" not in page
    client.post(reverse("trainer_device_revoke", args=[answer["device"]]))
    device = DeviceToken.objects.get(pk=answer["device"])
    assert device.revoked_by == platform and device.revoked_at


def test_the_phones_page_needs_a_sign_in(client):
    assert client.get(reverse("trainer_devices")).status_code == 302
