"""The API's contract: the schema documents every status the API answers and states what
it accepts; the API refuses what the schema does not allow with a clear 4xx, in JSON."""

import pytest
from rest_framework.test import APIClient

from training_delivery.models import TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(trainer):
    client = APIClient()
    client.force_authenticate(trainer)
    return client


@pytest.fixture
def schema(client):
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def documented(schema, path, method) -> set[str]:
    return set(schema["paths"][path][method]["responses"])


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/sessions/", "post", {"200", "400", "401", "403", "413", "415"}),
        (
            "/api/v1/sessions/{session_uuid}/photos/",
            "post",
            {"200", "201", "400", "401", "403", "404", "409", "413", "415"},
        ),
        ("/api/v1/sync/", "get", {"200", "400", "401", "403"}),
        ("/api/v1/token/", "post", {"200", "400", "415", "429"}),
        ("/api/v1/h5p/statements/", "post", {"200", "400", "401", "403", "413", "415"}),
        ("/api/v1/h5p/state/", "get", {"200", "400", "401", "403"}),
    ],
)
def test_the_schema_documents_every_status_the_api_answers(schema, path, method, statuses):
    assert documented(schema, path, method) == statuses
    refusal = schema["paths"][path][method]["responses"]["400"]["content"]["application/json"]
    assert refusal["schema"] == {"$ref": "#/components/schemas/ApiError"}


def test_a_refusal_is_a_message_or_the_fields_messages(schema):
    error = schema["components"]["schemas"]["ApiError"]

    assert error["properties"] == {"detail": {"type": "string"}}
    assert error["additionalProperties"] == {}


def test_a_session_upload_is_json_only_in_the_schema_and_the_api(schema, api):
    body = schema["paths"]["/api/v1/sessions/"]["post"]["requestBody"]["content"]
    sessions = schema["components"]["schemas"]["SessionBatchRequest"]["properties"]["sessions"]

    as_multipart = api.post("/api/v1/sessions/", {"sessions": "[]"}, format="multipart")
    as_form = api.generic(
        "POST",
        "/api/v1/sessions/",
        "sessions=1",
        content_type="application/x-www-form-urlencoded",
    )

    assert set(body) == {"application/json"}
    assert (sessions["minItems"], sessions["maxItems"]) == (1, 1000)
    for refused in (as_multipart, as_form):
        assert refused.status_code == 415
        assert "JSON" in refused.json()["detail"]
    assert not TrainingSession.objects.exists()


def test_an_empty_activity_is_outside_the_schema_and_refused_by_name(schema, api):
    activity = schema["components"]["schemas"]["StatementBatchRequest"]["properties"]["activity"]

    response = api.post(
        "/api/v1/h5p/statements/", {"activity": "", "statements": []}, format="json"
    )

    assert activity["minLength"] == 1
    assert "pattern" in activity
    assert response.status_code == 400
    assert list(response.json()) == ["activity"]


def test_a_cursor_of_the_wrong_form_is_outside_the_schema_and_refused_by_name(schema, api):
    (cursor,) = schema["paths"]["/api/v1/sync/"]["get"]["parameters"]

    response = api.get("/api/v1/sync/", {"cursor": "any string"})

    assert cursor["schema"]["pattern"].startswith("^")
    assert response.status_code == 400
    assert "cursor" in response.json()["cursor"][0]


def test_the_download_documents_its_whole_answer(schema):
    changes = schema["components"]["schemas"]["SyncChanges"]["properties"]

    assert set(changes) == {
        "cursor",
        "full",
        "groups",
        "farmers",
        "modules",
        "farmer_ids",
        "module_ids",
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_address_under_the_api_that_nothing_answers_is_a_json_404(api, method):
    response = getattr(api, method)("/api/v1/sessions/not-a-uuid/photos/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
