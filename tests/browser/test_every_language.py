"""A reader of each of the six languages walks the seed site on a phone and meets no
interface string left in English (issue 15, decision 0020): the home page, the backpack,
a module, a level path, the group assessment and the dashboard. Every text the page shows
is compared with the English msgids the language's catalogue translates, and with the
seed's translated data (levels, vocabularies, the rubric). Text marked as another language
(a module shown in its English original, the language switcher's names) is not the
interface's."""

import tomllib
from pathlib import Path

import polib
import pytest
from django.conf import settings

from modules.models import TrainingModulePage
from tests.browser.helpers import group_with_manager, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

LANGUAGES = ["fr", "pt", "id", "th", "vi", "my"]
ROOT = Path(settings.BASE_DIR)

# The texts of the page in the language of the page: text nodes, and the attributes a
# reader meets (placeholders, labels read aloud, tooltips, button values).
PAGE_TEXTS = """() => {
    const language = document.documentElement.lang.split("-")[0];
    const ours = (element) => {
        const marked = element.closest("[lang]");
        return !marked || marked.lang.split("-")[0] === language;
    };
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const element = walker.currentNode.parentElement;
        if (!element || element.closest("script, style, noscript, template") || !ours(element)) {
            continue;
        }
        texts.push(walker.currentNode.textContent);
    }
    for (const element of document.body.querySelectorAll(
        "[placeholder], [aria-label], [title], input[type=submit][value], button[value]"
    )) {
        if (!ours(element)) continue;
        for (const name of ["placeholder", "aria-label", "title"]) {
            if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
        }
        if (element.matches("input[type=submit]")) texts.push(element.value);
    }
    texts.push(document.title);
    return texts.map((text) => text.replace(/\\s+/g, " ").trim()).filter(Boolean);
}"""


def english_to_translate(language):
    """The English texts that `language` translates: the interface catalogue's msgids
    (those with no placeholder, whose translation differs) and the seed's data."""
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    texts = {
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and entry.msgstr
        and entry.msgstr != entry.msgid
        and "%(" not in entry.msgid
        and len(entry.msgid) > 1
    }
    data = tomllib.loads((ROOT / "content/seed/translations.toml").read_text(encoding="utf-8"))
    texts |= {entry["en"] for entry in data["text"] if entry[language] != entry["en"]}
    return texts


@pytest.fixture
def seed_site(seed_curriculum, home):
    group, manager = group_with_manager()
    module = TrainingModulePage.objects.live().filter(locale__language_code="en").first()
    return {"group": group, "manager": manager, "module": module}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reader_meets_no_english_interface_string(phone, seed_site, language):
    english = english_to_translate(language)
    group = seed_site["group"]
    signed_in(phone, seed_site["manager"])
    pages = {
        "home": f"/{language}/",
        "backpack": f"/{language}/backpack/",
        "module": f"/{language}{seed_site['module'].url}",
        "level path": f"/{language}/curricula/ghana/path/moderate/",
        "group assessment": f"/{language}/groups/{group.pk}/assess/",
        "dashboard": f"/{language}/dashboard/",
    }
    left_in_english = {}
    for name, address in pages.items():
        response = phone.goto(address)
        assert response.ok, (name, address, response.status)
        assert phone.evaluate("document.documentElement.lang").startswith(language)
        found = sorted({text for text in phone.evaluate(PAGE_TEXTS) if text in english})
        if found:
            left_in_english[name] = found
    assert left_in_english == {}
    assert phone.console_errors == []


def test_the_seed_data_reads_in_thai_on_the_home_page_and_the_assessment(phone, seed_site):
    signed_in(phone, seed_site["manager"])
    phone.goto("/th/")
    home = phone.locator("main").inner_text()
    assert "ต่ำ" in home and "เสริมสร้างความเข้มแข็งขององค์กรผู้ผลิต" in home
    phone.goto(f"/th/groups/{seed_site['group'].pk}/assess/")
    form = phone.locator("main").inner_text()
    assert "สมาชิกประชุมกันบ่อยแค่ไหน" in form
    assert "How often do members meet?" not in form
