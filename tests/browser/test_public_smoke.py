"""The public pages a trainer uses, in a real browser at phone width, with real seed content."""

import re

import pytest

from content.factories import UserFactory
from reference import roles
from tests.browser.helpers import fits_the_screen

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture
def seeded(seed_curriculum):
    """The seed curriculum (tests/conftest.py)."""


def test_home_backpack_filter_and_module_page(phone, seeded):
    phone.goto("/")
    assert phone.locator("h1").inner_text() == "Training for producer groups"
    assert phone.get_by_role("heading", name="Moderate").is_visible()
    assert fits_the_screen(phone)

    phone.get_by_role("link", name="Browse the training modules").click()
    phone.get_by_text("Filters: level, theme").click()
    phone.get_by_label("Organisation level").select_option("moderate")
    phone.get_by_label("Theme").select_option("quality-management")
    phone.get_by_role("button", name="Show modules").click()

    # The click returns once the form is sent, not once the results have loaded: read too
    # early, the new document has no cards yet (seen once in CI). Wait for the page itself.
    phone.wait_for_url(re.compile(r"level=moderate&.*theme=quality-management"))
    cards = phone.locator(".card__title a")
    titles = cards.all_inner_texts()
    assert "Setting up an internal control system (ICS)" in titles
    assert phone.locator(".result-count").inner_text().startswith(f"{len(titles)} module")
    assert fits_the_screen(phone)

    phone.get_by_role("link", name="Setting up an internal control system (ICS)").click()
    # The list has an h1 too, and the reads below do not wait: wait for the module's page.
    phone.wait_for_url("**/backpack/qm-01/")
    assert phone.locator("h1").inner_text() == "Setting up an internal control system (ICS)"
    assert phone.get_by_text("By the end, participants can").is_visible()
    assert phone.locator(".block-field-exercise").first.is_visible()
    assert phone.locator(".block-facilitator-note").count() == 0  # not signed in
    phone.get_by_text("Show the answer").first.click()
    assert phone.locator(".block-knowledge-check details[open]").count() == 1
    assert fits_the_screen(phone)
    phone.screenshot(path="test-artifacts/module-page-phone.png", full_page=True)

    assert phone.console_errors == []


def test_a_trainer_signs_in_and_sees_facilitator_notes(phone, seeded):
    UserFactory(username="ama", password="field-ready-2026", groups=[roles.TRAINERS])

    phone.goto("/backpack/qm-01/")
    phone.get_by_role("link", name="Sign in").click()
    phone.get_by_label("Username").fill("ama")
    phone.get_by_label("Password").fill("field-ready-2026")
    phone.get_by_role("button", name="Sign in").click()

    # Not "**/backpack/qm-01/": the sign-in page's own address ends so (?next=/backpack/qm-01/).
    phone.wait_for_url(re.compile(r"://[^/]+/backpack/qm-01/$"))
    assert phone.locator(".block-facilitator-note").count() >= 1
    assert phone.get_by_role("button", name="Sign out").is_visible()
    assert phone.console_errors == []


def test_a_wrong_filter_value_shows_a_message(phone, seeded):
    phone.goto("/backpack/?level=expert")

    assert phone.get_by_role("alert").first.inner_text().startswith("Select a valid choice")
    assert phone.locator(".card").count() > 0
    assert phone.console_errors == []


def test_the_printed_module_is_field_ready(phone, seeded, client):
    """On paper: no site chrome; the trainer's copy carries notes and the answer key."""
    trainer = UserFactory(username="kojo", groups=[roles.TRAINERS])
    client.force_login(trainer)
    phone.goto("/")
    phone.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": phone.url}]
    )

    phone.goto("/backpack/qm-01/")
    phone.emulate_media(media="print")

    assert not phone.locator(".site-header").is_visible()
    assert not phone.get_by_role("button", name="Print this module").is_visible()
    assert phone.locator(".answer-key").first.is_visible()
    assert phone.locator(".block-facilitator-note").first.is_visible()

    phone.context.clear_cookies()
    phone.goto("/backpack/qm-01/")
    assert phone.locator(".answer-key").count() == 0
    assert phone.console_errors == []


# The whole backpack list (HTML, CSS, icon), uncompressed. A framework bundle alone would
# be several times this: the ceiling keeps public pages fit for slow connections.
PAGE_WEIGHT_CEILING = 80_000


def test_public_pages_are_light(phone, seeded):
    for url, allowed_scripts in [("/backpack/", set()), ("/backpack/qm-01/", {"module.js"})]:
        responses = []

        def record(response, responses=responses):
            responses.append(response)

        phone.on("response", record)
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        phone.remove_listener("response", record)

        scripts = {
            r.url.rsplit("/", 1)[-1] for r in responses if r.request.resource_type == "script"
        }
        weight = sum(len(r.body()) for r in responses if r.status == 200)
        assert scripts == allowed_scripts, url
        assert weight < PAGE_WEIGHT_CEILING, (url, weight)
