"""Searching on a phone (issue 15, decision 0020): a Thai word inside unspaced text in the
backpack, and an adapted module in the country curricula."""

import re

import pytest
from wagtail.models import Locale

from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from reference.models import Country
from tests.browser.helpers import fits_the_screen

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def test_a_thai_reader_finds_a_word_inside_unspaced_text(phone, backpack):
    module = TrainingModulePageFactory(parent=backpack, code="GM-01", title="Group meetings")
    TrainingModulePageFactory(parent=backpack, code="RK-01", title="Record keeping")
    thai = module.copy_for_translation(Locale.objects.get(language_code="th"), copy_parents=True)
    thai.title = "การประชุมกลุ่มเกษตรกร"
    thai.save_revision().publish()

    phone.goto("/th/backpack/")
    phone.locator("#id_q").fill("การประชุม")
    phone.locator("#id_q").press("Enter")
    # Enter returns once the form is sent: wait for the results page to load before reading it.
    phone.wait_for_url(re.compile(r"/th/backpack/\?q="))

    assert phone.locator(".card__title a").all_inner_texts() == ["การประชุมกลุ่มเกษตรกร"]
    assert phone.locator(".result-count").inner_text().startswith("1")
    assert fits_the_screen(phone)
    assert phone.console_errors == []


def test_a_trainer_searches_the_country_curricula(phone, backpack, ghana_platform_member):
    generic = TrainingModulePageFactory(parent=backpack, code="RK-01", title="Record keeping")
    generic.save_revision().publish()
    adapted = module_adapt(
        source=generic, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adapted.title = "Record keeping for cocoa groups"
    adapted.save_revision().publish()

    phone.goto("/curricula/")
    phone.get_by_role("textbox", name="Search").fill("cocoa records")
    phone.get_by_role("button", name="Search").click()

    phone.wait_for_url(re.compile(r"[?&]q=cocoa\+records"))
    assert phone.locator(".card__title a").first.inner_text() == "Record keeping for cocoa groups"
    assert phone.get_by_text("Adapted module · Ghana").is_visible()
    assert fits_the_screen(phone)
    phone.get_by_role("link", name="Record keeping for cocoa groups").click()
    assert phone.locator("h1").inner_text() == "Record keeping for cocoa groups"
    assert phone.console_errors == []
