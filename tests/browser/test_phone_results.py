"""On a phone, filtered or searched modules are in sight, not under an open filter panel
(issue 23, point 6)."""

import pytest

from modules.factories import TrainingModulePageFactory
from reference.models import OrganisationLevel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def in_sight(locator, page) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_filtered_and_searched_results_start_on_the_screen(phone, backpack):
    moderate = OrganisationLevel.objects.get(slug="moderate")
    for code, title in (("QM-01", "Internal control"), ("QM-02", "Improvement plan")):
        TrainingModulePageFactory(
            parent=backpack, code=code, title=title, levels=[moderate]
        ).save_revision().publish()
    page = phone

    page.goto(backpack.url)
    page.get_by_text("Filters: level, theme").click()
    page.get_by_label("Organisation level").select_option("moderate")
    page.get_by_role("button", name="Show modules").click()
    page.wait_for_url("**level=moderate**")

    assert in_sight(page.locator(".result-count"), page)
    assert in_sight(page.locator(".card__title a").first, page)
    assert page.locator("details.filters__more[open]").count() == 0
    assert "(1 in use)" in page.locator(".filters__more summary").inner_text()

    page.get_by_label("Search").fill("improvement")
    page.get_by_role("button", name="Show modules").click()
    page.wait_for_url("**q=improvement**")
    assert in_sight(page.locator(".result-count"), page)
    assert page.console_errors == []
