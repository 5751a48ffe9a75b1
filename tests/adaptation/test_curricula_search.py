"""Search over the country curricula (issue 15, decision 0020): the countries' curriculum
pages and their published adapted modules, each in the reader's language."""

import re

import pytest
from wagtail.models import Locale

from adaptation.models import NationalCurriculumPage
from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def adaptation(backpack, ghana_platform_member):
    generic = TrainingModulePageFactory(
        parent=backpack, code="RK-01", slug="rk-01", title="Record keeping"
    )
    generic.save_revision().publish()
    adapted = module_adapt(
        source=generic, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adapted.title = "Record keeping for cocoa groups"
    adapted.summary = "Keeping the group's books after each cocoa sale."
    adapted.save_revision().publish()
    return adapted


def in_french(adaptation, *, publish=True):
    french = adaptation.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    french.title = "Tenue des registres des groupements de cacao"
    french.summary = "Tenir les livres du groupement après chaque vente de cacao."
    revision = french.save_revision()
    if publish:
        revision.publish()
    return french


def search(client, query, *, language="en"):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(f"{prefix}/curricula/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)">', html), html


def test_an_adapted_module_is_found_by_its_words(client, adaptation):
    found, html = search(client, "records cocoa")

    assert found == ["/curricula/ghana/rk-01/"]
    assert "Adapted module · Ghana" in html
    assert "Keeping the group&#x27;s books" in html


def test_the_french_translation_of_an_adapted_module_is_searchable(client, adaptation):
    in_french(adaptation)

    assert search(client, "registre", language="fr")[0] == ["/fr/curricula/ghana/rk-01/"]
    assert search(client, "apres vente", language="fr")[0] == ["/fr/curricula/ghana/rk-01/"]
    # English readers keep the original.
    assert search(client, "registre")[0] == []
    assert search(client, "record")[0] == ["/curricula/ghana/rk-01/"]


def test_an_untranslated_adaptation_is_found_in_its_original_by_french_readers(client, adaptation):
    in_french(adaptation, publish=False)  # a draft translation: the original is shown

    assert search(client, "cocoa", language="fr")[0] == ["/fr/curricula/ghana/rk-01/"]
    assert search(client, "registre", language="fr")[0] == []


def test_a_country_curriculum_is_found_by_its_national_context(client, backpack):
    vietnam = NationalCurriculumPage.objects.get(country__slug="vietnam")
    vietnam.ecosystem = "<p>Cà phê ở Tây Nguyên, trồng dưới tán rừng.</p>"
    vietnam.save_revision().publish()
    thailand = NationalCurriculumPage.objects.get(country__slug="thailand")
    thailand.political_context = "<p>การส่งออกข้าวหอมมะลิของสหกรณ์</p>"
    thailand.save_revision().publish()

    found, html = search(client, "tay nguyen")
    assert found == ["/curricula/vietnam/"]
    assert "Country curriculum" in html
    assert search(client, "ข้าวหอมมะลิ")[0] == ["/curricula/thailand/"]
    assert search(client, "สหกรณ์")[0] == ["/curricula/thailand/"]


def test_drafts_are_not_found(client, adaptation):
    adaptation.summary = "A draft about zebracrossings."
    adaptation.save_revision()  # not published

    assert search(client, "zebracrossing")[0] == []


def test_nothing_found_is_said_and_an_empty_search_lists_the_countries(client, adaptation):
    _found, html = search(client, "quokka")
    assert "0 results" in html
    assert "Nothing in the country curricula matches this search." in html

    response = client.get("/curricula/", {"q": '"*'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "results" not in html and 'href="/curricula/ghana/"' in html


def test_an_overlong_search_is_named(client, adaptation):
    response = client.get("/curricula/", {"q": "word " * 60})

    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
