"""Pages in the seven languages: translation, or the original with a notice (decision 0010)."""

import re

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from reference.models import Country

pytestmark = pytest.mark.django_db

TITLE = "Setting up an internal control system"
FRENCH_TITLE = "Mettre en place un système de contrôle interne"


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def module(backpack):
    return TrainingModulePageFactory(parent=backpack, code="QM-01", title=TITLE)


@pytest.fixture
def other_module(backpack):
    return TrainingModulePageFactory(parent=backpack, code="QM-02", title="Keeping records")


def translate(page, locale, *, title, slug=None, publish=True):
    """A translation as the admin makes one: parents not translated yet become aliases."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    translated.title = title
    if slug:
        translated.slug = slug
    revision = translated.save_revision()
    if publish:
        revision.publish()
    return translated.specific_class.objects.get(pk=translated.pk)  # as published


def notice(language, original="en"):
    """The notice as the visitor reads it, in their language."""
    names = {
        "en": "English",
        "fr": "French",
        "pt": "Portuguese",
        "th": "Thai",
        "my": "Burmese",
    }
    with translation.override(language):
        return gettext(
            "This page is not translated into %(language)s yet; you are reading the "
            "%(original)s original."
        ) % {
            "language": pgettext("language name inside a sentence", names[language]),
            "original": pgettext("language name inside a sentence", names[original]),
        }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def main_lang(html):
    """The lang attribute of <main>, or None when it inherits the page's."""
    match = re.search(r'<main id="main"[^>]*?(?: lang="([^"]+)")?>', html)
    return match.group(1)


def switcher_links(html):
    """Language code → address, as the language switcher offers them."""
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</details>")]
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang', switcher)
    return {code: url for url, code in links}


# --- What a visitor is served -------------------------------------------------------------


def test_an_untranslated_module_is_the_english_original_with_a_notice(client, module):
    html = html_of(client, "/fr/backpack/qm-01/")

    assert TITLE in html
    assert notice("fr") in html
    assert '<html lang="fr"' in html  # menus and buttons are French
    assert main_lang(html) == "en"  # the module's own text is English
    assert re.search(r'<p class="notice translation-notice" role="note" lang="fr">', html)
    # Search engines keep the original's address for the same text.
    assert '<link rel="canonical" href="http://localhost/backpack/qm-01/">' in html


def test_english_pages_carry_no_notice(client, module):
    html = html_of(client, "/backpack/qm-01/")

    assert notice("fr") not in html and "translation-notice" not in html
    assert '<html lang="en"' in html
    assert main_lang(html) is None
    assert 'rel="canonical"' not in html


def test_the_live_translation_is_served_in_its_language(client, module, french):
    translate(module, french, title=FRENCH_TITLE)

    html = html_of(client, "/fr/backpack/qm-01/")

    assert FRENCH_TITLE in html and TITLE not in html
    assert "translation-notice" not in html
    assert main_lang(html) is None  # all of it is French
    assert '<link rel="alternate" hreflang="en" href="http://localhost/backpack/qm-01/">' in html
    assert '<link rel="alternate" hreflang="fr" href="http://localhost/fr/backpack/qm-01/">' in html
    assert 'hreflang="x-default" href="http://localhost/backpack/qm-01/"' in html
    assert 'rel="canonical"' not in html


def test_pages_not_translated_are_still_found_once_others_are(client, module, other_module, french):
    """Translating one module gives French a home page and a backpack (aliases); the
    modules nobody has translated yet must not become "not found" in French."""
    translate(module, french, title=FRENCH_TITLE)

    html = html_of(client, "/fr/backpack/qm-02/")

    assert "Keeping records" in html
    assert notice("fr") in html
    assert main_lang(html) == "en"


def test_the_aliases_wagtail_localize_makes_are_shown_as_the_original(client, module, french):
    """The French home page made as an alias holds English text: it gets the notice."""
    translate(module, french, title=FRENCH_TITLE)

    html = html_of(client, "/fr/")

    assert notice("fr") in html
    assert main_lang(html) == "en"


def test_a_draft_translation_is_not_shown(client, module, french):
    translate(module, french, title=FRENCH_TITLE, publish=False)

    html = html_of(client, "/fr/backpack/qm-01/")

    assert TITLE in html and FRENCH_TITLE not in html
    assert notice("fr") in html


