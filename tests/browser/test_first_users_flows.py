"""README flows 6 and 10 walked end to end as their personas do (issue 23): the
committee's sentence reaches the adaptation's merged draft, and the attendance a trainer
sent is on the session's admin page."""

import re

import pytest
from playwright.sync_api import expect

from adaptation.models import AdaptedModulePage
from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from reference import roles
from reference.models import Country
from tests.browser.helpers import PASSWORD, signed_in, wait_for
from tests.browser.test_trainer_app import GROUP, field, record_session, sign_in_and_download
from training_delivery.models import TrainingSession

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

SENTENCE = "Agree the price with the buyer before the harvest."
__all__ = ["field"]  # the trainer app's fixture, shared


def test_flow_6_the_committees_change_reaches_the_countrys_adaptation(phone, backpack):
    generic = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Selling together")
    generic.save_revision().publish()
    ghana = Country.objects.get(slug="ghana")
    kwame = UserFactory(username="kwame", password=PASSWORD, groups=[ghana.national_platform_group])
    amara = UserFactory(username="amara", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    bao = UserFactory(username="bao", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    page = phone

    # Country curricula, then Ghana, from the site's navigation, on a phone.
    page.goto("/")
    page.get_by_role("link", name="Country curricula").first.click()
    page.get_by_role("link", name="Ghana").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ghana")

    # As Ghana's platform: adapt the module, fill the slot in the editor, pilot it.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    signed_in(page, kwame)
    page.goto(generic.url)
    page.get_by_role("link", name="Adapt for your country").click()
    page.get_by_role("button", name="Make the draft adaptation").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    slot = page.locator("[data-contentpath='national_text'] [contenteditable='true']").first
    slot.click()
    page.keyboard.type("The Kuapa cooperative in Kumasi sells together since 1993.")
    expect(page.locator("input[name$='-value-national_text']")).to_have_value(
        re.compile("Kuapa cooperative")
    )
    page.get_by_label("Adaptation status").select_option("piloting")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    adaptation = AdaptedModulePage.objects.get()
    assert adaptation.live

    # As the committee: one sentence more in the first block, through review.
    page.context.clear_cookies()
    signed_in(page, amara)
    page.goto(f"/admin/pages/{generic.pk}/edit/")
    first_block = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    first_block.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(f" {SENTENCE}")
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("buyer before"))
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Submit to Technical committee review").click()
    page.wait_for_url("**/admin/pages/*/")
    page.context.clear_cookies()
    signed_in(page, bao)
    page.goto("/admin/")
    review_row = page.locator("tr", has_text="Selling together")
    review_row.locator(".w-dropdown__toggle").click()
    review_row.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("approved")
    wait_for(
        lambda: SENTENCE in str(TrainingModulePage.objects.get(pk=generic.pk).body[0].value),
        page,
    )

    # Back as Ghana: the notice, the one changed block, and the changes taken.
    page.context.clear_cookies()
    signed_in(page, kwame)
    page.goto(f"/admin/pages/{adaptation.pk}/edit/")
    expect(page.get_by_text("Generic module updated.")).to_be_visible()
    page.get_by_role("link", name=re.compile("See what changed")).click()
    expect(page.locator("header")).to_contain_text("Generic module updated: Selling together")
    changes = page.locator("section h2")
    expect(changes).to_have_count(1)
    expect(changes.first).to_have_text("Block 1: Text")
    expect(page.locator(".comparison .addition")).to_contain_text(SENTENCE)
    page.get_by_role("button", name="Take the changes into the adaptation").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{adaptation.pk}/edit/"))
    expect(page.locator(".messages")).to_contain_text("Changes taken into a new draft.")

    draft = AdaptedModulePage.objects.get(pk=adaptation.pk).get_latest_revision_as_object()
    assert SENTENCE in str(draft.body[0].value)
    slot_value = next(b for b in draft.body if b.block_type == "adaptation_slot").value
    assert "Kuapa cooperative" in str(slot_value["national_text"])
    assert page.console_errors == []


def test_flow_10_the_attendance_a_trainer_sent_is_on_the_session_page(phone, field):
    group = field["group"]
    kwame = UserFactory(
        username="kwame", password=PASSWORD, groups=[group.country.national_platform_group]
    )
    page = phone

    # The trainer records a session on the phone; it reaches the server.
    sign_in_and_download(page)
    record_session(page)
    wait_for(lambda: TrainingSession.objects.exists(), page)
    session = TrainingSession.objects.get()

    # Ghana's platform, in the admin: Field delivery, Training sessions, the session.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    signed_in(page, kwame)
    page.goto("/admin/")
    page.get_by_role("button", name="Field delivery").click()
    page.get_by_role("link", name="Training sessions").click()
    page.locator("tr", has_text=GROUP).get_by_role("link").first.click()
    # page.url does not wait: wait for the session's page (its edit or inspect view) first.
    page.wait_for_url(re.compile(rf"/trainingsession/\w+/{session.pk}/"))
    if "/inspect/" not in page.url:
        page.goto(f"/admin/snippets/training_delivery/trainingsession/inspect/{session.pk}/")
    attendance = page.locator("#session-attendance")
    expect(attendance).to_contain_text("Attendance: 2 farmers")
    expect(attendance).to_contain_text("Akosua Boateng")
    expect(attendance).to_contain_text("Kwabena Owusu")
    expect(attendance.locator("tr", has_text="Akosua Boateng")).to_contain_text("80")
    expect(page.locator("#session-modules")).to_contain_text("PO-01")
    expect(page.locator("#main")).not_to_contain_text("None")

    # A score typed wrong on the phone is corrected, and the history says who did it.
    page.get_by_role("link", name="Correct the session").click()
    page.get_by_label("Score after: Kwabena Owusu").fill("70")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".messages")).to_contain_text("Kwabena Owusu, score after: — → 70")
    expect(page.locator("#session-attendance tr", has_text="Kwabena Owusu")).to_contain_text("70")
    page.get_by_role("link", name="History of corrections").click()
    expect(page.locator("#main")).to_contain_text("Corrected")
    expect(page.locator("#main")).to_contain_text("kwame")

    # The paper forms and the roster import are a click away.
    page.goto("/admin/snippets/training_delivery/trainingsession/")
    page.get_by_role("link", name="Import paper forms").click()
    expect(page.get_by_role("link", name="Excel template (.xlsx)")).to_be_visible()
    assert [e for e in page.console_errors if "ERR_" not in e] == []
