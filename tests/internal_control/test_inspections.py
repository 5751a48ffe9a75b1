"""Internal inspections sent from a phone, the non-conformities they open with the group's
sanctions, the approved-member list and its export (issue 21, points 3 and 4)."""

import io
import uuid

import openpyxl
import pytest
from django.urls import reverse

from content.factories import UserFactory
from internal_control.inspections import control_points_for
from internal_control.models import Inspection, NonConformity, SanctionRule
from internal_control.seed import illustrative_catalogues_ensure
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import GroupCertification
from reference import roles
from reference.models import Country, Standard
from tests.dates import days_from_today, today
from training_delivery.factories import FarmerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified_group():
    illustrative_catalogues_ensure()
    group = ProducerGroupFactory(name="Asante cocoa farmers")
    GroupCertification.objects.create(
        group=group, standard=Standard.objects.get(slug="fairtrade"), certifier="FLOCERT"
    )
    GroupCertification.objects.create(
        group=group, standard=Standard.objects.get(slug="rainforest-alliance"), certifier="RA"
    )
    manager = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(manager)
    group.save()  # managers is a parental many-to-many: stored when the group is saved
    ama = FarmerFactory(
        group=group,
        member_code="AC-001",
        name="Ama Owusu",
        consent_given=True,
        consent_date=today(),
    )
    kojo = FarmerFactory(group=group, member_code="AC-002", name="Kojo Mensah", consent_given=False)
    return group, manager, ama, kojo


def inspection(group, member_code, *findings, **extra):
    return {
        "id": str(extra.pop("id", uuid.uuid4())),
        "group": group.pk,
        "member_code": member_code,
        "inspected_on": extra.pop("inspected_on", today().isoformat()),
        "acknowledged": True,
        "acknowledged_by": "the member",
        "findings": [
            {"control_point": code, "result": result, "note": note}
            for code, result, note in findings
        ],
        **extra,
    }


def send(client, *inspections):
    return client.post(
        reverse("api_inspections_upload"),
        {"inspections": list(inspections)},
        content_type="application/json",
    )


def test_the_control_points_of_a_member_inspection_come_from_the_groups_standards(certified_group):
    group, *_ = certified_group
    codes = [point.code for point in control_points_for(group=group, applies_to="member")]
    # ICS-02 covers a Fairtrade requirement that applies from Moderate up: not yet.
    assert codes == ["ICS-03", "ICS-04", "ICS-05"]
    assert [p.code for p in control_points_for(group=group, applies_to="group")] == [
        "ICS-01",
        "ICS-06",
    ]


def test_an_inspection_is_stored_once_and_a_failed_finding_opens_a_non_conformity(
    client, certified_group
):
    group, manager, ama, _kojo = certified_group
    client.force_login(manager)
    sent = inspection(
        group,
        "AC-001",
        ("ICS-03", "not_met", "Pesticides kept in the kitchen"),
        ("ICS-04", "met", ""),
        ("ICS-05", "not_applicable", ""),
    )
    answer = send(client, sent, sent)
    assert [r["status"] for r in answer.json()["results"]] == ["accepted", "already_known"], (
        answer.json()
    )
    assert answer.json()["results"][0]["non_conformities"] == 1
    nc = NonConformity.objects.get()
    # ICS-03 is major: by default, conditional approval and 60 days to correct.
    assert (nc.sanction, nc.deadline) == ("conditional", days_from_today(60))
    assert nc.corrective_action == "Pesticides kept in the kitchen" and nc.farmer == ama
    assert Inspection.objects.count() == 1


