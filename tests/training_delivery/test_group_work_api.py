"""Group work from the trainer app (issue 18, point 2): level assessments and plan-item
updates made offline arrive once, and a stale update is refused with a clear message."""

import io
import json
import uuid

import pytest
from PIL import Image
from rest_framework.test import APIClient

from content.factories import UserFactory
from organisation_levels.factories import ImprovementCycleFactory, ImprovementItemFactory
from organisation_levels.models import (
    AssessmentEvidence,
    ImprovementItem,
    ImprovementItemUpdate,
    LevelAssessment,
    Rubric,
)
from organisation_levels.services import improvement_item_save
from reference import roles
from tests.organisation_levels.conftest import all_answers

pytestmark = pytest.mark.django_db

ASSESS = "/api/v1/group-work/assessments/"
ITEMS = "/api/v1/group-work/plan-items/"


@pytest.fixture
def manager(group):
    manager = UserFactory(
        username="abena",
        first_name="Abena",
        last_name="Mensah",
        groups=[roles.PRODUCER_GROUP_MANAGERS],
    )
    group.managers.add(manager)
    group.save()
    return manager


@pytest.fixture
def client(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


@pytest.fixture
def item(group):
    cycle = ImprovementCycleFactory(group=group)
    return ImprovementItemFactory(cycle=cycle, description="Write the inspection procedure")


def photo(name="register.jpg"):
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(data, "JPEG")
    data.seek(0)
    data.name = name
    return data


def assessment_body(group, answers=None, **extra):
    rubric = Rubric.objects.originals().get(version=1)
    return {
        "uuid": str(extra.pop("uuid", uuid.uuid4())),
        "group": group.pk,
        "rubric": rubric.pk,
        "answers": json.dumps(answers if answers is not None else all_answers(1)),
        "notes": "Committee met in March.",
        **extra,
    }


def test_the_app_gets_its_groups_items_with_versions_and_the_rubric(client, group, item):
    answer = client.get("/api/v1/group-work/").json()
    assert [g["name"] for g in answer["groups"]] == [group.name]
    assert answer["groups"][0]["items"][0]["version"] == 1
    assert answer["groups"][0]["items"][0]["description"] == "Write the inspection procedure"
    questions = [q for d in answer["rubric"]["dimensions"] for q in d["questions"]]
    assert questions and all(q["options"] for q in questions)


def test_a_trainer_gets_no_group_work_for_groups_they_only_train(field_trainer, group, item):
    client = APIClient()
    client.force_authenticate(field_trainer)
    assert client.get("/api/v1/group-work/").json()["groups"] == []


def test_an_assessment_with_a_photo_is_stored_once_however_often_it_is_sent(client, group):
    body = assessment_body(group)
    first = client.post(ASSESS, {**body, "evidence": [photo()]}, format="multipart")
    assert first.status_code == 201, first.json()
    again = client.post(ASSESS, {**body, "evidence": [photo()]}, format="multipart")
    assert again.status_code == 200
    assert again.json()["status"] == "already_known"
    assessment = LevelAssessment.objects.get()
    assert str(assessment.client_uuid) == body["uuid"]
    assert AssessmentEvidence.objects.filter(assessment=assessment).count() == 1


def test_the_same_identifier_with_other_answers_is_refused(client, group):
    body = assessment_body(group)
    client.post(ASSESS, body, format="multipart")
    other = client.post(ASSESS, {**body, "answers": json.dumps(all_answers(2))}, format="multipart")
    assert other.status_code == 409
    assert LevelAssessment.objects.count() == 1


def test_bad_answers_or_files_are_refused_by_field_and_nothing_is_stored(client, group):
    answers = all_answers(1)
    answers.pop(next(iter(answers)))
    missing = client.post(ASSESS, assessment_body(group, answers=answers), format="multipart")
    assert missing.status_code == 400
    assert "is not answered" in missing.json()["errors"]["answers"][0]

    fake = io.BytesIO(b"not a picture at all")
    fake.name = "register.jpg"
    bad_file = client.post(
        ASSESS, {**assessment_body(group), "evidence": [fake]}, format="multipart"
    )
    assert bad_file.status_code == 400
    assert "register.jpg" in bad_file.json()["errors"]["evidence"][0]

    shapeless = client.post(ASSESS, {"uuid": "x", "answers": "[1]"}, format="multipart")
    assert set(shapeless.json()["errors"]) == {"uuid", "group", "rubric", "answers"}
    assert not LevelAssessment.objects.exists()


def test_another_groups_assessment_is_refused(client, vietnam_group):
    answer = client.post(ASSESS, assessment_body(vietnam_group), format="multipart")
    assert answer.status_code == 403
    assert not LevelAssessment.objects.exists()


def test_a_plan_item_update_is_applied_once(client, item):
    update = {
        "uuid": str(uuid.uuid4()),
        "item": item.pk,
        "base_version": 1,
        "changes": {"status": "done", "evidence_notes": "Minutes of 3 March"},
    }
    first = client.post(ITEMS, {"updates": [update]}, format="json").json()
    assert first["accepted"] == 1, first
    assert first["results"][0]["item"]["version"] == 2
    again = client.post(ITEMS, {"updates": [update]}, format="json").json()
    assert again["already_known"] == 1
    item.refresh_from_db()
    assert (item.status, item.version, item.evidence_notes) == ("done", 2, "Minutes of 3 March")
    assert item.completed_on is not None
    assert ImprovementItemUpdate.objects.count() == 1


def test_a_stale_update_is_refused_naming_the_item_and_who_changed_it(client, item, group):
    kwame = UserFactory(username="kwame", first_name="Kwame", last_name="Owusu")
    group.managers.add(kwame)
    group.save()
    item.owner = "Treasurer"
    improvement_item_save(item=item, user=kwame)  # on the site, meanwhile
    update = {
        "uuid": str(uuid.uuid4()),
        "item": item.pk,
        "base_version": 1,
        "changes": {"status": "dropped"},
    }
    result = client.post(ITEMS, {"updates": [update]}, format="json").json()["results"][0]
    assert (result["status"], result["code"]) == ("conflict", 409)
    assert "Write the inspection procedure" in result["message"]
    assert "Kwame Owusu" in result["message"]
    assert result["item"]["owner"] == "Treasurer" and result["item"]["version"] == 2
    item.refresh_from_db()
    assert item.status == "to_do"

    # Keeping mine: sent again from the current version, it replaces theirs knowingly.
    update = {**update, "uuid": str(uuid.uuid4()), "base_version": 2}
    assert client.post(ITEMS, {"updates": [update]}, format="json").json()["accepted"] == 1


def test_bad_updates_are_refused_by_field(client, item, vietnam_group):
    other = ImprovementItemFactory(cycle=ImprovementCycleFactory(group=vietnam_group))
    answer = client.post(
        ITEMS,
        {
            "updates": [
                {
                    "uuid": str(uuid.uuid4()),
                    "item": item.pk,
                    "base_version": 1,
                    "changes": {"status": "carried_over"},
                },
                {
                    "uuid": str(uuid.uuid4()),
                    "item": item.pk,
                    "base_version": 1,
                    "changes": {"owner": ""},
                },
                {
                    "uuid": str(uuid.uuid4()),
                    "item": item.pk,
                    "base_version": 1,
                    "changes": {"cycle": 3},
                },
                {
                    "uuid": str(uuid.uuid4()),
                    "item": other.pk,
                    "base_version": 1,
                    "changes": {"status": "done"},
                },
                {"item": item.pk},
            ]
        },
        format="json",
    ).json()
    errors = [result["errors"] for result in answer["results"]]
    assert "status" in errors[0] and "owner" in errors[1] and "cycle" in errors[2]
    assert answer["results"][3]["code"] == 404
    assert {"uuid", "base_version", "changes"} <= set(errors[4])
    item.refresh_from_db()
    assert (item.version, item.status, item.owner) == (1, "to_do", "Secretary")
    assert not ImprovementItemUpdate.objects.exists()


def test_a_change_on_the_site_moves_the_version(manager, item):
    item.status = ImprovementItem.Status.IN_PROGRESS
    improvement_item_save(item=item, user=manager)
    item.refresh_from_db()
    assert (item.version, item.updated_by) == (2, manager)
