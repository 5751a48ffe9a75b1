"""H5P activity titles in the reader's language (issue 15, point 2; decision 0020).

An activity is a wagtail-localize translatable snippet: translators get its title and
description; every module, translation and adaptation keeps playing the ORIGINAL, so its
tracking is one whatever language showed it, and the words shown are the translation in
the reader's language: on module pages, in My progress and in the reports.
"""

import pytest
from django.core.files.storage import default_storage
from wagtail.admin.panels import ObjectList
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

from content.seed_translations import seed_translations_load
from h5p.demo_package import knowledge_check_upload
from h5p.extraction import package_files_list
from h5p.forms import H5PActivityForm
from h5p.models import H5PActivity
from h5p.services import h5p_activity_replace
from h5p.tracking_selectors import h5p_activity_report
from h5p.tracking_services import h5p_statements_record
from h5p.viewsets import EDIT_PANELS
from modules.blocks import H5PActivityBlock
from tests.h5p.player_helpers import knowledge_check_activity, module_with_activities, statement

pytestmark = pytest.mark.django_db

TOML = """
[[text]]
en = "Market check"
fr = "Contrôle du marché"
pt = "Verificação do mercado"
id = "Pemeriksaan pasar"
th = "ตรวจสอบตลาด"
vi = "Kiểm tra thị trường"
my = "ဈေးကွက် စစ်ဆေးခြင်း"

[[text]]
en = "Two questions on prices."
fr = "Deux questions sur les prix."
pt = "Duas perguntas sobre preços."
id = "Dua pertanyaan tentang harga."
th = "คำถามสองข้อเรื่องราคา"
vi = "Hai câu hỏi về giá."
my = "ဈေးနှုန်းအကြောင်း မေးခွန်းနှစ်ခု"
"""


@pytest.fixture
def translated(tmp_path, backpack):
    """An activity translated through wagtail-localize (as the seed and a translator do),
    in a module whose French translation was made through wagtail-localize too."""
    activity = knowledge_check_activity(title="Market check")
    activity.description = "Two questions on prices."
    activity.save()
    path = tmp_path / "translations.toml"
    path.write_text(TOML, encoding="utf-8")
    result = seed_translations_load(path, originals=[activity])
    assert result.missing == [] and result.rows == 6
    module = module_with_activities(
        parent=backpack, activities=[activity], code="PO-01", title="Selling together"
    )
    french = Locale.objects.get(language_code="fr")
    if not backpack.has_translation(french):
        backpack.copy_for_translation(french, copy_parents=True)
    source, _ = TranslationSource.get_or_create_from_instance(module)
    source.create_or_update_translation(french, fallback=True)
    french_module = module.get_translation(french)
    french_module.save_revision().publish()
    return activity, module, french_module


def test_existing_activities_are_originals_in_the_default_language(backpack):
    activity = knowledge_check_activity(title="Market check")
    assert activity.locale == Locale.get_default()
    assert activity.translation_key
    assert list(H5PActivity.objects.originals()) == [activity]


def test_translators_get_the_words_and_the_package_is_the_originals(translated):
    activity, _module, _french_module = translated
    french = activity.get_translation(Locale.objects.get(language_code="fr"))
    assert (french.title, french.description) == (
        "Contrôle du marché",
        "Deux questions sur les prix.",
    )
    assert french.storage_prefix == activity.storage_prefix
    assert french.h5p_json == activity.h5p_json
    assert H5PActivity.objects.count() == 7


def test_a_translated_module_plays_the_original_activity_with_its_words_in_french(
    client, learner, translated
):
    activity, module, french_module = translated
    assert french_module.specific.body[-1].value["activity"].pk == activity.pk
    client.force_login(learner)

    french_html = client.get(french_module.url).content.decode()
    english_html = client.get(module.url).content.decode()

    assert "Contrôle du marché" in french_html and "Deux questions sur les prix." in french_html
    assert f'data-activity-id="{activity.pk}"' in french_html
    assert "Market check" in english_html and "Contrôle du marché" not in english_html


def test_the_original_module_read_in_thai_shows_the_thai_title(client, translated):
    _activity, module, _french_module = translated
    # The generic module has no Thai translation: the Thai reader sees it with Thai words.
    html = client.get(f"/th{module.url}").content.decode()
    assert "ตรวจสอบตลาด" in html


def test_my_progress_and_the_report_name_it_in_the_readers_language(
    client, learner, committee_member, translated
):
    activity, _module, french_module = translated
    h5p_statements_record(
        user=learner, activity=activity, page_id=french_module.pk, statements=[statement(1.0)]
    )
    client.force_login(learner)
    html = client.get("/fr/progress/").content.decode()
    assert html.count("Contrôle du marché") == 1 and "Market check" not in html
    assert client.get("/progress/").content.decode().count("Market check") == 1

    # One row, the original's, whatever the number of translations.
    [row] = h5p_activity_report()
    assert row.activity == activity and row.attempts == 1
    profile = UserProfile.get_for_user(committee_member)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(committee_member)
    report = client.get("/admin/reports/h5p-activities/").content.decode()
    assert "Contrôle du marché" in report


def test_a_translation_chosen_in_the_block_is_stored_as_its_original(translated):
    activity, _module, _french_module = translated
    thai = activity.get_translation(Locale.objects.get(language_code="th"))
    block = H5PActivityBlock()
    value = block.clean(block.to_python({"activity": thai.pk}))
    assert value["activity"].pk == activity.pk


def test_replacing_the_package_moves_its_translations_along(translated, committee_member):
    activity, _module, _french_module = translated
    old_prefix = activity.storage_prefix
    replaced = h5p_activity_replace(
        activity=activity, upload=knowledge_check_upload(title="Market check"), user=None
    )
    assert replaced.storage_prefix != old_prefix
    prefixes = set(
        H5PActivity.objects.filter(translation_key=activity.translation_key).values_list(
            "storage_prefix", flat=True
        )
    )
    assert prefixes == {replaced.storage_prefix}


def test_deleting_a_translation_keeps_the_package_and_the_original_takes_them_all(
    translated, django_capture_on_commit_callbacks
):
    activity, _module, _french_module = translated
    french = activity.get_translation(Locale.objects.get(language_code="fr"))
    with django_capture_on_commit_callbacks(execute=True):
        french.delete()
    assert package_files_list(prefix=activity.storage_prefix)

    with django_capture_on_commit_callbacks(execute=True):
        activity.delete()
    assert not H5PActivity.objects.filter(translation_key=activity.translation_key).exists()
    assert not package_files_list(prefix=activity.storage_prefix)
    assert not default_storage.exists(f"{activity.storage_prefix}/h5p.json")


def test_a_translations_admin_form_has_no_package_to_replace(client, superuser, translated):
    activity, _module, _french_module = translated
    french = activity.get_translation(Locale.objects.get(language_code="fr"))
    form_class = (
        ObjectList(EDIT_PANELS, base_form_class=H5PActivityForm)
        .bind_to_model(H5PActivity)
        .get_form_class()
    )

    assert "package" not in form_class(instance=french, for_user=superuser).fields
    assert "package" in form_class(instance=activity, for_user=superuser).fields
