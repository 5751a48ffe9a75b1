"""Photos of a session, sent by the app after the session itself was accepted."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from content.factories import UserFactory
from reference import roles
from training_delivery.factories import TrainingSessionFactory
from training_delivery.models import SessionPhoto
from training_delivery.services import MAX_PHOTOS_PER_SESSION


def jpeg(name="photo.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def session(group, field_trainer):
    return TrainingSessionFactory(group=group, recorded_by=field_trainer)


def send(api, session_uuid, photo_uuid=None, file=None, **extra):
    data = {"uuid": str(photo_uuid or uuid.uuid4()), "file": file or jpeg(), **extra}
    return api.post(f"/api/v1/sessions/{session_uuid}/photos/", data, format="multipart")


def test_a_photo_is_stored_privately_and_a_second_try_is_harmless(api, session):
    photo_uuid = uuid.uuid4()

    first = send(api, session.uuid, photo_uuid, caption="The demonstration plot")
    again = send(api, session.uuid, photo_uuid)

    assert (first.status_code, again.status_code) == (201, 200)
    photo = SessionPhoto.objects.get()
    assert photo.caption == "The demonstration plot"
    assert photo.file.name == f"session-photos/{session.uuid}/{photo_uuid}.jpg"
    assert photo.file.storage.exists(photo.file.name)


def test_a_photo_for_a_session_not_yet_on_the_server_waits(api):
    response = send(api, uuid.uuid4())

    assert response.status_code == 404
    assert "not on the server yet" in response.json()["detail"]


@pytest.mark.parametrize(
    ("file", "status", "words"),
    [
        (SimpleUploadedFile("notes.pdf", b"%PDF-1.4"), 400, "not accepted"),
        (SimpleUploadedFile("photo.jpg", b"<html>hello</html>"), 400, "not really a .jpg"),
        (SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"0" * 50), 400, "damaged"),
        (SimpleUploadedFile("photo.jpg", b""), 400, "empty"),
        (SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 2**20)), 413, "5 MB"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_by_name(api, session, file, status, words):
    response = send(api, session.uuid, file=file)

    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not SessionPhoto.objects.exists()


def test_missing_fields_are_named(api, session):
    no_uuid = api.post(
        f"/api/v1/sessions/{session.uuid}/photos/", {"file": jpeg()}, format="multipart"
    )
    no_file = api.post(
        f"/api/v1/sessions/{session.uuid}/photos/", {"uuid": str(uuid.uuid4())}, format="multipart"
    )

    assert "uuid" in no_uuid.json()["detail"] and no_uuid.status_code == 400
    assert "file" in no_file.json()["detail"] and no_file.status_code == 400


def test_a_photo_uuid_of_another_session_is_a_conflict(api, session, group, field_trainer):
    photo_uuid = uuid.uuid4()
    send(api, session.uuid, photo_uuid)
    other = TrainingSessionFactory(group=group, recorded_by=field_trainer)

    response = send(api, other.uuid, photo_uuid)

    assert response.status_code == 409
    assert SessionPhoto.objects.get().session == session


def test_a_session_keeps_a_limited_number_of_photos(api, session):
    for _ in range(MAX_PHOTOS_PER_SESSION):
        assert send(api, session.uuid).status_code == 201

    response = send(api, session.uuid)

    assert response.status_code == 400
    assert SessionPhoto.objects.count() == MAX_PHOTOS_PER_SESSION


def test_a_trainer_of_another_group_may_not_add_photos(session):
    from rest_framework.test import APIClient

    stranger = APIClient()
    stranger.force_authenticate(UserFactory(groups=[roles.TRAINERS]))

    # Not found, as a missing session is: the answer does not tell that it exists.
    assert send(stranger, session.uuid).status_code == 404
    assert not SessionPhoto.objects.exists()


def test_deleting_a_session_removes_its_photo_files(
    api, session, django_capture_on_commit_callbacks
):
    send(api, session.uuid)
    photo = SessionPhoto.objects.get()
    storage, name = photo.file.storage, photo.file.name

    with django_capture_on_commit_callbacks(execute=True):
        session.delete()

    assert not storage.exists(name)
