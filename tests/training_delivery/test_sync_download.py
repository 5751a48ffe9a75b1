"""Downloading what the trainer app keeps offline: groups, rosters and modules since a cursor."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from adaptation.services import module_adapt
from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference.models import Country
from training_delivery.factories import FarmerFactory
from training_delivery.models import Farmer
from training_delivery.sync_download import OVERLAP

URL = "/api/v1/sync/"


def download(api, cursor=None):
    response = api.get(URL, {"cursor": cursor} if cursor else {})
    assert response.status_code == 200, response.content
    return response.json()


def age(*farmers, by):
    """Make the rows look as if they were last changed `by` ago."""
    Farmer.objects.filter(pk__in=[f.pk for f in farmers]).update(updated_at=timezone.now() - by)


def test_a_first_download_has_the_trainers_groups_their_rosters_and_the_modules(
    api, group, vietnam_group, module
):
    FarmerFactory(group=vietnam_group, member_code="V-1")

    body = download(api)

    assert body["full"] is True
    assert [g["name"] for g in body["groups"]] == ["Ashanti cocoa farmers"]
    assert sorted(f["member_code"] for f in body["farmers"]) == ["M-1", "M-2", "M-3"]
    (row,) = [m for m in body["modules"] if m["id"] == module.pk]
    assert (row["code"], row["kind"], row["language"], row["country"]) == (
        "PO-01",
        "generic",
        "en",
        None,
    )
    assert module.pk in body["module_ids"]


def test_the_next_download_has_only_what_changed_including_removals(api, group):
    first = download(api)
    old = list(group.farmers.all())
    age(*old, by=OVERLAP * 2)
    later = download(api, first["cursor"])
    assert later["farmers"] == []

    leaving = old[0]
    leaving.removed_at = timezone.now()
    leaving.save()
    FarmerFactory(group=group, member_code="M-4")

    body = download(api, later["cursor"])

    assert body["full"] is False
    changes = {f["member_code"]: f["removed"] for f in body["farmers"]}
    assert changes == {leaving.member_code: True, "M-4": False}
    assert first["cursor"] != later["cursor"]


def test_rows_saved_just_before_the_cursor_are_sent_again_rather_than_missed(api, group):
    body = download(api)
    # A transaction that committed after the download, with an earlier timestamp.
    farmer = FarmerFactory(group=group, member_code="M-5")
    age(farmer, by=datetime.timedelta(seconds=30))

    later = download(api, body["cursor"])

    assert "M-5" in [f["member_code"] for f in later["farmers"]]


def test_a_group_assigned_since_the_last_download_comes_with_its_whole_roster(
    api, group, field_trainer
):
    body = download(api)
    age(*group.farmers.all(), by=OVERLAP * 2)
    other = ProducerGroupFactory(name="Kumasi growers")
    old_member = FarmerFactory(group=other, member_code="K-1")
    age(old_member, by=datetime.timedelta(days=30))
    other.trainers.add(field_trainer)
    other.save()

    later = download(api, body["cursor"])

    assert {g["name"] for g in later["groups"]} == {"Ashanti cocoa farmers", "Kumasi growers"}
    assert [f["member_code"] for f in later["farmers"]] == ["K-1"]


def test_adaptations_of_the_trainers_country_only(api, module, group):
    admin = UserFactory(is_superuser=True)
    ghana_version = module_adapt(source=module, country=group.country, user=admin)
    ghana_version.save_revision().publish()
    vietnam_version = module_adapt(
        source=module, country=Country.objects.get(slug="vietnam"), user=admin
    )
    vietnam_version.save_revision().publish()

    body = download(api)

    adapted = [m for m in body["modules"] if m["kind"] == "adapted"]
    assert [(m["id"], m["country"]) for m in adapted] == [(ghana_version.pk, group.country_id)]
    assert vietnam_version.pk not in body["module_ids"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "eyJ0IjoxfQ:forged:signature"])
def test_a_forged_or_damaged_cursor_is_refused(api, cursor):
    response = api.get(URL, {"cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()["cursor"][0]


def test_downloads_need_a_signed_in_user():
    assert APIClient().get(URL).status_code == 401


def test_the_query_count_does_not_grow_with_the_roster(api, group, django_assert_max_num_queries):
    FarmerFactory.create_batch(50, group=group)
    with django_assert_max_num_queries(12):
        download(api)


def test_the_schema_describes_the_sync_api(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = (
        response.json()["paths"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    assert "/api/v1/sessions/" in paths and "/api/v1/sync/" in paths
