import pytest
from django.test import override_settings

from modules.factories import TrainingModulePageFactory
from reference.models import Commodity, DeliveryMethod, NeedArea, OrganisationLevel, Standard, Theme

pytestmark = pytest.mark.django_db


def level(slug):
    return OrganisationLevel.objects.get(slug=slug)


def listed_codes(client, backpack, **params):
    response = client.get(backpack.url, params)
    assert response.status_code == 200
    return [module.code for module in response.context["modules_page"].object_list]


@pytest.fixture
def modules(backpack):
    """A small backpack covering the trainer's example query and its near misses."""
    coffee, cocoa = Commodity.objects.get(slug="coffee"), Commodity.objects.get(slug="cocoa")
    fairtrade = Standard.objects.get(slug="fairtrade")
    organic = Standard.objects.get(slug="organic")
    internal_control = Theme.objects.get(slug="quality-management")
    governance = Theme.objects.get(slug="producer-organisation")
    deforestation = NeedArea.objects.get(slug="deforestation")
    call = DeliveryMethod.objects.get(slug="call")
    make = TrainingModulePageFactory
    return {
        "ics-coffee-ft": make(
            parent=backpack,
            code="ICS-1",
            title="Internal control for coffee",
            levels=[level("moderate")],
            themes=[internal_control],
            commodities=[coffee],
            standards=[fairtrade],
        ),
        "ics-generic": make(
            parent=backpack,
            code="ICS-2",
            title="Internal control basics",
            levels=[level("moderate"), level("adequate")],
            themes=[internal_control],
        ),
        "ics-cocoa": make(
            parent=backpack,
            code="ICS-3",
            title="Internal control for cocoa",
            levels=[level("moderate")],
            themes=[internal_control],
            commodities=[cocoa],
        ),
        "ics-organic": make(
            parent=backpack,
            code="ICS-4",
            title="Internal control for organic",
            levels=[level("moderate")],
            themes=[internal_control],
            standards=[organic],
        ),
        "governance-low": make(
            parent=backpack,
            code="GOV-1",
            title="Forming a group",
            levels=[level("low")],
            themes=[governance],
            need_areas=[deforestation],
            delivery_methods=[call],
            summary="Members agree rules and elect a committee.",
        ),
    }


def test_lists_published_modules_in_code_order(client, backpack, modules):
    assert listed_codes(client, backpack) == ["GOV-1", "ICS-1", "ICS-2", "ICS-3", "ICS-4"]


def test_the_trainers_example_query(client, backpack, modules):
    """'Modules for Moderate groups on internal control, coffee, Fairtrade'."""
    codes = listed_codes(
        client,
        backpack,
        level="moderate",
        theme="quality-management",
        commodity="coffee",
        standard="fairtrade",
    )

    # ICS-2 has no commodity and no standard: it applies to all, so it is included.
    assert codes == ["ICS-1", "ICS-2"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "low"}, ["GOV-1"]),
        ({"level": "adequate"}, ["ICS-2"]),
        ({"theme": "producer-organisation"}, ["GOV-1"]),
        ({"need_area": "deforestation"}, ["GOV-1"]),
        ({"method": "call"}, ["GOV-1"]),
        ({"commodity": "cocoa", "theme": "quality-management"}, ["ICS-2", "ICS-3", "ICS-4"]),
        ({"standard": "organic", "theme": "quality-management"}, ["ICS-2", "ICS-3", "ICS-4"]),
        ({"level": "specialized"}, []),
    ],
)
def test_each_filter(client, backpack, modules, params, expected):
    assert listed_codes(client, backpack, **params) == expected


def test_full_text_search_finds_words_in_title_summary_and_body(client, backpack, modules):
    assert listed_codes(client, backpack, q="elect committee") == ["GOV-1"]
    assert set(listed_codes(client, backpack, q="internal control")) == {
        "ICS-1",
        "ICS-2",
        "ICS-3",
        "ICS-4",
    }


