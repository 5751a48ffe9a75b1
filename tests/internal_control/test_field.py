# ruff: noqa: F811 (certified_group is the fixture of test_inspections, used as a parameter)
"""What the field app downloads to inspect offline, and the photos it sends with an
inspection (issue 21, point 3)."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from content.factories import UserFactory
from internal_control.models import InspectionPhoto
from reference.models import Country
from tests.internal_control.test_inspections import (  # noqa: F401 (a fixture)
    certified_group,
    inspection,
    send,
)

pytestmark = pytest.mark.django_db


def jpeg(name="store.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_the_setup_lists_the_inspectors_groups_points_and_members_without_withheld_names(
    client, certified_group
):
    group, manager, _ama, _kojo = certified_group
    client.force_login(manager)
    with_queries = client.get(reverse("api_inspections_setup"))
    assert with_queries.status_code == 200
    [row] = with_queries.json()["groups"]
    assert row["id"] == group.pk
    assert [p["code"] for p in row["member_points"]] == ["ICS-03", "ICS-04", "ICS-05"]
    assert [p["code"] for p in row["group_points"]] == ["ICS-01", "ICS-06"]
    members = {m["member_code"]: m for m in row["members"]}
    assert members["AC-001"]["name"] == "Ama Owusu"
    # Kojo did not consent: his name never reaches the phone (decision 0023).
    assert members["AC-002"]["name"] == "" and not members["AC-002"]["consent"]
    assert "Kojo" not in with_queries.content.decode()


def test_another_countrys_platform_gets_no_group(client, certified_group):
    lan = UserFactory(
        username="lan", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )
    client.force_login(lan)
    assert client.get(reverse("api_inspections_setup")).json() == {"groups": []}


def test_a_photo_is_stored_once_and_only_for_the_inspectors_own_inspection(client, certified_group):
    group, manager, _ama, _kojo = certified_group
    client.force_login(manager)
    sent = inspection(group, "AC-001", ("ICS-03", "met", ""))
    send(client, sent)
    url = reverse("api_inspection_photos", args=[sent["id"]])
    photo_id = str(uuid.uuid4())
    first = client.post(url, {"uuid": photo_id, "file": jpeg(), "caption": "Store"})
    again = client.post(url, {"uuid": photo_id, "file": jpeg()})
    assert (first.status_code, again.status_code) == (201, 200)
    assert InspectionPhoto.objects.get().caption == "Store"

    not_a_photo = client.post(
        url, {"uuid": str(uuid.uuid4()), "file": SimpleUploadedFile("x.jpg", b"not a photo")}
    )
    assert not_a_photo.status_code == 400 and "x.jpg" in not_a_photo.json()["detail"]
    unknown = client.post(
        reverse("api_inspection_photos", args=[uuid.uuid4()]),
        {"uuid": str(uuid.uuid4()), "file": jpeg()},
    )
    assert unknown.status_code == 404

    lan = UserFactory(
        username="lan", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )
    client.force_login(lan)
    # Another country's inspection is "not found", like a missing one.
    assert client.post(url, {"uuid": str(uuid.uuid4()), "file": jpeg()}).status_code == 404
    assert InspectionPhoto.objects.count() == 1


def test_the_field_app_is_told_the_apis_own_limits():
    # training_delivery (a floor below) cannot import them: the figures are repeated there.
    from internal_control.api import MAX_INSPECTIONS, FindingSerializer, InspectionSerializer
    from internal_control.field import MAX_PHOTOS_PER_INSPECTION
    from training_delivery.views import INSPECTION_LIMITS

    assert {
        "batch": MAX_INSPECTIONS,
        "photos": MAX_PHOTOS_PER_INSPECTION,
        "finding_note": FindingSerializer().fields["note"].max_length,
        "notes": InspectionSerializer().fields["notes"].max_length,
    } == INSPECTION_LIMITS


def test_the_setup_follows_the_inspection_rule_in_the_same_queries_for_any_number_of_groups(
    certified_group,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from internal_control.field import inspection_setup
    from internal_control.inspections import control_points_for
    from organisation_levels.factories import ProducerGroupFactory
    from organisation_levels.models import GroupCertification, ProducerGroup
    from reference.models import Standard
    from training_delivery.factories import FarmerFactory

    group, *_ = certified_group
    platform = UserFactory(
        username="kofi", groups=[group.country.national_platform_group], is_superuser=False
    )
    with CaptureQueriesContext(connection) as one:
        inspection_setup(user=platform)
    for name, slugs in (("Rainforest only", ["rainforest-alliance"]), ("Uncertified", [])):
        other = ProducerGroupFactory(name=name, country=group.country)
        for slug in slugs:
            GroupCertification.objects.create(
                group=other, standard=Standard.objects.get(slug=slug), certifier="RA"
            )
        FarmerFactory(group=other, member_code=f"{name[:2]}-1")
    with CaptureQueriesContext(connection) as three:
        setup = inspection_setup(user=platform)
    assert len(three) == len(one)
    assert len(setup["groups"]) == 3
    for row in setup["groups"]:
        each = ProducerGroup.objects.get(pk=row["id"])
        assert [p["code"] for p in row["member_points"]] == [
            p.code for p in control_points_for(group=each, applies_to="member")
        ], row["name"]
        assert [p["code"] for p in row["group_points"]] == [
            p.code for p in control_points_for(group=each, applies_to="group")
        ], row["name"]
