"""Group work in the trainer app with the network off (issue 18, point 2): a manager
assesses the group's level with a photo and updates a plan item offline; back online
each arrives exactly once, and an update someone else overtook shows both versions."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from content.factories import UserFactory
from organisation_levels.factories import ImprovementCycleFactory, ImprovementItemFactory
from organisation_levels.models import (
    AssessmentEvidence,
    ImprovementItem,
    ImprovementItemUpdate,
    LevelAssessment,
)
from organisation_levels.services import improvement_item_save
from tests.browser.helpers import PASSWORD, group_with_manager, wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

GROUP = "Asante cocoa farmers"
ITEM = "Write the inspection procedure"
NETWORK_DOWN = ("ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_RESET")


@pytest.fixture
def plan():
    group, manager = group_with_manager(GROUP)
    item = ImprovementItemFactory(
        cycle=ImprovementCycleFactory(group=group, title="2027 quality plan"), description=ITEM
    )
    return {"group": group, "manager": manager, "item": item}


def sign_in_offline_ready(page):
    page.goto("/trainer/")
    page.get_by_label("User name").fill("abena")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    wait_for(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), page)
    page.context.set_offline(True)
    page.reload()  # the installed app, from the phone alone
    page.get_by_role("link", name="Assessments and improvement plans").click()


def update_item_offline(page, status, notes):
    page.locator(f"[data-item] >> text={ITEM}").locator("..").get_by_role(
        "link", name="Update this item"
    ).click()
    page.get_by_label("Status").select_option(label=status)
    page.get_by_label("Evidence").fill(notes)
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("[data-item]")).to_contain_text(status)


def real_errors(page):
    return [e for e in page.console_errors if not any(n in e for n in NETWORK_DOWN)]


def test_an_assessment_with_a_photo_and_a_plan_update_made_offline_arrive_once(
    phone, plan, tmp_path
):
    picture = tmp_path / "register.jpg"
    Image.new("RGB", (800, 600), "olive").save(picture, "JPEG")
    page = phone
    sign_in_offline_ready(page)

    page.get_by_role("link", name="Assess the level").click()
    questions = page.locator(".question")
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.get_by_role("alert")).to_contain_text("still without an answer")
    for index in range(questions.count()):
        questions.nth(index).locator("label.choice").nth(1).click()
    page.locator("#gw-photo").set_input_files(str(picture))
    expect(page.get_by_text("Photo 1 ready")).to_be_visible()
    page.get_by_label("Notes for the assessor").fill("Committee met on 3 March.")
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("[data-assessment] .status")).to_have_text("Saved on this phone")

    update_item_offline(page, "Done", "Minutes of the March meeting")
    page.reload()  # still there after the phone closed the app
    expect(page.locator("[data-assessment] .status")).to_have_text("Saved on this phone")
    assert not LevelAssessment.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("[data-assessment] .status")).to_have_text("On the server")
    item = ImprovementItem.objects.get()
    wait_for(lambda: ImprovementItem.objects.get().status == "done", page)
    assessment = LevelAssessment.objects.get()
    assert assessment.notes == "Committee met on 3 March."
    assert AssessmentEvidence.objects.filter(assessment=assessment).count() == 1
    item.refresh_from_db()
    assert (item.version, item.evidence_notes) == (2, "Minutes of the March meeting")

    # Another sync sends nothing twice.
    page.get_by_role("link", name="Back").last.click()
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    assert LevelAssessment.objects.count() == 1
    assert AssessmentEvidence.objects.count() == 1
    assert ImprovementItemUpdate.objects.count() == 1
    assert real_errors(page) == []


def test_an_update_someone_else_overtook_shows_both_and_the_manager_chooses(phone, plan):
    page = phone
    sign_in_offline_ready(page)
    update_item_offline(page, "Dropped", "Not needed this year")

    kwame = UserFactory(username="kwame", first_name="Kwame", last_name="Owusu")
    plan["group"].managers.add(kwame)
    plan["group"].save()
    item = plan["item"]
    item.status = ImprovementItem.Status.IN_PROGRESS
    improvement_item_save(item=item, user=kwame)  # on the site, meanwhile

    page.context.set_offline(False)
    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text(f"“{ITEM}” was changed by Kwame Owusu")
    expect(conflict).to_contain_text("Your change: Plan · Dropped")
    expect(conflict).to_contain_text("Now on the server: Plan · In progress")
    assert ImprovementItem.objects.get().status == "in_progress"

    page.get_by_role("button", name="Keep my change").click()
    wait_for(lambda: ImprovementItem.objects.get().status == "dropped", page)
    expect(page.locator(".conflict")).to_have_count(0)
    assert ImprovementItem.objects.get().version == 3
    assert real_errors(page) == []