def test_search_combines_with_filters(client, backpack, modules):
    found = listed_codes(client, backpack, q="internal control", commodity="cocoa")

    assert sorted(found) == ["ICS-2", "ICS-3", "ICS-4"]
    assert listed_codes(client, backpack, q="internal control", level="low") == []


def test_search_does_not_find_facilitator_notes(client, backpack):
    TrainingModulePageFactory(parent=backpack, code="N-1", body=_body_with_note("zebracrossing"))

    assert listed_codes(client, backpack, q="zebracrossing") == []


def _body_with_note(note):
    from modules.factories import module_body

    return module_body(note=note)


def test_drafts_and_private_modules_are_not_listed(client, backpack, modules):
    modules["ics-cocoa"].unpublish()

    assert "ICS-3" not in listed_codes(client, backpack)


def test_an_unknown_filter_value_is_named_and_the_valid_filters_still_apply(
    client, backpack, modules
):
    response = client.get(backpack.url, {"level": "expert", "theme": "producer-organisation"})

    assert response.status_code == 200
    assert response.context["filter_form"].errors["level"]
    assert "Select a valid choice" in response.content.decode()
    assert [m.code for m in response.context["modules_page"].object_list] == ["GOV-1"]


@pytest.mark.parametrize("query", ['"', 'control"', '5" pipe', "a:b", "(x", "^*", "\\", "[]{}"])
def test_search_syntax_characters_are_ignored_not_a_crash(client, backpack, modules, query):
    response = client.get(backpack.url, {"q": query})

    assert response.status_code == 200


def test_quotes_around_words_still_find_them(client, backpack, modules):
    assert listed_codes(client, backpack, q='"elect committee"') == ["GOV-1"]


def test_an_overlong_search_is_named_and_the_filters_still_apply(client, backpack, modules):
    response = client.get(backpack.url, {"q": "word " * 60, "level": "low"})

    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert [m.code for m in response.context["modules_page"].object_list] == ["GOV-1"]


@override_settings(BACKPACK_MODULES_PER_PAGE=2)
def test_results_are_paginated_and_pages_keep_the_filters(client, backpack, modules):
    first = client.get(backpack.url, {"theme": "quality-management"})
    second = client.get(backpack.url, {"theme": "quality-management", "page": 2})
    beyond = client.get(backpack.url, {"theme": "quality-management", "page": 99})

    assert [m.code for m in first.context["modules_page"].object_list] == ["ICS-1", "ICS-2"]
    assert [m.code for m in second.context["modules_page"].object_list] == ["ICS-3", "ICS-4"]
    assert "theme=quality-management&amp;page=2" in first.content.decode()
    assert beyond.context["modules_page"].number == 2


def test_the_card_shows_level_badges_and_duration(client, backpack, modules):
    html = client.get(backpack.url, {"level": "adequate"}).content.decode()

    assert "Internal control basics" in html
    assert 'class="badge level-moderate"' in html
    assert 'class="badge level-adequate"' in html
    assert "2 h" in html


def test_a_theme_the_committee_adds_is_filterable_at_once(client, backpack, modules):
    from reference.factories import ThemeFactory

    climate = ThemeFactory(name="Climate adaptation", slug="climate")
    TrainingModulePageFactory(parent=backpack, code="CLI-1", themes=[climate])

    assert listed_codes(client, backpack, theme="climate") == ["CLI-1"]


def test_instructions_for_adapting_countries_are_not_searchable(client, backpack):
    from modules.factories import module_body

    body = module_body()
    body[-1]["value"]["prompt"] = "Name the quokkaboard in your country."
    TrainingModulePageFactory(parent=backpack, code="AD-1", body=body)

    assert listed_codes(client, backpack, q="quokkaboard") == []
    assert listed_codes(client, backpack, q="twenty farmers") == ["AD-1"]  # the generic text
