"""The trainer app and the H5P activities in the trainer's language (decisions 0010 and
0015): the shell, the sentences the script shows, and the sync API's refusals, which
the app receives in the language it sends with each request."""

import json
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.h5p.player_helpers import knowledge_check_activity, module_with_activities
from training_delivery.models import DeviceToken

pytestmark = pytest.mark.django_db

SESSIONS_URL = "/api/v1/sessions/"


def app_config(html):
    found = re.search(
        r'<script id="trainer-app-config" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/fr/trainer/",
            {
                "title": "Backpack pour les formateurs",
                "sign_in": "Se connecter",
                "user_name": "Nom d'utilisateur",
                "record": "Enregistrer une séance",
                "save": "Enregistrer sur ce téléphone",
                "sync": "Synchroniser",
                "method": "Champ-école paysan",
                "status": "Enregistrée sur ce téléphone",
                "new_session": "Enregistrer une séance",
                "woman": "Femme",
            },
        ),
        (
            "/th/trainer/",
            {
                "title": "Backpack สำหรับวิทยากร",
                "sign_in": "เข้าสู่ระบบ",
                "user_name": "ชื่อผู้ใช้",
                "record": "บันทึกการอบรม",
                "save": "บันทึกในโทรศัพท์เครื่องนี้",
                "sync": "ซิงค์ตอนนี้",
                "method": "โรงเรียนเกษตรกรภาคสนาม",
                "status": "บันทึกไว้ในโทรศัพท์เครื่องนี้",
                "new_session": "บันทึกการอบรม",
                "woman": "หญิง",
            },
        ),
    ],
)
def test_the_app_shows_its_labels_and_messages_in_the_visitors_language(client, url, expected):
    html = client.get(url).content.decode()

    assert f"<title>{expected['title']}</title>" in html
    assert f'<h1 id="sign-in-title">{expected["sign_in"]}</h1>' in html
    assert f'<label for="sign-in-username">{expected["user_name"]}</label>' in html
    assert f'<a id="record" href="#new" class="button button--wide">{expected["record"]}</a>' in (
        html
    )
    assert f'<button type="submit" class="button">{expected["save"]}</button>' in html
    assert f'class="button button--secondary">{expected["sync"]}</button>' in html
    assert f'<option value="farmer-field-school">{expected["method"]}</option>' in html
    # What the script shows travels in the shell, translated.
    config = app_config(html)
    assert config["messages"]["statusSaved"] == expected["status"]
    assert config["messages"]["newSession"] == expected["new_session"]
    assert dict(config["methods"])["farmer-field-school"] == expected["method"]
    assert config["genders"]["female"] == expected["woman"]
    assert "Record a session" not in html
    assert "Saved on this phone" not in html


def test_every_sentence_of_the_app_is_translated_into_each_language(client):
    english = app_config(client.get("/trainer/").content.decode())["messages"]

    for code in ("fr", "pt", "id", "th", "vi", "my"):
        translated = app_config(client.get(f"/{code}/trainer/").content.decode())["messages"]
        untranslated = [key for key, text in translated.items() if text == english[key]]
        assert untranslated == [], code
        # Placeholders are filled in by the script (util.js `t`): they must survive.
        for key, text in english.items():
            assert sorted(re.findall(r"%\(\w+\)s", translated[key])) == sorted(
                re.findall(r"%\(\w+\)s", text)
            ), (code, key)


def test_the_app_sends_its_language_with_every_api_request():
    """The API has no language prefix: the app's language goes in Accept-Language, which
    Django's LocaleMiddleware reads for addresses outside the language prefixes."""
    source = Path(finders.find("training_delivery/js/api.js")).read_text()

    assert '"Accept-Language": config.language' in source


@pytest.fixture
def phone(field_trainer):
    """The API as the app calls it: the trainer's token, no cookie."""

    def make(language=None):
        client = APIClient()
        _device, token = DeviceToken.issue(user=field_trainer)
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
        if language:
            headers["HTTP_ACCEPT_LANGUAGE"] = language
        client.credentials(**headers)
        return client

    return make


def upload_one(client, payload):
    response = client.post(SESSIONS_URL, {"sessions": [payload]}, format="json")
    assert response.status_code == 200, response.content
    (result,) = response.json()["results"]
    return result


def test_a_refused_session_is_explained_in_the_language_the_app_sends(
    phone, session_payload, vietnam_group
):
    client = phone("fr")
    response = client.post(
        SESSIONS_URL, {"sessions": [session_payload(group=vietnam_group.pk)]}, format="json"
    )

    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]
    (result,) = response.json()["results"]

    assert (result["status"], result["code"]) == ("refused", 403)
    assert result["message"] == (
        f"Vous ne pouvez pas enregistrer de séances pour le groupement {vietnam_group.pk} : "
        "vous n'y êtes pas affecté."
    )


def test_the_rules_of_a_session_are_explained_in_that_language_too(phone, session_payload):
    french = upload_one(phone("fr"), session_payload(starts_at="11:00", ends_at="10:00"))
    thai = upload_one(phone("th"), session_payload(starts_at="11:00", ends_at="10:00"))
    english = upload_one(phone(), session_payload(starts_at="11:00", ends_at="10:00"))

    assert french["errors"] == {"ends_at": ["L'heure de fin doit être après l'heure de début."]}
    assert thai["errors"] == {"ends_at": ["เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"]}
    # Without a language (another client of the API), English, the site's default.
    assert english["errors"] == {"ends_at": ["The session must end after it starts."]}


def test_a_refused_photo_is_explained_in_the_apps_language(phone):
    response = phone("fr").post(
        f"/api/v1/sessions/{uuid.uuid4()}/photos/",
        {
            "uuid": str(uuid.uuid4()),
            "file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
        },
        format="multipart",
    )

    assert response.status_code == 404
    assert response.json()["detail"] == (
        "La séance n'est pas encore sur le serveur. Envoyez-la d'abord."
    )


def test_an_h5p_activity_block_speaks_french_on_a_french_page(client, backpack):
    activity = knowledge_check_activity(title="Check one")
    module = module_with_activities(parent=backpack, activities=[activity])

    html = client.get(f"/fr{module.url}").content.decode()

    assert '<html lang="fr"' in html
    assert "Commencer l'activité" in html
    assert 'data-text-completed="Terminé. Votre score :"' in html
    assert (
        "Vous pouvez faire l&#x27;activité sans compte, mais rien n&#x27;est enregistré." in (html)
        or "Vous pouvez faire l'activité sans compte, mais rien n'est enregistré." in html
    )
    assert 'href="/fr/accounts/login/' in html
    assert "Start activity" not in html
    assert "You can play without an account" not in html


def test_my_progress_speaks_french(client, learner):
    client.force_login(learner)

    html = client.get("/fr/progress/").content.decode()

    assert "<h1>Ma progression</h1>" in html
    assert "Vous n'avez encore fait aucune activité." in html or (
        "Vous n&#x27;avez encore fait aucune activité." in html
    )
