"""Levels, vocabularies and the level rubric are translated data (issue 15 point 2, decision
0020): the seed ships them in six languages, the reader sees their language, and a
translation made in the admin shows on the public page."""

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation

from content.seed_translations import LANGUAGES, MODELS, seed_translations_load
from organisation_levels.models import Rubric
from organisation_levels.rubric_words import rubric_words
from organisation_levels.scoring import rubric_questions
from reference.models import DeliveryMethod, OrganisationLevel, Theme
from tests.organisation_levels.conftest import all_answers

pytestmark = pytest.mark.django_db


# Owners' names, written the same in every language.
SAME_EVERYWHERE = {"Fairtrade", "Rainforest Alliance", "4C", "GLOBALG.A.P."}


def test_the_seed_translates_levels_vocabularies_and_the_rubric_into_six_languages():
    result = seed_translations_load()

    assert result.missing == []
    for model in MODELS:
        for original in model.objects.originals():
            for code in LANGUAGES:
                translated = original.get_translation(Locale.objects.get(language_code=code))
                name = getattr(translated, "name", None) or translated.title
                english = getattr(original, "name", None) or original.title
                assert name and (name != english or english in SAME_EVERYWHERE), (model, code)
                assert translated.translation_key == original.translation_key


def test_levels_keep_slug_and_rank_and_everything_points_at_the_originals(seed_translated):
    low = OrganisationLevel.objects.originals().get(slug="low")
    thai = low.get_translation(Locale.objects.get(language_code="th"))

    assert (thai.slug, thai.rank, thai.name) == ("low", 1, "ต่ำ")
    assert OrganisationLevel.objects.originals().count() == 4
    assert OrganisationLevel.objects.count() == 4 * 7


def test_the_reader_sees_their_language_with_one_query_per_model(seed_translated):
    themes = list(Theme.objects.originals())

    with translation.override("vi"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            names = [str(theme) for theme in themes]
    assert len(queries) == 1
    assert "Môi trường" in names
    with translation.override("en"):
        assert "Environment" in [str(theme) for theme in themes]


def test_loading_again_keeps_what_a_translator_changed(seed_translated):
    method = DeliveryMethod.objects.originals().get(slug="workshop")
    french = Locale.objects.get(language_code="fr")
    job = Translation.objects.get(source__object_id=method.translation_key, target_locale=french)
    string = job.source.stringsegment_set.get(string__data="Workshop").string
    string.translations.filter(locale=french).update(data="Atelier participatif")
    job.save_target(publish=True)

    seed_translations_load()

    assert method.get_translation(french).name == "Atelier participatif"


def test_rubric_words_follow_the_translation_but_answers_keep_the_original(
    seed_translated, group, manager
):
    rubric = Rubric.objects.originals().get(version=1)
    question_id, (_dimension, question) = next(iter(_questions(rubric).items()))

    with translation.override("fr"):
        words = rubric_words(rubric)
    shown = words.question(question_id, question)

    assert words.dimension("Cohesion") == "Cohésion"
    assert shown["text"] == "À quelle fréquence les membres se réunissent-ils ?"
    assert len(shown["options"]) == len(question["options"])
    assert (
        words.reason("Cohesion: Members rarely or never meet")
        == "Cohésion : Les membres se réunissent rarement ou jamais"
        or words.reason("Cohesion: Members rarely or never meet")
        == "Cohésion: Les membres se réunissent rarement ou jamais"
    )


def test_a_thai_manager_reads_the_rubric_and_the_reasons_in_thai(
    seed_translated, client, group, manager
):
    client.force_login(manager)
    form = client.get(f"/th/groups/{group.pk}/assess/").content.decode()
    assert "สมาชิกประชุมกันบ่อยแค่ไหน" in form  # How often do members meet?
    assert "How often do members meet?" not in form

    rubric = Rubric.objects.originals().get(version=1)
    answers = {f"answer-{qid}": 0 for qid in all_answers(0)}
    response = client.post(
        f"/th/groups/{group.pk}/assess/", {"rubric": rubric.pk, **answers}, follow=True
    )
    page = response.content.decode()
    assert "ความเป็นน้ำหนึ่งใจเดียว" in page  # the dimension Cohesion, in the scores and reasons
    assert "สมาชิกประชุมกันน้อยมากหรือไม่เคยประชุมเลย" in page
    assert "Members rarely or never meet" not in page


def test_a_translation_made_in_the_admin_shows_on_the_public_page(client, home, superuser):
    client.force_login(superuser)
    low = OrganisationLevel.objects.originals().get(slug="low")
    french = Locale.objects.get(language_code="fr")

    response = client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["reference", "organisationlevel", low.pk],
        ),
        {"locales": [french.pk]},
    )
    assert response.status_code == 302
    job = Translation.objects.get(source__object_id=low.translation_key, target_locale=french)

    po = polib.pofile(
        client.get(reverse("wagtail_localize:download_pofile", args=[job.pk])).content.decode()
    )
    for entry in po:
        if entry.msgid == "Low":
            entry.msgstr = "Débutant"
    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[job.pk]),
        {"file": _file(str(po)), "next": "/admin/"},
    )
    assert upload.status_code == 302
    target = low.get_translation(french)
    published = client.post(
        reverse("wagtailsnippets_reference_organisationlevel:edit", args=[target.pk]),
        {"action": "publish"},
    )
    assert published.status_code == 302

    page = client.get("/fr/").content.decode()
    assert "Débutant" in page
    assert ">Low<" not in page


def _questions(rubric):
    return rubric_questions(rubric)


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("translation.po", text.encode(), content_type="text/x-gettext")
