"""H5P activities of modules kept on the phone (issue 18, point 1; decision
0033-h5p-offline): the files the app keeps, and results sent later with the device token."""

import base64
import json
import uuid

import pytest
from rest_framework.test import APIClient

from adaptation.services import module_adapt
from content.factories import UserFactory
from h5p.library_store import activity_libraries
from h5p.models import H5PProgress, H5PStatement
from tests.h5p.player_helpers import knowledge_check_activity, module_with_activities
from training_delivery.h5p_offline import library_version_name


@pytest.fixture
def activity(db):
    return knowledge_check_activity()


@pytest.fixture
def h5p_module(backpack, activity):
    return module_with_activities(parent=backpack, activities=[activity], code="PO-07")


def completed(scaled=1.0):
    return {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "result": {"completion": True, "score": {"raw": scaled * 2, "max": 2, "scaled": scaled}},
    }


def batch(module, activity, *ids, statement=None):
    return {
        "module": module.pk,
        "activity": activity.pk,
        "statements": [
            {
                "id": str(item),
                "timestamp": "2026-12-06T09:00:00Z",
                "statement": statement or completed(),
            }
            for item in ids
        ],
    }


def test_the_app_gets_every_file_the_player_reads(api, h5p_module, activity):
    answer = api.get(f"/api/v1/modules/{h5p_module.pk}/h5p/{activity.pk}/")

    assert answer.status_code == 200
    body = answer.json()
    assert json.loads(base64.b64decode(body["package"]["h5p.json"]))["mainLibrary"]
    assert "content/content.json" in body["package"]
    # The libraries are named, not carried: each fetched apart, once per version.
    assert "libraries" not in body
    assert body["library_versions"]
    assert set(body["player"]) == {"main", "frame_js", "frame_css"}
    served = set()
    for folder, name in body["library_versions"].items():
        library = api.get(f"/api/v1/modules/{h5p_module.pk}/h5p/{activity.pk}/libraries/{name}/")
        assert library.status_code == 200
        assert json.loads(base64.b64decode(library.json()["files"]["library.json"]))
        served |= {f"{folder}/{path}" for path in library.json()["files"]}
    # Together, every library file the player preloads (as the site's player page lists).
    assert served == {path for path, _kind in activity_libraries(activity_id=activity.pk).preload}
    # The module's offline copy names its activities, for the app to fetch.
    module_copy = api.get(f"/api/v1/modules/{h5p_module.pk}/offline/").json()
    assert module_copy["h5p"] == [activity.pk]
    assert "data-h5p-offline" in module_copy["html"]


def test_only_a_signed_in_phone_gets_the_files(h5p_module, activity):
    answer = APIClient().get(f"/api/v1/modules/{h5p_module.pk}/h5p/{activity.pk}/")
    assert answer.status_code == 401
    name = library_version_name(activity.library_links.first().library.storage_prefix)
    library = APIClient().get(
        f"/api/v1/modules/{h5p_module.pk}/h5p/{activity.pk}/libraries/{name}/"
    )
    assert library.status_code == 401


def test_two_activities_playing_one_library_version_name_it_alike(api, backpack, activity):
    """The name is the stored version (machine name, version, hash of its files): the
    phone keeps it once for both."""
    other = knowledge_check_activity(title="Another check")
    module = module_with_activities(parent=backpack, activities=[activity, other], code="PO-08")

    first, second = (
        api.get(f"/api/v1/modules/{module.pk}/h5p/{item.pk}/").json()["library_versions"]
        for item in (activity, other)
    )
    assert first == second
    assert all(name.startswith(folder.rsplit("-", 1)[0] + "-") for folder, name in first.items())


def test_a_library_the_activity_does_not_play_is_refused(api, h5p_module, activity, module):
    name = library_version_name(activity.library_links.first().library.storage_prefix)
    base = f"/api/v1/modules/{h5p_module.pk}/h5p/{activity.pk}/libraries"
    assert api.get(f"{base}/H5P.Nothing-1.0.0-0123456789abcdef01234567/").status_code == 404
    assert api.get(f"{base}/..%2F..%2Fsecret/").status_code == 404
    # The activity's own library, asked through a module that does not hold the activity.
    elsewhere = f"/api/v1/modules/{module.pk}/h5p/{activity.pk}/libraries/{name}/"
    assert api.get(elsewhere).status_code == 404


def test_another_countrys_activity_is_refused(api, h5p_module, activity, vietnam_group):
    admin = UserFactory(is_superuser=True)
    vietnamese = module_adapt(source=h5p_module, country=vietnam_group.country, user=admin)
    vietnamese.save_revision().publish()

    answer = api.get(f"/api/v1/modules/{vietnamese.pk}/h5p/{activity.pk}/")
    assert answer.status_code == 404
    sent = api.post(
        "/api/v1/h5p-results/", batch(vietnamese, activity, uuid.uuid4()), format="json"
    )
    assert sent.status_code == 400
    assert "activity" in sent.json()
    assert not H5PStatement.objects.exists()


def test_an_activity_not_in_that_module_is_refused(api, module, activity):
    assert api.get(f"/api/v1/modules/{module.pk}/h5p/{activity.pk}/").status_code == 404


def test_results_are_stored_once_however_often_they_are_sent(
    api, h5p_module, activity, field_trainer
):
    ids = [uuid.uuid4(), uuid.uuid4()]
    first = api.post("/api/v1/h5p-results/", batch(h5p_module, activity, *ids), format="json")
    again = api.post("/api/v1/h5p-results/", batch(h5p_module, activity, *ids), format="json")

    assert first.status_code == again.status_code == 200
    assert again.json()["accepted"] == [str(item) for item in ids]
    assert H5PStatement.objects.filter(user=field_trainer).count() == 2
    progress = H5PProgress.objects.get(user=field_trainer, activity=activity)
    assert (progress.attempts, progress.completed, progress.best_score) == (2, True, 1.0)
    assert set(H5PStatement.objects.values_list("page_id", flat=True)) == {h5p_module.pk}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"module": "x"}, "module"),
        ({"activity": None}, "activity"),
        ({"statements": []}, "statements"),
        (
            {
                "statements": [
                    {
                        "id": "not-a-uuid",
                        "timestamp": "2026-12-06T09:00:00Z",
                        "statement": {"verb": {"id": "x"}},
                    }
                ]
            },
            "statements",
        ),
    ],
)
def test_a_bad_payload_is_refused_by_field(api, h5p_module, activity, change, field):
    payload = {**batch(h5p_module, activity, uuid.uuid4()), **change}
    answer = api.post("/api/v1/h5p-results/", payload, format="json")

    assert answer.status_code == 400
    assert field in answer.json()
    assert not H5PStatement.objects.exists()