def test_a_translation_at_another_address_is_reached_from_the_original_one(client, module, french):
    translate(module, french, title=FRENCH_TITLE, slug="sci-01")

    response = client.get("/fr/backpack/qm-01/?print=1")

    assert response.status_code == 302
    assert response.url == "/fr/backpack/sci-01/?print=1"


def test_the_notice_is_in_the_visitors_language_and_script(client, module):
    for language in ("th", "my", "pt"):
        html = html_of(client, f"/{language}/backpack/qm-01/")

        assert notice(language) in html
        assert f'<html lang="{language}"' in html


def test_an_address_in_no_language_is_still_not_found(client, module, french):
    translate(module, french, title=FRENCH_TITLE)

    assert client.get("/fr/backpack/no-such-module/").status_code == 404
    assert client.get("/fr/nowhere/").status_code == 404


def test_a_draft_original_stays_hidden_in_every_language(client, backpack):
    draft = TrainingModulePageFactory(parent=backpack, code="QM-09", live=False)

    assert client.get(f"/fr/backpack/{draft.slug}/").status_code == 404


def test_a_countrys_level_path_keeps_its_place_across_languages(client, backpack):
    """A routable page's sub-page (the path for one level) under a language prefix."""
    html = html_of(client, "/fr/curricula/ghana/path/moderate/")

    assert notice("fr") in html
    assert switcher_links(html)["pt"] == "/pt/curricula/ghana/path/moderate/"
    assert switcher_links(html)["en"] == "/curricula/ghana/path/moderate/"


# --- The language switcher ----------------------------------------------------------------


def test_the_switcher_lists_the_seven_languages_by_their_own_names(client, module):
    html = html_of(client, "/backpack/qm-01/")

    for own_name in (
        "English",
        "Français",
        "Português",
        "Bahasa Indonesia",
        "ไทย",
        "Tiếng Việt",
        "မြန်မာ",
    ):
        assert f">{own_name}</a>" in html
    assert '<a href="/th/backpack/qm-01/" lang="th" hreflang="th">ไทย</a>' in html
    assert 'aria-current="page">English</a>' in html


def test_the_switcher_links_to_translations_else_to_the_original_in_that_language(
    client, module, french
):
    translate(module, french, title=FRENCH_TITLE, slug="sci-01")

    from_english = switcher_links(html_of(client, "/backpack/qm-01/"))
    from_french = switcher_links(html_of(client, "/fr/backpack/sci-01/"))

    assert from_english["fr"] == "/fr/backpack/sci-01/"
    assert from_english["pt"] == "/pt/backpack/qm-01/"  # the English original, with the notice
    assert from_french["en"] == "/backpack/qm-01/"
    assert from_french["th"] == "/th/backpack/qm-01/"
    assert from_french["fr"] == "/fr/backpack/sci-01/"


def test_the_switcher_keeps_the_backpack_filters(client, backpack):
    links = switcher_links(html_of(client, "/backpack/?level=moderate"))

    assert links["vi"] == "/vi/backpack/?level=moderate"


def test_the_sign_in_page_is_in_every_language(client, backpack):
    """Inside the language prefixes (decision 0010): the switcher keeps the page and where
    the visitor was going; the form speaks the visitor's language."""
    login = reverse("login")
    links = switcher_links(html_of(client, f"{login}?next=/groups/"))
    french = html_of(client, "/fr/accounts/login/?next=/fr/groups/")

    assert login == "/accounts/login/"
    assert links["fr"] == "/fr/accounts/login/?next=/groups/"
    assert links["th"] == "/th/accounts/login/?next=/groups/"
    assert '<html lang="fr"' in french
    with translation.override("fr"):
        assert gettext("Sign in") in french


def test_a_french_page_that_needs_signing_in_sends_the_visitor_to_the_french_form(client, backpack):
    response = client.get("/fr/groups/")

    assert response.status_code == 302
    assert response.url.startswith("/fr/accounts/login/?next=/fr/groups/")


def test_the_site_name_leads_to_the_home_page_in_the_visitors_language(client, module):
    assert '<a class="site-name" href="/fr/">' in html_of(client, "/fr/backpack/qm-01/")


