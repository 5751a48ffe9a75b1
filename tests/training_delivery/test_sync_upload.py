"""Uploading sessions through the sync API: accepted, already known, refused, and why."""

import json
import uuid

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from adaptation.services import module_adapt
from content.factories import UserFactory
from reference import roles
from reference.models import Country
from training_delivery.api import MAX_SESSIONS_PER_UPLOAD
from training_delivery.factories import FarmerFactory
from training_delivery.models import Attendance, DeviceToken, SessionModule, TrainingSession
from training_delivery.services import sessions_check, sessions_store

URL = "/api/v1/sessions/"


def upload(api, *sessions):
    response = api.post(URL, {"sessions": list(sessions)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def only_result(body):
    (result,) = body["results"]
    return result


def test_a_session_is_stored_with_its_attendance_modules_and_trainer(
    api, session_payload, field_trainer, module
):
    payload = session_payload()

    result = only_result(upload(api, payload))

    assert result == {
        "index": 0,
        "uuid": payload["uuid"],
        "status": "accepted",
        "code": 201,
        "errors": {},
        "message": "",
    }
    session = TrainingSession.objects.get(uuid=payload["uuid"])
    assert list(session.trainers.all()) == [field_trainer]
    assert session.recorded_by == field_trainer
    assert session.duration_hours == 2.5
    scores = {(a.farmer.member_code, a.pre_score, a.post_score) for a in session.attendance.all()}
    assert scores == {("M-1", 40, 80), ("M-2", 55, 70)}
    covered = session.modules_covered.get()
    assert (covered.module_id, covered.feedback_rating, covered.feedback) == (
        module.pk,
        4,
        "Lively.",
    )


def test_the_same_session_sent_again_is_already_known_and_stored_once(api, session_payload):
    payload = session_payload()
    upload(api, payload)
    # A retry after a dropped connection: the same content, its lists in another order.
    retry = {**payload, "attendance": list(reversed(payload["attendance"]))}

    result = only_result(upload(api, retry))

    assert (result["status"], result["code"]) == ("already_known", 200)
    assert TrainingSession.objects.count() == 1
    assert Attendance.objects.count() == 2


def test_different_content_under_a_known_identifier_is_a_conflict_that_changes_nothing(
    api, session_payload
):
    payload = session_payload()
    upload(api, payload)

    result = only_result(upload(api, {**payload, "notes": "Changed afterwards"}))

    assert (result["status"], result["code"]) == ("refused", 409)
    assert "different session is already stored" in result["errors"]["uuid"][0]
    assert TrainingSession.objects.get().notes == ""


def test_a_batch_with_the_same_identifier_twice_stores_it_once(api, session_payload):
    payload = session_payload()
    changed = {**payload, "place": "Elsewhere"}

    body = upload(api, payload, dict(payload), changed)

    assert [(r["status"], r["code"]) for r in body["results"]] == [
        ("accepted", 201),
        ("already_known", 200),
        ("refused", 409),
    ]
    assert (body["accepted"], body["already_known"], body["refused"]) == (1, 1, 1)
    assert TrainingSession.objects.get().place == "Demo plot"


def test_a_group_the_trainer_is_not_assigned_to_is_forbidden(api, session_payload, vietnam_group):
    result = only_result(upload(api, session_payload(group=vietnam_group.pk)))

    assert (result["status"], result["code"]) == ("refused", 403)
    assert "not assigned" in result["errors"]["group"][0]
    assert not TrainingSession.objects.exists()


def test_good_sessions_are_stored_beside_refused_ones(api, session_payload, vietnam_group):
    good, bad = session_payload(), session_payload(group=vietnam_group.pk)

    body = upload(api, bad, good)

    assert [r["code"] for r in body["results"]] == [403, 201]
    assert list(TrainingSession.objects.values_list("uuid", flat=True)) == [uuid.UUID(good["uuid"])]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"group": "Ashanti"}, "group", "valid integer"),
        ({"date": "yesterday"}, "date", "Date has wrong format"),
        ({"uuid": "session-1"}, "uuid", "valid UUID"),
        ({"method": "radio"}, "method", "not a valid choice"),
        ({"language": "de"}, "language", "not a valid choice"),
        ({"ends_at": "08:00"}, "ends_at", "end after it starts"),
        ({"latitude": "6.5"}, "longitude", "both latitude and longitude"),
        ({"latitude": "95", "longitude": "1"}, "latitude", "less than or equal to 90"),
        ({"modules": []}, "modules", "may not be empty"),
        ({"attendance": [], "counts": None}, "attendance", "No one attended"),
        (
            {"counts": {"women": 2, "men": 1, "other": 0}},
            "counts",
            "either the attendance list or head counts",
        ),
        (
            {"attendance": [{"member_code": "M-1"}, {"member_code": "M-1"}]},
            "attendance",
            "listed twice: M-1",
        ),
        (
            {"attendance": [{"member_code": "M-1", "post_score": 101}]},
            "attendance.1.post_score",
            "less than or equal to 100",
        ),
        (
            {"attendance": [{"member_code": "M-1", "pre_score": "good"}]},
            "attendance.1.pre_score",
            "valid integer",
        ),
        (
            {"attendance": [{"member_code": "M-1"}, {"member_code": "M-77"}]},
            "attendance",
            "Not on the roster of Ashanti cocoa farmers: M-77",
        ),
        ({"modules": [{"id": 999999}]}, "modules", "not a published module"),
        ({"trainers": [999999]}, "trainers", "Not trainers of Ashanti cocoa farmers"),
        ({"notes": 12}, None, None),  # a number is accepted as text by design: not an error
    ],
)
def test_a_malformed_session_is_refused_naming_the_field_and_nothing_is_stored(
    api, session_payload, changes, field, words
):
    result = only_result(upload(api, session_payload(**changes)))

    if field is None:
        assert result["status"] == "accepted"
        return
    assert (result["status"], result["code"]) == ("refused", 400), result
    assert words in " ".join(result["errors"][field]), result["errors"]
    assert not TrainingSession.objects.exists()
    assert not Attendance.objects.exists()


