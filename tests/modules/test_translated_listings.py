"""Listings in the visitor's language: every original, each replaced by its live translation
(decision 0010). Once the French backpack exists, its children are only the modules
translated so far; French visitors must still see all of them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from adaptation.models import AdaptedModulePage, NationalCurriculumPage
from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from reference.models import Country, OrganisationLevel

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Mettre en place un système de contrôle interne"


def french():
    return Locale.objects.get(language_code="fr")


def translate(page, *, title, publish=True, with_parent_title=None):
    """As the admin does it: parents not translated yet become aliases."""
    translated = page.copy_for_translation(french(), copy_parents=True)
    translated.title = title
    revision = translated.save_revision()
    if publish:
        revision.publish()
    if with_parent_title:  # translate the parent too: a real French page, not an alias
        parent = translated.get_parent().specific
        parent.alias_of = None
        parent.title = with_parent_title
        parent.save_revision().publish()
    return translated


@pytest.fixture
def moderate():
    return OrganisationLevel.objects.get(slug="moderate")


@pytest.fixture
def modules(backpack, moderate):
    made = [
        TrainingModulePageFactory(
            parent=backpack, code="QM-01", title="Internal control", levels=[moderate]
        ),
        TrainingModulePageFactory(parent=backpack, code="QM-02", title="Keeping records"),
    ]
    for module in made:
        module.save_revision().publish()
    return [TrainingModulePage.objects.get(pk=module.pk) for module in made]


def cards(html):
    """(address, title) of each module card."""
    return re.findall(r'<h3 class="card__title"><a href="([^"]+)">([^<]+)</a>', html)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("backpack_translated", [False, True], ids=["alias", "translated"])
def test_the_french_backpack_lists_every_module_translated_or_not(
    client, modules, backpack_translated
):
    translate(
        modules[0],
        title=FRENCH_TITLE,
        with_parent_title="Le sac à dos" if backpack_translated else None,
    )

    html = get(client, "/fr/backpack/")

    assert cards(html) == [
        ("/fr/backpack/qm-01/", FRENCH_TITLE),
        ("/fr/backpack/qm-02/", "Keeping records"),  # the original, shown with the notice
    ]
    assert "2 modules" in html or "2 modules" in html.replace("\xa0", " ")


def test_english_visitors_keep_the_originals(client, modules):
    translate(modules[0], title=FRENCH_TITLE)

    assert cards(get(client, "/backpack/")) == [
        ("/backpack/qm-01/", "Internal control"),
        ("/backpack/qm-02/", "Keeping records"),
    ]


def test_a_draft_translation_leaves_the_original_in_the_list(client, modules):
    translate(modules[0], title=FRENCH_TITLE, publish=False)

    assert ("/fr/backpack/qm-01/", "Internal control") in cards(get(client, "/fr/backpack/"))


def test_filters_and_search_work_on_the_translated_list(client, modules):
    translate(modules[0], title=FRENCH_TITLE)

    filtered = cards(get(client, "/fr/backpack/?level=moderate"))
    searched = cards(get(client, "/fr/backpack/?q=contrôle"))

    assert filtered == [("/fr/backpack/qm-01/", FRENCH_TITLE)]  # tagged on the original
    assert searched == [("/fr/backpack/qm-01/", FRENCH_TITLE)]  # found by its French words


def test_the_french_home_page_shows_recent_modules_in_french(client, modules):
    translate(modules[0], title=FRENCH_TITLE)

    links = cards(get(client, "/fr/"))

    assert ("/fr/backpack/qm-01/", FRENCH_TITLE) in links
    assert ("/fr/backpack/qm-02/", "Keeping records") in links


def test_breadcrumbs_keep_the_visitor_in_their_language(client, modules):
    translate(modules[0], title=FRENCH_TITLE)

    untranslated = get(client, "/fr/backpack/qm-02/")
    translated = get(client, "/fr/backpack/qm-01/")

    for html in (untranslated, translated):
        assert re.search(r'<nav class="breadcrumb"[^>]*>\s*<a href="/fr/backpack/">', html)


@pytest.fixture
def ghana_adaptation(modules, moderate, ghana_platform_member):
    adaptation = module_adapt(
        source=modules[0], country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adaptation.title = "Internal control in Ghana"
    adaptation.adaptation_status = AdaptedModulePage.Status.APPROVED
    adaptation.save_revision().publish()
    return AdaptedModulePage.objects.get(pk=adaptation.pk)


def test_a_level_path_in_french_shows_translations_and_links_in_french(
    client, ghana_adaptation, modules
):
    translate(ghana_adaptation, title="Le contrôle interne au Ghana", with_parent_title="Ghana")

    html = get(client, "/fr/curricula/ghana/path/moderate/")

    assert re.search(
        r'<a href="/fr/curricula/ghana/qm-01/">QM-01 · Le contrôle interne au Ghana</a>', html
    )
    # The breadcrumb leads to the French curriculum.
    assert '<p class="breadcrumb"><a href="/fr/curricula/ghana/">Ghana</a></p>' in html


def test_the_french_curriculum_page_lists_adaptations_and_paths_in_french(
    client, ghana_adaptation, modules
):
    other = module_adapt(
        source=modules[1],
        country=Country.objects.get(slug="ghana"),
        user=ghana_adaptation.owner,
    )
    other.save_revision().publish()
    translate(ghana_adaptation, title="Le contrôle interne au Ghana", with_parent_title="Ghana")

    html = get(client, "/fr/curricula/ghana/")

    assert '<a href="/fr/curricula/ghana/qm-01/">QM-01 · Le contrôle interne au Ghana</a>' in html
    assert '<a href="/fr/curricula/ghana/qm-02/">QM-02 · Keeping records</a>' in html
    assert 'href="/fr/curricula/ghana/path/moderate/"' in html


def test_the_french_index_of_curricula_lists_every_country(client, ghana_adaptation):
    translate(ghana_adaptation, title="Le contrôle interne au Ghana", with_parent_title="Ghana")

    html = get(client, "/fr/curricula/")

    assert NationalCurriculumPage.objects.filter(locale__language_code="en").count() == 7
    assert len(re.findall(r'<h2 class="card__title"><a href="/fr/curricula/', html)) == 7


# --- The same number of queries with few or many modules and translations ------------------


def add_modules(backpack, count, moderate, translate_every=3):
    for n in range(count):
        module = TrainingModulePageFactory(parent=backpack, levels=[moderate])
        if n % translate_every == 0:
            translate(module, title=f"Module traduit {n}")


@pytest.mark.parametrize(
    "url", ["/fr/backpack/", "/fr/backpack/?level=moderate", "/fr/backpack/?page=2", "/fr/"]
)
def test_french_listings_cost_the_same_with_more_modules(client, backpack, moderate, url, settings):
    settings.BACKPACK_MODULES_PER_PAGE = 4
    add_modules(backpack, 10, moderate)
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # Counted now: the next request empties Django's query log, which the capture reads.
    few_count = len(few.captured_queries)

    add_modules(backpack, 20, moderate)
    # New modules change the content version, which empties the kept reads (decision 0025):
    # warm them again, so only what grows with the modules is compared.
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == few_count


def test_a_french_level_path_costs_the_same_with_more_modules(client, backpack, moderate):
    add_modules(backpack, 5, moderate)
    url = "/fr/curricula/ghana/path/moderate/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    few_count = len(few.captured_queries)  # before the next request empties the log

    add_modules(backpack, 15, moderate)
    client.get(url)  # the content changed: warm the kept reads again (decision 0025)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == few_count
