"""A group manager turns the recommendation into a training plan on a phone."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from organisation_levels.models import CountryPerson
from reference import roles
from reference.models import Commodity, NeedArea
from tests.browser.helpers import fits_the_screen, group_with_manager, signed_in
from training_plans.factories import NeedRatingFactory, NeedsAssessmentFactory
from training_plans.models import TrainingPlanItem

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def test_a_manager_plans_and_schedules_the_recommended_modules(phone, backpack):
    group, manager = group_with_manager()
    group.commodities.add(Commodity.objects.get(slug="cocoa"))
    group.save()
    TrainingModulePageFactory(parent=backpack, code="PO-01", title="Forming a group")
    yields = NeedArea.objects.get(slug="yields-food-security")
    TrainingModulePageFactory(
        parent=backpack, code="GAP-01", title="Good practices", need_areas=[yields]
    )
    # Ghana's national needs assessment rates yields and food security 5 of 5.
    NeedRatingFactory(assessment=NeedsAssessmentFactory(), need_area=yields, priority=5)
    kofi = UserFactory(username="kofi", first_name="Kofi", groups=[roles.TRAINERS])
    # The picker offers only the people registered in the group's country (issue 14).
    CountryPerson.objects.create(country=group.country, person=kofi)

    page = phone
    signed_in(page, manager)
    page.goto(f"/groups/{group.pk}/")
    page.get_by_role("link", name="Training plans and the full recommendation").click()
    expect(page.locator(".recommendation > li").first).to_contain_text("GAP-01")
    expect(page.locator(".recommendation > li").first).to_contain_text("rated 5 of 5")
    page.get_by_role("link", name="New plan from the recommendation").click()
    page.get_by_label("Title").fill("2027 training plan")
    page.get_by_label("Starts on").fill("2027-01-01")
    page.get_by_label("Ends on").fill("2027-12-31")
    page.get_by_label("Currency").fill("GHS")
    page.get_by_role("button", name="Create the plan").click()

    expect(page.get_by_text("Plan created with 2 recommended modules.")).to_be_visible()
    page.get_by_role("link", name="Schedule GAP-01").click()
    page.get_by_label("Planned from").fill("2027-02-01")
    page.get_by_label("Planned until").fill("2027-03-31")
    page.get_by_label("Trainer").select_option(label="Kofi")
    page.get_by_label("Budget").fill("450")
    page.get_by_label("Status").select_option(label="Scheduled")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("GAP-01 saved.")).to_be_visible()
    expect(page.locator(".timeline tbody tr").first.locator(".timeline__on")).to_have_count(2)
    assert fits_the_screen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    # The download is saved without an extension, which openpyxl insists on: read the bytes.
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=5, max_row=6, values_only=True)] == [
        "GAP-01",
        "PO-01",
    ]
    assert TrainingPlanItem.objects.get(module_code="GAP-01").trainer.username == "kofi"
    assert page.console_errors == []
