"""A group manager keeps the improvement plan on a phone."""

import pytest
from playwright.sync_api import expect

from organisation_levels.models import ImprovementItem
from tests.browser.helpers import fits_the_screen, group_with_manager, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def test_a_manager_starts_a_cycle_adds_an_item_and_finishes_it(phone, home):
    group, manager = group_with_manager()
    page = phone
    signed_in(page, manager)

    page.goto(f"/groups/{group.pk}/plan/")
    page.get_by_role("link", name="Start a cycle").click()
    page.get_by_label("Title").fill("2027 quality plan")
    page.get_by_role("button", name="Start the cycle").click()
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Do", exact=True).check()
    page.get_by_label("What will be done").fill("Inspect every member farm once")
    page.get_by_label("Owner").fill("Internal inspectors")
    page.get_by_label("Due date").fill("2027-03-31")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Item saved.")).to_be_visible()
    item = page.locator(".item").filter(has_text="Inspect every member farm once")
    expect(item).to_contain_text("Not started")
    expect(page.locator("#progress-label")).to_contain_text("0 of 1 items done (0%)")

    item.get_by_role("link", name="Update").click()
    # The date picker shows the stored date again, so saving does not erase it.
    expect(page.get_by_label("Due date")).to_have_value("2027-03-31")
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#progress-label")).to_contain_text("1 of 1 items done (100%)")
    stored = ImprovementItem.objects.get()
    assert (stored.stage, stored.status, str(stored.due_date)) == ("do", "done", "2027-03-31")
    assert stored.completed_on is not None
    assert fits_the_screen(page)
    assert page.console_errors == []