def test_the_groups_own_rule_decides_the_sanction_and_the_approved_list_follows(
    client, certified_group
):
    group, manager, _ama, _kojo = certified_group
    SanctionRule.objects.create(
        group=group, severity="major", sanction="suspension", days_to_correct=14
    )
    client.force_login(manager)
    send(client, inspection(group, "AC-002", ("ICS-04", "not_met", "No spray records")))
    page = client.get(reverse("internal_control:group", args=[group.pk])).content.decode()
    assert "Suspended" in page and "(name withheld: no consent)" in page and "Kojo" not in page
    download = client.get(reverse("internal_control:approved_list", args=[group.pk]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(download.content)).active.iter_rows(
            min_row=5, values_only=True
        )
    )
    assert rows == [
        ("AC-001", "Ama Owusu", "Approved", None, None),
        ("AC-002", "(name withheld: no consent)", "Suspended", "ICS-04", today().isoformat()),
    ]
    nc = NonConformity.objects.get()
    refused = client.post(
        reverse("internal_control:close_non_conformity", args=[group.pk, nc.pk]), {"evidence": " "}
    )
    assert refused.status_code == 302 and NonConformity.objects.get().status == "open"
    client.post(
        reverse("internal_control:close_non_conformity", args=[group.pk, nc.pk]),
        {"evidence": "Spray book seen, filled since March"},
    )
    nc.refresh_from_db()
    assert (nc.status, nc.closed_by) == ("closed", manager)
    # Closing it again (a stale page submitted twice) changes nothing.
    client.post(
        reverse("internal_control:close_non_conformity", args=[group.pk, nc.pk]),
        {"evidence": "Something else"},
    )
    nc.refresh_from_db()
    assert nc.evidence == "Spray book seen, filled since March"
    assert (
        "Suspended"
        not in client.get(reverse("internal_control:group", args=[group.pk])).content.decode()
    )


def test_bad_inspections_are_refused_by_field_and_nothing_is_stored(client, certified_group):
    group, manager, *_ = certified_group
    client.force_login(manager)
    tomorrow = days_from_today(1).isoformat()
    answer = send(
        client,
        inspection(
            group,
            "AC-999",
            ("ICS-01", "not_met", ""),
            ("ICS-03", "met", ""),
            ("ICS-03", "not_applicable", ""),
            inspected_on=tomorrow,
            acknowledged_by="",
        ),
    ).json()["results"][0]
    assert answer["status"] == "refused"
    errors = answer["errors"]
    assert errors["member_code"] == ["AC-999 is not on this group's roster."]
    assert errors["inspected_on"] == ["The inspection date cannot be in the future."]
    assert errors["acknowledged_by"] == ["Write who acknowledged the findings."]
    assert "ICS-01 is not a control point of this group's inspections" in errors["findings"][0]
    assert any("ICS-03 is given twice" in e for e in errors["findings"])
    assert not Inspection.objects.exists() and not NonConformity.objects.exists()
    malformed = send(client, {"id": "not-a-uuid", "group": group.pk, "findings": []})
    assert malformed.status_code == 400
    unknown_result = send(client, inspection(group, "AC-001", ("ICS-03", "maybe", "")))
    assert unknown_result.status_code == 400 and "result" in str(unknown_result.json())
    assert not Inspection.objects.exists()


def test_another_countrys_group_is_neither_inspected_nor_shown(client, certified_group):
    group, *_ = certified_group
    vietnam = UserFactory(
        username="lan", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )
    client.force_login(vietnam)
    answer = send(client, inspection(group, "AC-001", ("ICS-03", "met", ""))).json()["results"][0]
    assert answer == {
        "id": answer["id"],
        "status": "refused",
        "errors": {"group": ["You do not inspect this group."]},
        "non_conformities": 0,
    }
    assert client.get(reverse("internal_control:group", args=[group.pk])).status_code == 404
    assert client.get(reverse("internal_control:approved_list", args=[group.pk])).status_code == 404
    trainer = UserFactory(username="kofi", groups=[roles.TRAINERS])
    group.trainers.add(trainer)
    group.save()
    client.force_login(trainer)
    assert client.get(reverse("internal_control:group", args=[group.pk])).status_code == 404