def test_the_menu_keeps_the_visitor_in_their_language(client, module):
    assert '<a href="/fr/backpack/">' in html_of(client, "/fr/backpack/qm-01/")
    assert '<a href="/backpack/">' in html_of(client, "/backpack/qm-01/")


def test_links_to_pages_can_keep_the_visitors_language(rf, module, french):
    """{% localized_url %}, for module cards and breadcrumbs: no query per link."""
    french_module = translate(module, french, title=FRENCH_TITLE, slug="sci-01")
    render = Template("{% load languages %}{% localized_url target %}").render
    request = rf.get("/fr/")

    with translation.override("fr"):
        assert render(Context({"request": request, "target": module})) == "/fr/backpack/qm-01/"
        assert render(Context({"request": request, "target": french_module})) == (
            "/fr/backpack/sci-01/"
        )
        assert render(Context({"request": request, "target": "/backpack/"})) == "/fr/backpack/"
    with translation.override("en"):
        assert render(Context({"request": request, "target": module})) == "/backpack/qm-01/"


# --- Translating with wagtail-localize, and PO files for outside translators -----------------


def publish(page):
    page.save_revision().publish()
    return TrainingModulePage.objects.get(pk=page.pk)


def test_a_module_translated_through_a_po_file_is_served_in_french(
    client, module, french, django_capture_on_commit_callbacks
):
    module = publish(module)
    source, _created = TranslationSource.get_or_create_from_instance(module)
    job = Translation.objects.create(source=source, target_locale=french)

    po = polib.pofile(str(job.export_po()))  # the file an outside translator receives
    assert {entry.msgid for entry in po} >= {TITLE, "Selling together gets a better price."}
    # The module code is a reference shared by every language, never offered to translate.
    assert "QM-01" not in {entry.msgid for entry in po}
    for entry in po:
        if entry.msgid == TITLE:
            entry.msgstr = FRENCH_TITLE
        elif entry.msgid == "Selling together gets a better price.":
            entry.msgstr = "Vendre ensemble donne un meilleur prix."
    warnings = job.import_po(polib.pofile(str(po)))
    with django_capture_on_commit_callbacks(execute=True):  # publishing waits for the commit
        job.save_target(publish=True)

    assert warnings == []
    html = html_of(client, "/fr/backpack/qm-01/")
    assert FRENCH_TITLE in html
    assert "Vendre ensemble donne un meilleur prix." in html
    assert "translation-notice" not in html
    # What the translator left alone stays in English until translated.
    assert "Who decides how income is used?" in html
    assert module.get_translation(french).specific.code == "QM-01"


def test_the_translation_editor_offers_po_download_and_upload(client, module, french, superuser):
    module = publish(module)
    source, _created = TranslationSource.get_or_create_from_instance(module)
    job = Translation.objects.create(source=source, target_locale=french)
    job.save_target(publish=False)
    french_page = module.get_translation(french)
    client.force_login(superuser)

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[french_page.pk]))
    download = client.get(reverse("wagtail_localize:download_pofile", args=[job.pk]))

    assert editor.status_code == 200
    assert reverse("wagtail_localize:download_pofile", args=[job.pk]) in editor.content.decode()
    assert reverse("wagtail_localize:upload_pofile", args=[job.pk]) in editor.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/x-gettext-translation")

    po = polib.pofile(download.content.decode())
    next(entry for entry in po if entry.msgid == TITLE).msgstr = FRENCH_TITLE
    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[job.pk]),
        {"file": _po_upload(po)},
    )

    assert upload.status_code == 302
    job.save_target(publish=False)
    assert module.get_translation(french).get_latest_revision_as_object().title == FRENCH_TITLE


def _po_upload(po):
    return SimpleUploadedFile("qm-01-fr.po", str(po).encode(), "text/x-gettext-translation")


def test_translate_is_offered_on_a_generic_module(client, module, superuser):
    module = publish(module)
    client.force_login(superuser)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()

    assert reverse("wagtail_localize:submit_page_translation", args=[module.pk]) in html


