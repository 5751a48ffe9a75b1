"""Cases found in review of the sync and imports: each once wrong, now right."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from adaptation.services import module_adapt
from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from training_delivery.factories import FarmerFactory
from training_delivery.models import Farmer, TrainingSession

URL = "/api/v1/sessions/"


def result_of(client, *sessions):
    response = client.post(URL, {"sessions": list(sessions)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_replay_after_the_trainer_was_unassigned_is_still_already_known(
    api, session_payload, group, field_trainer
):
    payload = session_payload()
    result_of(api, payload)
    group.trainers.remove(field_trainer)
    group.save()

    (result,) = result_of(api, payload)

    assert (result["status"], result["code"]) == ("already_known", 200)


def test_optional_fields_left_out_or_sent_empty_are_the_same_session(api, session_payload):
    payload = session_payload(attendance=[{"member_code": "M-1"}], notes="")
    result_of(api, payload)
    spelled_out = {
        **payload,
        "counts": None,
        "latitude": None,
        "longitude": None,
        "attendance": [{"member_code": "M-1", "pre_score": None, "post_score": None}],
    }
    del spelled_out["notes"]

    (result,) = result_of(api, spelled_out)

    assert result["status"] == "already_known"


def test_the_platform_resending_a_trainers_session_is_not_a_conflict(api, session_payload, group):
    payload = session_payload()
    result_of(api, payload)
    platform = APIClient()
    platform.force_authenticate(UserFactory(groups=[group.country.national_platform_group]))

    (result,) = result_of(platform, payload)

    assert result["status"] == "already_known"
    assert TrainingSession.objects.count() == 1


def test_a_farmer_removed_before_the_session_is_refused(api, session_payload, group):
    Farmer.objects.filter(group=group, member_code="M-2").update(
        removed_at=timezone.now() - datetime.timedelta(days=10)
    )
    today = timezone.localdate().isoformat()
    earlier = (timezone.localdate() - datetime.timedelta(days=20)).isoformat()

    (late,) = result_of(api, session_payload(date=today))
    (before,) = result_of(api, session_payload(date=earlier))

    assert "Removed from the roster" in late["errors"]["attendance"][0]
    assert before["status"] == "accepted"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"trainers": "SELF_TWICE"}, "trainers"),
        ({"group": 10**20}, "group"),
        ({"modules": [{"id": 10**20}]}, "modules.1.id"),
    ],
)
def test_inputs_that_once_crashed_are_refused_by_name(
    api, session_payload, field_trainer, changes, field
):
    if changes.get("trainers") == "SELF_TWICE":
        changes = {"trainers": [field_trainer.pk, field_trainer.pk]}

    (result,) = result_of(api, session_payload(**changes))

    assert (result["code"], field in result["errors"]) == (400, True), result


def test_a_content_length_that_is_not_a_number_is_refused(api):
    response = api.generic("POST", URL, "{}", content_type="application/json", CONTENT_LENGTH="x")

    assert response.status_code == 400


def test_the_sign_in_throttle_does_not_believe_forwarded_for(field_trainer):
    client = APIClient()
    codes = [
        client.post(
            "/api/v1/token/",
            {"username": "kwame", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        ).status_code
        for attempt in range(12)
    ]

    assert codes[-1] == 429


def test_a_new_countrys_old_adaptations_reach_the_device(api, field_trainer, module):
    first = api.get("/api/v1/sync/").json()
    vietnam_group = ProducerGroupFactory(
        name="Dak Lak", country=Country.objects.get(slug="vietnam")
    )
    adaptation = module_adapt(
        source=module, country=vietnam_group.country, user=UserFactory(is_superuser=True)
    )
    adaptation.save_revision().publish()
    type(adaptation).objects.filter(pk=adaptation.pk).update(
        last_published_at=timezone.now() - datetime.timedelta(days=30)
    )
    vietnam_group.trainers.add(field_trainer)
    vietnam_group.save()

    later = api.get("/api/v1/sync/", {"cursor": first["cursor"]}).json()

    assert adaptation.pk in [row["id"] for row in later["modules"]]


def test_the_device_learns_which_farmers_are_gone(api, group):
    first = api.get("/api/v1/sync/").json()
    gone = group.farmers.get(member_code="M-3")
    gone.delete()

    later = api.get("/api/v1/sync/", {"cursor": first["cursor"]}).json()

    assert gone.pk not in later["farmer_ids"]
    assert set(later["farmer_ids"]) == set(group.farmers.values_list("pk", flat=True))


def test_a_cursor_is_its_owners_only(api, group):
    cursor = api.get("/api/v1/sync/").json()["cursor"]
    colleague = UserFactory(groups=[roles.TRAINERS])
    group.trainers.add(colleague)
    group.save()
    other = APIClient()
    other.force_authenticate(colleague)

    assert other.get("/api/v1/sync/", {"cursor": cursor}).status_code == 400


def test_roster_codes_match_whatever_their_case(client, group):
    client.force_login(UserFactory(groups=[group.country.national_platform_group]))
    csv = "Member code,Name\nm-1,Akosua Boateng\n"

    client.post(
        reverse("training_delivery_roster_import"),
        {"group": group.pk, "file": SimpleUploadedFile("roster.csv", csv.encode())},
    )

    assert group.farmers.filter(member_code__iexact="m-1").count() == 1
    assert group.farmers.get(member_code="M-1").name == "Akosua Boateng"


def test_a_superscript_digit_is_a_bad_year_not_a_crash(client, group):
    client.force_login(UserFactory(groups=[group.country.national_platform_group]))
    csv = "Member code,Name,Birth year\nM-8,Ama,\u00b2\n"

    response = client.post(
        reverse("training_delivery_roster_import"),
        {"group": group.pk, "file": SimpleUploadedFile("roster.csv", csv.encode())},
    )

    (problem,) = response.context["problems"]
    assert problem.column == "Birth year"


def test_a_manager_on_the_committee_sees_only_their_own_groups_farmers(client, group):
    FarmerFactory(
        group=ProducerGroupFactory(name="Dak Lak", country=Country.objects.get(slug="vietnam")),
        name="Nguyen Thi Lan",
    )
    person = UserFactory(groups=[roles.TECHNICAL_COMMITTEE, roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(person)
    group.save()

    visible = Farmer.objects.visible_to(person)

    assert set(visible.values_list("group", flat=True)) == {group.pk}


def test_the_roster_filter_names_only_the_users_groups(client, group):
    ProducerGroupFactory(name="Dak Lak coffee", country=Country.objects.get(slug="vietnam"))
    client.force_login(UserFactory(groups=[group.country.national_platform_group]))

    page = client.get(reverse(Farmer.snippet_viewset.get_url_name("list"))).content.decode()

    assert "Ashanti cocoa farmers" in page and "Dak Lak coffee" not in page
