"""A national platform adapts a generic module, fills its slot and publishes it (issue 4)."""

import re

import pytest
from playwright.sync_api import expect

from adaptation.models import AdaptedModulePage
from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from reference.models import Country
from tests.browser.helpers import PASSWORD, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def test_adapt_fill_the_slot_and_publish(phone, backpack):
    generic = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Selling together")
    generic.save_revision().publish()
    kwame = UserFactory(
        username="kwame",
        password=PASSWORD,
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    signed_in(page, kwame)

    # From the public module page, as a platform member reads the backpack.
    page.goto(generic.url)
    page.get_by_role("link", name="Adapt for your country").click()
    expect(page.get_by_label("Country")).to_have_value(str(Country.objects.get(slug="ghana").pk))
    page.get_by_role("button", name="Make the draft adaptation").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.get_by_text("1 adaptation slot is still empty")).to_be_visible()

    editor = page.locator("[data-contentpath='national_text'] [contenteditable='true']").first
    editor.click()
    page.keyboard.type("The Kuapa cooperative in Kumasi sells together since 1993.")
    expect(editor).to_contain_text("Kuapa cooperative")
    # Draftail copies its content into the form's hidden input a moment later: wait for it.
    expect(page.locator("input[name$='-value-national_text']")).to_have_value(
        re.compile("Kuapa cooperative")
    )
    page.get_by_label("Adaptation status").select_option("piloting")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))

    adaptation = AdaptedModulePage.objects.get()
    assert adaptation.live and adaptation.adaptation_status == "piloting"
    assert adaptation.get_parent().specific.country.slug == "ghana"
    page.goto(adaptation.url)
    expect(page.locator(".block-adaptation")).to_contain_text("Kuapa cooperative")
    expect(page.locator(".module__levels")).to_contain_text("Piloting")
    assert page.console_errors == []