def test_the_admin_has_locales_and_the_translations_report(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("wagtaillocales:index")).status_code == 200
    assert client.get(reverse("wagtail_localize:translations_report")).status_code == 200


def test_a_new_translation_waits_as_a_draft_for_its_translator(client, module, french, superuser):
    """Submitting a live page for translation must not publish a "French" page that is
    still English text with no notice (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE)."""
    module = publish(module)
    client.force_login(superuser)

    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[module.pk]),
        {"locales": [french.pk]},
    )

    assert not module.get_translation(french).live
    client.logout()
    assert notice("fr") in html_of(client, "/fr/backpack/qm-01/")


def test_an_adapted_module_can_be_translated(
    client, module, french, superuser, django_capture_on_commit_callbacks
):
    module = publish(module)
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="ghana"), user=superuser
    )
    adaptation.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(adaptation)
    job = Translation.objects.create(source=source, target_locale=french)

    with django_capture_on_commit_callbacks(execute=True):
        job.save_target(publish=True)

    assert adaptation.get_translation(french).live


def test_every_string_of_a_seeded_module_goes_to_the_translator(seed_curriculum, backpack, french):
    """Answer options, materials, steps and discussion questions included: wagtail-localize
    offers list items only when they are stored with ids (decision 0010)."""
    module = TrainingModulePage.objects.get(code="QM-01")
    source, _created = TranslationSource.get_or_create_from_instance(module)

    po = Translation.objects.create(source=source, target_locale=french).export_po()

    msgids = {entry.msgid for entry in po}
    items = {
        kind: [str(item["text"] if kind == "options" else item) for item in block.value[kind]]
        for block in module.body
        for kind in ("options", "materials", "steps", "questions")
        if kind in getattr(block.value, "keys", dict)()
    }
    assert items.keys() == {"options", "materials", "steps", "questions"}
    for kind, texts in items.items():
        assert texts and set(texts) <= msgids, kind


def test_list_items_written_by_code_have_ids_as_the_admin_stores_them(seed_curriculum, backpack):
    """Seed loader, factories: every list item in block format, with an id."""
    module = TrainingModulePage.objects.get(code="QM-01")

    lists = [
        value
        for block in module.body.raw_data
        if isinstance(block["value"], dict)
        for value in block["value"].values()
        if isinstance(value, list)
    ]
    assert lists
    for items in lists:
        assert all(item["type"] == "item" and item["id"] for item in items), items


def test_loading_the_seed_again_keeps_the_ids_of_list_items(seed_curriculum, backpack):
    """A translated answer option stays attached to its option when the seed is reloaded."""
    module = TrainingModulePage.objects.get(code="QM-01")
    ids_before = _item_ids(module.body.raw_data)
    module.title = "Changed, so the seed writes the module again"
    module.save_revision().publish()

    call_command("load_seed_curriculum", stdout=open("/dev/null", "w"))  # noqa: SIM115

    module = TrainingModulePage.objects.get(code="QM-01")
    assert module.title != "Changed, so the seed writes the module again"
    assert _item_ids(module.body.raw_data) == ids_before


def _item_ids(raw_blocks):
    return [
        item["id"]
        for block in raw_blocks
        if isinstance(block["value"], dict)
        for value in block["value"].values()
        if isinstance(value, list)
        for item in value
    ]


def test_the_address_is_not_offered_to_translators(module, french):
    """The slug (the module code, printed on handouts) is the same in every language."""
    module = publish(module)
    source, _created = TranslationSource.get_or_create_from_instance(module)

    po = Translation.objects.create(source=source, target_locale=french).export_po()

    assert module.slug == "qm-01"
    assert "qm-01" not in {entry.msgid for entry in po}
    assert TITLE in {entry.msgid for entry in po}


def test_a_platform_member_may_translate_an_adapted_module_of_their_country(
    client, module, french, ghana_platform_member, django_capture_on_commit_callbacks
):
    module = publish(module)
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    client.force_login(ghana_platform_member)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[adaptation.pk])).content.decode()
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[adaptation.pk])
    assert submit_url in edit  # "Translate this page"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url, {"locales": [french.pk]})

    french_adaptation = adaptation.get_translation(french)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[french_adaptation.pk])
    assert client.get(response.url).status_code == 200  # the translation editor, with PO files