def test_a_future_date_is_refused_but_tomorrow_utc_is_today_somewhere(api, session_payload):
    today = timezone.now().date()
    in_two_days = (today + timezone.timedelta(days=2)).isoformat()
    tomorrow = (today + timezone.timedelta(days=1)).isoformat()

    refused = only_result(upload(api, session_payload(date=in_two_days)))
    accepted = only_result(upload(api, session_payload(date=tomorrow)))

    assert refused["errors"] == {"date": ["The date is in the future."]}
    assert accepted["status"] == "accepted"


def test_another_countrys_adaptation_is_refused(api, session_payload, module, backpack):
    vietnam = Country.objects.get(slug="vietnam")
    adaptation = module_adapt(source=module, country=vietnam, user=UserFactory(is_superuser=True))
    adaptation.save_revision().publish()

    result = only_result(upload(api, session_payload(modules=[{"id": adaptation.pk}])))

    assert "another country's adaptation" in result["errors"]["modules"][0]


def test_head_counts_without_a_roster_and_removed_farmers_are_accepted(api, session_payload, group):
    FarmerFactory(group=group, member_code="M-9", removed_at=timezone.now())

    counted = only_result(
        upload(api, session_payload(attendance=[], counts={"women": 7, "men": 3}))
    )
    removed = only_result(upload(api, session_payload(attendance=[{"member_code": "M-9"}])))

    assert (counted["status"], removed["status"]) == ("accepted", "accepted")
    counted_session = TrainingSession.objects.get(uuid=counted["uuid"])
    assert (counted_session.women_count, counted_session.men_count) == (7, 3)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        ("{not json", "application/json", 400, "JSON"),
        (json.dumps([1, 2]), "application/json", 400, "non-empty list of sessions"),
        (json.dumps({"sessions": []}), "application/json", 400, "non-empty list"),
        (json.dumps({"sessions": "all"}), "application/json", 400, "non-empty list"),
    ],
)
def test_a_malformed_body_is_refused_as_a_whole(api, body, content_type, status, words):
    response = api.generic("POST", URL, body, content_type=content_type)

    assert response.status_code == status
    assert words in response.json()["detail"]


