"""The statement endpoint, /api/v1/h5p/statements/, and the resume state (issue 3, point 5)."""

import json
import time
import uuid
from unittest import mock

import pytest
from rest_framework.test import APIClient

from content.factories import UserFactory
from h5p import api, serving
from h5p.models import XAPI_VERB_ANSWERED, XAPI_VERB_COMPLETED, H5PProgress, H5PStatement
from tests.h5p.player_helpers import knowledge_check_activity

pytestmark = pytest.mark.django_db

URL = "/api/v1/h5p/statements/"
STATE_URL = "/api/v1/h5p/state/"


@pytest.fixture
def activity(db):
    return knowledge_check_activity()


@pytest.fixture
def token(activity, learner):
    return serving.h5p_player_token_make(user=learner, activity=activity)


@pytest.fixture
def api_client(learner, backpack):
    """The module page's view of the API: the learner's session, CSRF checked."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get("/")  # sets the CSRF cookie, as the module page does
    return client


def csrf(client):
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def xapi(verb=XAPI_VERB_COMPLETED, raw=2, maximum=2, parent=False, completion=True):
    statement = {
        "actor": {"account": {"name": "not-trackable"}, "objectType": "Agent"},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"id": "http://testserver/h5p/activities/1", "objectType": "Activity"},
        "result": {
            "score": {"min": 0, "raw": raw, "max": maximum, "scaled": raw / maximum},
            "completion": completion,
        },
    }
    if parent:
        statement["context"] = {"contextActivities": {"parent": [{"id": "http://x/1"}]}}
    return statement


def item(statement=None, *, timestamp="2026-11-24T10:00:00Z", statement_id=None):
    return {
        "id": str(statement_id or uuid.uuid4()),
        "timestamp": timestamp,
        "statement": statement or xapi(),
    }


def post(client, body, **extra):
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def test_a_batch_is_stored_and_progress_returned(api_client, token, learner, activity):
    body = {
        "activity": token,
        "statements": [
            item(xapi(XAPI_VERB_ANSWERED, 1, 1, parent=True)),
            item(xapi(XAPI_VERB_ANSWERED, 0, 1, parent=True)),
            item(xapi(XAPI_VERB_COMPLETED, 1, 2)),
        ],
    }

    response = post(api_client, body, **csrf(api_client))

    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == [entry["id"] for entry in body["statements"]]
    assert response.json()["progress"] == {
        "attempts": 1,
        "best_score": 0.5,
        "last_score": 0.5,
        "completed": True,
    }
    assert H5PStatement.objects.filter(user=learner, activity=activity).count() == 3
    stored = H5PStatement.objects.get(id=body["statements"][2]["id"])
    sent = body["statements"][2]["statement"]
    # What the learner did is kept as sent; who, which activity, id and time are the
    # server's (issue 16, point 5: tests/h5p/test_xapi_statements.py).
    assert (stored.statement["verb"], stored.statement["result"]) == (sent["verb"], sent["result"])
    assert stored.statement["id"] == body["statements"][2]["id"]
    assert stored.statement["actor"]["account"]["name"] != "not-trackable"
    assert (stored.is_attempt, stored.score_raw, stored.score_max) == (True, 1, 2)


def test_a_statement_posted_twice_is_stored_once(api_client, token, learner):
    body = {"activity": token, "statements": [item()]}

    first = post(api_client, body, **csrf(api_client))
    again = post(api_client, body, **csrf(api_client))
    # The same UUID inside one batch too.
    twice_in_one = post(
        api_client, {"activity": token, "statements": body["statements"] * 2}, **csrf(api_client)
    )

    assert first.status_code == again.status_code == twice_in_one.status_code == 200
    assert again.json()["accepted"] == first.json()["accepted"]
    assert H5PStatement.objects.filter(user=learner).count() == 1
    assert H5PProgress.objects.get(user=learner).attempts == 1


def test_anonymous_visitors_are_refused(token):
    response = post(APIClient(), {"activity": token, "statements": [item()]})

    assert response.status_code in (401, 403)
    assert not H5PStatement.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(api_client, token):
    response = post(api_client, {"activity": token, "statements": [item()]})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not H5PStatement.objects.exists()


def test_an_oversize_batch_is_refused_before_it_is_read(api_client, token):
    padding = "x" * (api.MAX_BODY_BYTES + 1)
    body = {"activity": token, "statements": [item({**xapi(), "padding": padding})]}

    response = post(api_client, body, **csrf(api_client))

    assert response.status_code == 413
    assert "larger than 256 KB" in response.json()["detail"]
    assert not H5PStatement.objects.exists()


def test_too_many_statements_in_one_batch_are_refused(api_client, token):
    body = {"activity": token, "statements": [item() for _ in range(api.MAX_STATEMENTS + 1)]}

    response = post(api_client, body, **csrf(api_client))

    assert response.status_code == 400
    assert "statements" in response.json()
    assert not H5PStatement.objects.exists()


@pytest.mark.parametrize(
    ("change", "field_path", "message"),
    [
        (lambda s: s.pop("id"), ["statements", 0, "id"], "required"),
        (lambda s: s.update(id="not-a-uuid"), ["statements", 0, "id"], "UUID"),
        (lambda s: s.update(timestamp="yesterday"), ["statements", 0, "timestamp"], "format"),
        (lambda s: s.update(statement=[1, 2]), ["statements", 0, "statement"], "dictionary"),
        (
            lambda s: s["statement"].pop("verb"),
            ["statements", 0, "statement", "verb"],
            "required",
        ),
        (
            lambda s: s["statement"]["verb"].update(id="completed"),
            ["statements", 0, "statement", "verb", "id"],
            "IRI",
        ),
        (
            lambda s: s["statement"]["result"]["score"].update(raw=5),
            ["statements", 0, "statement", "result", "score", "non_field_errors"],
            "above the maximum",
        ),
        (
            lambda s: s["statement"]["result"]["score"].update(scaled=3),
            ["statements", 0, "statement", "result", "score", "scaled"],
            "less than or equal to 1",
        ),
        (
            lambda s: s["statement"]["result"].update(completion="maybe"),
            ["statements", 0, "statement", "result", "completion"],
            "valid boolean",
        ),
    ],
)
def test_a_malformed_statement_is_refused_with_a_message_naming_it(
    api_client, token, change, field_path, message
):
    good, bad = item(), item()
    change(bad)

    response = post(api_client, {"activity": token, "statements": [bad, good]}, **csrf(api_client))

    assert response.status_code == 400
    errors = response.json()
    for key in field_path:
        errors = errors[str(key)]  # failing list items are keyed by their index
    assert message in " ".join(errors)
    # All or nothing: the good statement of a refused batch is not stored either.
    assert not H5PStatement.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"statements": []}'])
def test_a_body_that_is_not_a_batch_is_refused(api_client, body):
    response = api_client.post(URL, body, content_type="application/json", **csrf(api_client))

    assert response.status_code == 400
    assert response.json()


def test_someone_else_s_token_is_refused(api_client, activity, learner):
    other = UserFactory()
    foreign = serving.h5p_player_token_make(user=other, activity=activity)
    anonymous = serving.h5p_player_token_make(user=None, activity=activity)

    for token in (foreign, anonymous, "forged:token"):
        response = post(api_client, {"activity": token, "statements": [item()]}, **csrf(api_client))
        assert response.status_code == 400
        assert "Reload the module page" in response.json()["activity"][0]
    assert not H5PStatement.objects.exists()


def test_statements_made_offline_long_ago_still_count(api_client, activity, learner):
    # The player token expires in hours, but what was done while it was fresh is kept
    # for weeks, so a phone that was offline still delivers.
    with mock.patch("time.time", return_value=time.time() - 20 * 86400):
        old = serving.h5p_player_token_make(user=learner, activity=activity)
    with mock.patch("time.time", return_value=time.time() - serving.TRACKING_TOKEN_MAX_AGE - 60):
        too_old = serving.h5p_player_token_make(user=learner, activity=activity)

    assert (
        post(api_client, {"activity": old, "statements": [item()]}, **csrf(api_client)).status_code
        == 200
    )
    assert (
        post(
            api_client, {"activity": too_old, "statements": [item()]}, **csrf(api_client)
        ).status_code
        == 400
    )


# --- Resume state --------------------------------------------------------------------


def test_resume_state_is_saved_and_restored(api_client, token, learner, activity):
    state = json.dumps({"answers": [1, None]})
    body = {
        "activity": token,
        "statements": [],
        "state": {"data": state, "saved_at": "2026-11-24T10:00:00Z"},
    }

    assert post(api_client, body, **csrf(api_client)).status_code == 200
    restored = api_client.get(STATE_URL, {"activity": token})

    assert restored.status_code == 200
    assert restored.json()["state"] == state
    assert restored.json()["saved_at"] == "2026-11-24T10:00:00Z"


def test_an_older_state_arriving_late_does_not_overwrite_a_newer_one(api_client, token):
    newer = {"data": '{"answers": [1, 0]}', "saved_at": "2026-11-24T11:00:00Z"}
    older = {"data": '{"answers": [1, null]}', "saved_at": "2026-11-24T10:00:00Z"}

    post(api_client, {"activity": token, "statements": [], "state": newer}, **csrf(api_client))
    post(api_client, {"activity": token, "statements": [], "state": older}, **csrf(api_client))

    assert api_client.get(STATE_URL, {"activity": token}).json()["state"] == newer["data"]


def test_no_state_yet_and_no_state_for_others(api_client, token, activity):
    assert api_client.get(STATE_URL, {"activity": token}).json() == {
        "state": None,
        "saved_at": None,
        "progress": {"attempts": 0, "best_score": None, "last_score": None, "completed": False},
    }
    foreign = serving.h5p_player_token_make(user=UserFactory(), activity=activity)
    assert api_client.get(STATE_URL, {"activity": foreign}).status_code == 400
    assert APIClient().get(STATE_URL, {"activity": token}).status_code in (401, 403)


def test_an_oversize_state_is_refused(api_client, token):
    state = {"data": "x" * (api.MAX_STATE_CHARS + 1), "saved_at": "2026-11-24T10:00:00Z"}

    response = post(
        api_client, {"activity": token, "statements": [], "state": state}, **csrf(api_client)
    )

    assert response.status_code == 400
    assert "state" in response.json()
    assert not H5PProgress.objects.exclude(state="").exists()
