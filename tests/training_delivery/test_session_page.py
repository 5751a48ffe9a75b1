"""The session's admin page is the whole session, and the platform corrects it with a
history of who changed what (issue 23, point 3)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from content.factories import UserFactory
from training_delivery.factories import TrainingSessionFactory
from training_delivery.models import Attendance, SessionModule, SessionPhoto, TrainingSession

pytestmark = pytest.mark.django_db


def url(action, *args):
    return reverse(TrainingSession.snippet_viewset.get_url_name(action), args=args)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def session(group, module, field_trainer):
    session = TrainingSessionFactory(
        group=group, women_count=None, men_count=None, place="", recorded_by=field_trainer
    )
    session.trainers.add(field_trainer)
    for farmer, (pre, post) in zip(
        group.farmers.order_by("member_code"), [(40, 80), (None, 60)], strict=False
    ):
        Attendance.objects.create(session=session, farmer=farmer, pre_score=pre, post_score=post)
    SessionModule.objects.create(session=session, module=module, feedback_rating=4)
    SessionPhoto.objects.create(session=session, file=jpeg(), caption="Under the cocoa trees")
    return session


@pytest.fixture
def platform(client, group):
    user = UserFactory(
        username="ama",
        first_name="Ama",
        last_name="Owusu",
        groups=[group.country.national_platform_group],
    )
    client.force_login(user)
    return user


def test_the_session_page_shows_attendance_scores_modules_and_photo(client, platform, session):
    html = client.get(url("inspect", session.pk)).content.decode()
    photo = session.photos.get()

    first, second = session.attendance.order_by("farmer__member_code")
    assert first.farmer.name in html and second.farmer.name in html
    assert "M-1" in html and ">80<" in html and ">60<" in html
    assert "PO-01" in html and "4 / 5" in html
    assert reverse("training_delivery_session_photo", args=[photo.uuid]) in html
    main = html.split('id="main"', 1)[1]
    assert ">None<" not in main and "None</" not in main
    assert "—" in main  # the place nobody recorded
    image = client.get(reverse("training_delivery_session_photo", args=[photo.uuid]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_another_countrys_platform_sees_neither_the_session_nor_its_photo(
    client, session, vietnam_group
):
    client.force_login(UserFactory(groups=[vietnam_group.country.national_platform_group]))
    photo = session.photos.get()

    assert client.get(url("inspect", session.pk)).status_code == 404
    assert (
        client.get(reverse("training_delivery_session_photo", args=[photo.uuid])).status_code == 404
    )
    assert (
        client.get(reverse("training_delivery_session_correct", args=[session.pk])).status_code
        == 404
    )


def test_the_platform_corrects_a_count_and_a_score_and_the_history_names_it(
    client, platform, session
):
    row = session.attendance.order_by("farmer__member_code").last()
    correct = reverse("training_delivery_session_correct", args=[session.pk])
    form = {
        "date": "2026-10-14",
        "starts_at": "09:00",
        "ends_at": "11:00",
        "method": "workshop",
        "place": "Kumasi",
        "women_count": "",
        "men_count": "",
        "other_count": "",
        "notes": "",
    }
    for other in session.attendance.all():
        form[f"pre-{other.pk}"] = other.pre_score if other.pre_score is not None else ""
        form[f"post-{other.pk}"] = other.post_score
    form[f"post-{row.pk}"] = "65"

    response = client.post(correct, form)

    assert response.status_code == 302
    assert TrainingSession.objects.get(pk=session.pk).place == "Kumasi"
    assert Attendance.objects.get(pk=row.pk).post_score == 65
    entry = ModelLogEntry.objects.get(action="training_delivery.session_corrected")
    assert entry.user == platform
    history = client.get(url("history", session.pk)).content.decode()
    assert "Kumasi" in history and "60 → 65" in history


def test_a_wrong_score_is_named_and_nothing_is_changed(client, platform, session):
    row = session.attendance.order_by("farmer__member_code").first()
    form = {
        "date": "2026-10-14",
        "starts_at": "09:00",
        "ends_at": "11:00",
        "method": "workshop",
        "place": "Kumasi",
        f"pre-{row.pk}": "140",
        f"post-{row.pk}": "80",
    }

    response = client.post(reverse("training_delivery_session_correct", args=[session.pk]), form)

    assert "Scores are from 0 to 100." in response.content.decode()
    assert TrainingSession.objects.get(pk=session.pk).place == ""
    assert Attendance.objects.get(pk=row.pk).pre_score == 40
    assert not ModelLogEntry.objects.filter(action="training_delivery.session_corrected").exists()


def test_a_group_manager_reads_the_session_but_does_not_correct_it(client, group, session):
    manager = UserFactory(username="kofi")
    group.managers.add(manager)
    group.save()
    client.force_login(manager)

    page = client.get(url("inspect", session.pk)).content.decode()

    assert "Correct the session" not in page
    refused = client.get(reverse("training_delivery_session_correct", args=[session.pk]))
    assert refused.status_code in (302, 403)
