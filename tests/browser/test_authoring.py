"""A committee member writes a module in the Wagtail admin and sends it for review."""

import re

import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from modules.models import TrainingModulePage
from reference import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture
def desktop(phone):
    phone.set_viewport_size({"width": 1280, "height": 900})
    return phone


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_committee_member_writes_a_module_and_submits_it_for_review(desktop, backpack):
    UserFactory(username="amara", password="backpack-2026", groups=[roles.TECHNICAL_COMMITTEE])
    page = desktop
    sign_in(page, "amara", "backpack-2026")

    page.goto(f"/admin/pages/add/modules/trainingmodulepage/{backpack.pk}/")
    page.locator("#id_title").fill("Keeping farm diaries")
    page.locator("#id_code").fill("tr-09")
    page.locator("#id_duration_minutes").fill("90")
    page.locator("#id_summary").fill("Members keep simple records of what they harvest and sell.")
    # A new module opens with one empty objective (issue 23); the body offers a block menu.
    page.locator("[name='objectives-0-value']").fill("Keep a farm diary for one season.")
    page.locator("[data-contentpath='body'] button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Text").click()
    # Type into the rich-text editor like a person, once it is ready, and wait to see the text:
    # filling it programmatically can race the editor's start-up.
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    editor.click()
    page.keyboard.type("Write down every sale on the day it happens.")
    expect(editor).to_contain_text("Write down every sale on the day it happens.")
    # Draftail copies its content into the form's hidden input a moment later: wait for it.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile("Write down every sale")
    )

    page.get_by_role("tab", name="Who and what it is for").click()
    page.get_by_label("Moderate").check()
    page.get_by_label("Traceability and food safety").check()
    page.get_by_label("Workshop").check()

    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Submit to Technical committee review").click()
    page.wait_for_url("**/admin/pages/*/")
    page.screenshot(path="test-artifacts/admin-after-submit.png")

    module = TrainingModulePage.objects.get(code="TR-09")
    assert not module.live
    assert module.current_workflow_state.workflow.name == roles.REVIEW_WORKFLOW_NAME
    latest = module.get_latest_revision().as_object()
    assert [block.value for block in latest.objectives] == ["Keep a farm diary for one season."]
    assert "Write down every sale" in latest.body[0].value.source

    # A second committee member approves it from the dashboard; it goes live.
    UserFactory(username="bao", password="review-2026", groups=[roles.TECHNICAL_COMMITTEE])
    page.context.clear_cookies()
    sign_in(page, "bao", "review-2026")
    review_row = page.locator("tr", has_text="Keeping farm diaries")
    review_row.locator(".w-dropdown__toggle").click()
    review_row.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state("networkidle")
    module.refresh_from_db()
    assert module.live

    page.goto("/backpack/?theme=traceability-food-safety")
    assert page.get_by_role("link", name="Keeping farm diaries").is_visible()
    assert page.console_errors == []
