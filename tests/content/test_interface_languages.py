"""The interface (menus, buttons, notices) in the visitor's language: the locale/ catalogues."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from modules.factories import TrainingModulePageFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "pt", "id", "th", "vi", "my")
# What a farmer-group manager or a trainer meets first on the public site.
PUBLIC_STRINGS = (
    "Clear filters",
    "Producer groups",
    "Sign in",
    "Skip to content",
    "Show modules",
    "Print this module",
    "Print this path",
    "Training plans",
    "Improvement plan",
    "Assess the level",
    "The path for %(level)s groups in %(country)s",
    "This page is not translated into %(language)s yet; you are reading the %(original)s original.",
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_translates_the_public_strings(language):
    with translation.override(language):
        untranslated = [text for text in PUBLIC_STRINGS if gettext(text) == text]

    assert untranslated == []


def test_a_public_page_in_french_speaks_french(client, backpack):
    TrainingModulePageFactory(parent=backpack, code="QM-01", title="Internal control")

    listing = client.get("/fr/backpack/").content.decode()
    module = client.get("/fr/backpack/qm-01/").content.decode()

    assert "Afficher les modules" in listing  # the filter button
    assert ">Se connecter</a>" in listing  # the menu
    assert "1 module" in listing
    assert (
        "Cette page n'est pas encore traduite en français ; vous lisez l'original en anglais."
        in module.replace("&#x27;", "'")
    )
    assert "Imprimer ce module" in module


def test_a_public_page_in_thai_speaks_thai(client, backpack):
    html = client.get("/th/backpack/").content.decode()

    assert "แสดงโมดูล" in html  # "Show modules"
    assert ">เข้าสู่ระบบ</a>" in html  # "Sign in"


def test_a_translation_with_wrong_placeholders_is_refused_and_nothing_is_written(
    tmp_path, settings
):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Page %(number)s of %(total)s", msgstr="Page %(numero)s"))
    po.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    with pytest.raises(CommandError, match=r"Page %\(number\)s of %\(total\)s"):
        call_command("compile_translations", verbosity=0)

    assert not (folder / "django.mo").exists()


def test_the_committed_catalogues_compile():
    """Every catalogue in locale/ keeps its originals' placeholders."""
    call_command("compile_translations", verbosity=0)


def test_a_plurals_first_form_may_read_like_the_singular_but_the_others_take_the_number(
    tmp_path, settings
):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2;"}
    po.append(
        polib.POEntry(
            msgid="The slot is filled.",
            msgid_plural="All %(counter)s slots are filled.",
            msgstr_plural={0: "La zone est remplie.", 1: "Les %(counter)s zones sont remplies."},
        )
    )
    po.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", verbosity=0)

    po[0].msgstr_plural[1] = "Les zones sont remplies."
    po.save(str(folder / "django.po"))
    with pytest.raises(CommandError, match="The slot is filled"):
        call_command("compile_translations", verbosity=0)


def test_untranslated_and_fuzzy_entries_are_named(tmp_path):
    from content.management.commands.check_translations import LANGUAGES, catalogue_problems

    for language in LANGUAGES:
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Sign in", msgstr="x"))
        if language == "th":
            po.append(polib.POEntry(msgid="Country curricula", msgstr=""))
            po.append(polib.POEntry(msgid="The backpack", msgstr="x", flags=["fuzzy"]))
        po.save(str(folder / "django.po"))

    problems = catalogue_problems(tmp_path)

    assert len(problems) == 2
    assert "untranslated: “Country curricula”" in problems[0]
    assert "fuzzy: “The backpack”" in problems[1]


def test_the_committed_catalogues_have_no_untranslated_entry():
    from content.management.commands.check_translations import catalogue_problems

    assert catalogue_problems(Path(settings.LOCALE_PATHS[0])) == []
