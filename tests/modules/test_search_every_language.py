"""Search in every script (issue 15, decision 0020): a word of a module's title or summary
finds it in each of the seven languages, Thai and Burmese words inside unspaced text,
Vietnamese, French and Portuguese typed without accents, English and French plurals.
Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…)."""

import re

import pytest
from wagtail.models import Locale

from modules.factories import TrainingModulePageFactory

pytestmark = pytest.mark.django_db

# (title, summary) of one module in each language.
MODULE = {
    "en": ("Holding group meetings", "Using pesticides safely and keeping records."),
    "fr": (
        "Tenir les réunions du groupement",
        "Utiliser les pesticides sans danger et contrôler la qualité.",
    ),
    "pt": ("Realizar as reuniões do grupo", "Usar agrotóxicos com segurança."),
    "id": ("Mengadakan rapat kelompok tani", "Menggunakan pestisida dengan aman."),
    "th": ("การประชุมกลุ่มเกษตรกร", "การใช้ยาฆ่าแมลงอย่างปลอดภัย"),
    "vi": ("Tổ chức các cuộc họp nhóm", "Quản lý chất lượng và dùng thuốc trừ sâu an toàn."),
    "my": (
        "အုပ်စုအစည်းအဝေးများကျင်းပနည်း",
        "ပိုးသတ်ဆေးကိုဘေးကင်းစွာအသုံးပြုခြင်း",
    ),
}

# (language, query): each finds the module in that language.
FINDS = [
    ("en", "meeting"),  # "meetings" in the title
    ("en", "pesticide"),  # "pesticides" in the summary
    ("en", "Record"),
    ("fr", "reunion"),  # "réunions": no accent, singular
    ("fr", "pesticide"),
    ("fr", "qualite"),
    ("fr", "contrôle"),  # "contrôler"
    ("pt", "reunioes"),
    ("pt", "seguranca"),
    ("id", "rapat"),
    ("id", "pestisida"),
    ("th", "การประชุม"),  # inside "การประชุมกลุ่มเกษตรกร"
    ("th", "เกษตรกร"),
    ("th", "แมลง"),  # a syllable of the word "ยาฆ่าแมลง"
    ("th", "ยาฆ่าแมลง ปลอดภัย"),
    ("vi", "chat luong"),  # "chất lượng"
    ("vi", "cuộc họp"),
    ("vi", "thuoc tru sau"),
    ("my", "အစည်းအဝေး"),  # inside "အုပ်စုအစည်းအဝေးများကျင်းပနည်း"
    ("my", "ပိုးသတ်ဆေး"),
    ("my", "ဘေးကင်း"),
]

# (language, query): each finds nothing.
MISSES = [
    ("en", "coffee"),
    ("fr", "café"),
    ("th", "ข้าว"),  # rice
    ("th", "การเงิน"),  # finance: "การ" is there, "เงิน" is not
    ("vi", "ca phe"),
    ("my", "ကော်ဖီ"),  # coffee
    ("my", "ဆေးပိုး"),  # the same syllables in another order
]


def localized(page, language, *, title, summary):
    translated = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    translated.title = title
    translated.summary = summary
    translated.save_revision().publish()
    return translated


@pytest.fixture
def module(backpack):
    title, summary = MODULE["en"]
    original = TrainingModulePageFactory(
        parent=backpack, code="GM-01", slug="gm-01", title=title, summary=summary
    )
    # Another module in every listing, that no query above may find.
    TrainingModulePageFactory(
        parent=backpack, code="CF-01", slug="cf-01", title="Coffee", summary="Café, ca phê."
    )
    for language, (title, summary) in MODULE.items():
        if language != "en":
            localized(original, language, title=title, summary=summary)
    return original


def found(client, language, query):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(f"{prefix}/backpack/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)">', response.content.decode())


def test_a_word_of_the_title_or_summary_finds_the_module_in_every_language(client, module):
    # One module set up for all the queries (seven translations are slow to make); every
    # query that fails is named.
    wrong = {}
    for language, query in FINDS:
        prefix = "" if language == "en" else f"/{language}"
        results = found(client, language, query)
        if results != [f"{prefix}/backpack/gm-01/"]:
            wrong[(language, query)] = results

    assert wrong == {}


def test_words_the_module_does_not_hold_do_not_find_it(client, module):
    wrong = {}
    for language, query in MISSES:
        results = found(client, language, query)
        if any(url.endswith("/backpack/gm-01/") for url in results):
            wrong[(language, query)] = results

    assert wrong == {}


def test_the_index_is_kept_when_a_translation_changes(client, module):
    thai = module.get_translation(Locale.objects.get(language_code="th"))
    thai.title = "การบันทึกบัญชีของกลุ่ม"  # keeping the group's accounts
    thai.save_revision().publish()

    assert found(client, "th", "บัญชี") == ["/th/backpack/gm-01/"]
    assert found(client, "th", "การประชุม") == []
