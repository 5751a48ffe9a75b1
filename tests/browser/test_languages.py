"""Thai and Burmese drawn with the site's own fonts, the language switcher and the
"not translated yet" notice, on a phone in Debian's Chromium (which has no Thai or
Burmese font of its own)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from wagtail.models import Locale

from modules.factories import TrainingModulePageFactory
from reference.languages import LANGUAGE_NAMES_IN_SENTENCE
from tests.browser.conftest import PHONE
from tests.browser.helpers import fits_the_screen

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

THAI_TITLE = "การฝึกอบรมสำหรับกลุ่มผู้ผลิต"
MODULE_TITLE = "Setting up an internal control system"
FRENCH_TITLE = "Mettre en place un système de contrôle interne"


def notice(language):
    """The notice as the visitor reads it: in their own language, naming both languages."""
    with translation.override(language):
        return gettext(
            "This page is not translated into %(language)s yet; you are reading the "
            "%(original)s original."
        ) % {
            "language": LANGUAGE_NAMES_IN_SENTENCE[language],
            "original": LANGUAGE_NAMES_IN_SENTENCE["en"],
        }


# Whether the page's own copy of a font is loaded and draws `text`. document.fonts.check
# alone also answers true for a family the page never declared, so the face is looked up.
FONT_STATE = """async ([family, text]) => {
    await document.fonts.ready;
    const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, "") === family);
    return {
        declared: faces.length > 0,
        loaded: faces.some((face) => face.status === "loaded"),
        draws: document.fonts.check(`16px "${family}"`, text),
    };
}"""


def font_state(page, family, text):
    return page.evaluate(FONT_STATE, [family, text])


def fonts_drawing(page, selector):
    """The fonts Chromium drew the element's text with. A loaded font proves little:
    empty boxes are drawn with a font too (here DejaVu Sans, whenever system-ui comes
    first)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts}


@pytest.fixture
def module(backpack):
    return TrainingModulePageFactory(parent=backpack, code="QM-01", title=MODULE_TITLE)


def translate(page, language, title):
    translated = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    translated.title = title
    translated.save_revision().publish()
    return translated


def test_a_thai_page_is_drawn_with_noto_sans_thai(phone, home):
    translate(home, "th", THAI_TITLE)

    phone.goto("/th/")

    expect(phone.locator("h1")).to_have_text(THAI_TITLE)
    assert phone.locator(".translation-notice").count() == 0
    assert font_state(phone, "Noto Sans Thai", THAI_TITLE) == {
        "declared": True,
        "loaded": True,
        "draws": True,
    }
    assert fonts_drawing(phone, "h1") == {"Noto Sans Thai"}  # bold, the 700 face
    assert fonts_drawing(phone, ".site-nav li:last-child a") == {"Noto Sans Thai"}  # "Sign in"
    assert fits_the_screen(phone)
    phone.screenshot(path="test-artifacts/home-thai-phone.png", full_page=True)
    assert phone.console_errors == []


def test_an_untranslated_module_in_burmese_shows_the_notice_and_burmese_script(phone, module):
    phone.goto("/my/backpack/qm-01/")

    expect(phone.get_by_role("note")).to_have_text(notice("my"))
    expect(phone.locator("h1")).to_have_text(MODULE_TITLE)
    assert phone.locator("main").get_attribute("lang") == "en"
    assert phone.locator("html").get_attribute("lang") == "my"
    # The switcher names the current language in Burmese script, in the header.
    expect(phone.locator(".language-switcher summary")).to_contain_text("မြန်မာ")
    assert font_state(phone, "Noto Sans Myanmar", "မြန်မာ") == {
        "declared": True,
        "loaded": True,
        "draws": True,
    }
    assert fonts_drawing(phone, ".language-switcher summary span[lang]") == {"Noto Sans Myanmar"}
    assert fits_the_screen(phone)
    phone.screenshot(path="test-artifacts/module-burmese-notice-phone.png", full_page=True)
    assert phone.console_errors == []


def test_the_switcher_moves_between_translations_and_originals(phone, module):
    translate(module, "fr", FRENCH_TITLE)
    phone.goto("/backpack/qm-01/")
    # Closed, the switcher draws no Burmese, so an English page does not load that font.
    assert not font_state(phone, "Noto Sans Myanmar", "မြန်မာ")["loaded"]

    phone.locator(".language-switcher summary").click()
    links = phone.locator(".language-switcher a")
    expect(links).to_have_count(7)
    for box in (links.nth(n).bounding_box() for n in range(7)):
        assert box["height"] >= 44 and box["width"] >= 44  # a finger, not a mouse
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert fits_the_screen(phone)
    # Opened, it names Thai and Burmese in their own scripts, with the site's fonts.
    assert font_state(phone, "Noto Sans Myanmar", "မြန်မာ")["loaded"]
    assert font_state(phone, "Noto Sans Thai", "ไทย")["loaded"]
    assert fonts_drawing(phone, '.language-switcher a[lang="th"]') == {"Noto Sans Thai"}
    assert fonts_drawing(phone, '.language-switcher a[lang="my"]') == {"Noto Sans Myanmar"}
    phone.screenshot(path="test-artifacts/language-switcher-phone.png")

    phone.get_by_role("link", name="Français").click()
    phone.wait_for_url("**/fr/backpack/qm-01/")
    expect(phone.locator("h1")).to_have_text(FRENCH_TITLE)
    assert phone.locator(".translation-notice").count() == 0

    phone.locator(".language-switcher summary").click()
    phone.get_by_role("link", name="ไทย").click()
    phone.wait_for_url("**/th/backpack/qm-01/")
    expect(phone.get_by_role("note")).to_have_text(notice("th"))
    expect(phone.locator("h1")).to_have_text(MODULE_TITLE)
    assert phone.console_errors == []


def test_the_switcher_works_without_javascript(browser, site_server, module):
    context = browser.new_context(
        viewport=PHONE, base_url=site_server.url, java_script_enabled=False
    )
    page = context.new_page()

    page.goto("/backpack/qm-01/")
    page.locator(".language-switcher summary").click()
    page.get_by_role("link", name="Português").click()

    page.wait_for_url("**/pt/backpack/qm-01/")
    expect(page.get_by_role("note")).to_have_text(notice("pt"))
    context.close()