def test_a_session_that_is_not_an_object_is_refused_alone(api, session_payload):
    body = upload(api, "session", session_payload())

    assert [r["code"] for r in body["results"]] == [400, 201]
    assert body["results"][0]["errors"] == {"session": ["Each session must be an object."]}


def test_an_oversize_batch_is_refused_before_anything_is_checked(api, session_payload):
    payload = session_payload()
    response = api.post(URL, {"sessions": [payload] * (MAX_SESSIONS_PER_UPLOAD + 1)}, format="json")

    assert response.status_code == 413
    assert "at most 1000 sessions" in response.json()["detail"]
    assert not TrainingSession.objects.exists()


def test_a_too_large_body_is_refused(api):
    response = api.generic(
        "POST", URL, "x" * 10, content_type="application/json", CONTENT_LENGTH=str(9 * 2**20)
    )

    assert response.status_code == 413


def test_uploads_need_a_signed_in_user(session_payload):
    response = APIClient().post(URL, {"sessions": [session_payload()]}, format="json")

    assert response.status_code == 401
    assert not TrainingSession.objects.exists()


def test_the_app_signs_in_with_a_token(field_trainer, session_payload):
    field_trainer.set_password("field-pass-123")
    field_trainer.save()
    client = APIClient()

    token = client.post(
        "/api/v1/token/", {"username": "kwame", "password": "field-pass-123"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.post(URL, {"sessions": [session_payload()]}, format="json").status_code == 200
    assert DeviceToken.objects.get().user == field_trainer


def test_a_wrong_password_gets_no_token(field_trainer):
    response = APIClient().post(
        "/api/v1/token/", {"username": "kwame", "password": "guess"}, format="json"
    )

    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.parametrize("role", ["platform", "manager", "viewer", "other_trainer"])
def test_who_may_record_sessions_for_a_group(role, group, session_payload, ghana_viewer):
    people = {
        "platform": lambda: UserFactory(groups=[group.country.national_platform_group]),
        "manager": lambda: _manager_of(group),
        "viewer": lambda: ghana_viewer,
        "other_trainer": lambda: UserFactory(groups=[roles.TRAINERS]),
    }
    client = APIClient()
    client.force_authenticate(people[role]())

    result = only_result(upload(client, session_payload()))

    expected = 201 if role == "platform" else 403
    assert result["code"] == expected


def _manager_of(group):
    manager = UserFactory(groups=[roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(manager)
    group.save()
    return manager


def test_an_upload_that_lost_a_race_reports_already_known_or_conflict(
    field_trainer, session_payload
):
    same, different = session_payload(), session_payload()
    storable, _results = sessions_check(user=field_trainer, sessions=[same, different])
    # Another upload of both sessions (one changed) lands between the check and the insert.
    rival, _ = sessions_check(
        user=field_trainer, sessions=[same, {**different, "notes": "typed twice"}]
    )
    sessions_store(user=field_trainer, candidates=rival)

    results = sessions_store(user=field_trainer, candidates=storable)

    assert [(r.status, r.code) for r in results] == [("already_known", 200), ("refused", 409)]
    assert TrainingSession.objects.count() == 2
    assert Attendance.objects.count() == 4


def _batch(session_payload, count, attendees):
    return [
        session_payload(
            attendance=[
                {"member_code": f"B-{number}", "pre_score": 30, "post_score": 60}
                for number in range(1, attendees + 1)
            ]
        )
        for _ in range(count)
    ]


def test_the_number_of_queries_does_not_grow_with_the_batch(api, session_payload, group):
    FarmerFactory.create_batch(
        20, group=group, member_code=factory.Iterator([f"B-{number}" for number in range(1, 21)])
    )

    with CaptureQueriesContext(connection) as small:
        upload(api, *_batch(session_payload, 2, 20))
    with CaptureQueriesContext(connection) as large:
        upload(api, *_batch(session_payload, 60, 20))

    assert len(large) == len(small)
    assert SessionModule.objects.count() == 62
    assert Attendance.objects.count() == 62 * 20
