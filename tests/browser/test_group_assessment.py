"""A group manager assesses the group's level on a phone; the platform confirms it."""

import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from organisation_levels.models import LevelAssessment
from organisation_levels.services import assessment_confirm, assessment_submit
from reference.models import Country
from tests.browser.helpers import PASSWORD, fits_the_screen, group_with_manager, signed_in
from tests.organisation_levels.conftest import all_answers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def test_a_manager_assesses_on_a_phone_and_the_platform_confirms(
    phone, browser, site_server, tmp_path, home
):
    _group, manager = group_with_manager()
    kwame = UserFactory(
        username="kwame",
        password=PASSWORD,
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )
    photo = tmp_path / "inspection-register.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    page = phone
    signed_in(page, manager)
    page.goto("/")
    page.get_by_role("link", name="Producer groups").click()
    page.get_by_role("link", name="Asante cocoa farmers").click()
    page.get_by_role("link", name="Assess the level").click()
    page.wait_for_url("**/assess/")
    assert fits_the_screen(page)

    # Sending with one question unanswered keeps every other answer and points at the gap.
    questions = page.locator("fieldset.question")
    count = questions.count()
    for index in range(1, count):
        # Tap the second answer's words, as a thumb would: the whole label is the target.
        questions.nth(index).locator("label.choice").nth(1).click()
    page.get_by_role("button", name="Send the assessment").click()
    expect(page.locator(".form-errors")).to_contain_text("Please correct the problems below.")
    expect(questions.first.locator(".field-error")).to_have_text("Choose one answer.")
    assert page.locator("input[type=radio]:checked").count() == count - 1
    assert not LevelAssessment.objects.exists()

    questions.first.locator("label.choice").nth(1).click()
    page.get_by_label("Evidence").set_input_files(str(photo))
    page.get_by_label("Notes for the assessor").fill("Committee met on 3 March.")
    page.get_by_role("button", name="Send the assessment").click()

    expect(page.locator(".result-level")).to_have_text("Moderate")
    expect(page.locator(".holding-back")).to_contain_text(
        "Management: A committee exists but rarely acts"
    )
    expect(page.get_by_text("Waiting for an assessor")).to_be_visible()
    expect(page.get_by_role("link", name="inspection-register.png")).to_be_visible()
    assert fits_the_screen(page)
    assert page.console_errors == []

    # The national platform confirms on its own phone.
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=site_server.url)
    assessor = context.new_page()
    signed_in(assessor, kwame)
    assessor.goto(page.url)
    assessor.get_by_role("button", name="Confirm the level: Moderate").click()
    expect(assessor.get_by_text("Level confirmed: Moderate.")).to_be_visible()
    context.close()

    assessment = LevelAssessment.objects.get()
    assert (assessment.status, assessment.level.slug) == ("confirmed", "moderate")
    assert assessment.evidence.get().original_name == "inspection-register.png"

    page.get_by_role("link", name="Asante cocoa farmers").click()
    expect(page.locator(".level-card .badge")).to_have_text("Moderate")


def test_the_level_chart_draws_once_it_scrolls_into_view(phone, home):
    group, manager = group_with_manager()
    assessor = UserFactory(groups=[Country.objects.get(slug="ghana").national_platform_group])
    for choice in (0, 1):
        assessment = assessment_submit(
            group=group, answers=all_answers(choice), submitted_by=manager
        )
        assessment_confirm(assessment=assessment, assessor=assessor)

    signed_in(phone, manager)
    phone.goto(f"/groups/{group.pk}/")
    chart = phone.locator("canvas[data-level-chart]")
    chart.scroll_into_view_if_needed()

    expect(chart).to_have_attribute("data-drawn", "true")
    assert phone.evaluate("typeof window.Chart") == "function"
    assert phone.console_errors == []
