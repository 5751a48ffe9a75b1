"""Issue 20, points 5 and 6 in the browser: a trainer records a grievance offline in the
trainer app and it reaches the platform once; the platform records a consultation and a
grievance in the admin; a group manager makes an action plan with a non-training action,
reviews it and carries it into the next cycle."""

import pytest
from playwright.sync_api import expect

from consultation.models import ConsultationEvent, Grievance
from content.factories import UserFactory
from reference.models import Country, NeedArea
from tests.browser.helpers import PASSWORD, fits_the_screen, group_with_manager, signed_in
from tests.browser.test_trainer_app import field, real_errors, server_hits, sign_in_and_download
from training_plans.factories import RiskAssessmentFactory, RiskRatingFactory, TrainingPlanFactory
from training_plans.models import ActionReview, PlanAction, TrainingPlan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]
__all__ = ["field", "server_hits"]  # the trainer app's fixtures, shared


def test_a_grievance_recorded_offline_reaches_the_platform_once(phone, field, server_hits):
    page = phone
    sign_in_and_download(page)
    page.context.set_offline(True)
    server_hits.clear()

    page.get_by_role("link", name="Record a grievance").click()
    expect(page.get_by_role("heading", name="Record a grievance")).to_be_visible()
    # The session form's fields are in the page too, hidden: this screen's own.
    screen = page.locator("#screen-grievance")
    screen.get_by_label("Producer group").select_option(label=field["group"].name)
    screen.get_by_label("What it is about").select_option("land")
    screen.get_by_label("The person asked not to be named").check()
    screen.get_by_label("The grievance").fill("A neighbour moved the boundary stones.")
    screen.get_by_role("button", name="Save the grievance").click()
    expect(page.locator("#grievance-list .status")).to_have_text("Waiting to be sent")
    assert fits_the_screen(page)
    assert not Grievance.objects.exists()

    page.context.set_offline(False)  # the `online` event starts a sync
    expect(page.locator("#grievance-list .status")).to_have_text("Received by the platform")
    assert server_hits.count("/api/v1/grievances/") == 1
    grievance = Grievance.objects.get()
    assert (grievance.group, grievance.category, grievance.anonymous, grievance.complainant) == (
        field["group"],
        "land",
        True,
        "",
    )
    assert grievance.recorded_by == field["trainer"]
    assert real_errors(page) == []


def test_the_platform_records_a_consultation_and_a_grievance(phone, backpack):
    group, _manager = group_with_manager()
    efua = UserFactory(
        username="efua",
        password=PASSWORD,
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    signed_in(page, efua)

    # Wagtail's panels carry the fields' labels too: the fields are found by their ids.
    page.goto("/admin/snippets/consultation/consultationevent/add/")
    page.locator("#id_country").select_option(label="Ghana")
    page.locator("#id_group").select_option(label=group.name)
    page.locator("#id_place").fill("Community hall")
    page.locator("#id_purpose").fill("Validate the risk assessment")
    page.locator("#id_women").fill("12")
    page.locator("#id_men").fill("9")
    page.locator("#id_conclusions-ADD").click()
    page.locator("#id_conclusions-0-text").fill("Map every plot near the reserve")
    page.locator("#id_conclusions-0-validated").check()
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/consultation/consultationevent/")
    event = ConsultationEvent.objects.get()
    assert (event.women, event.men, event.conclusions.get().validated) == (12, 9, True)

    page.goto("/admin/snippets/consultation/grievance/add/")
    page.locator("#id_country").select_option(label="Ghana")
    page.locator("#id_channel").select_option(label="Phone call")
    page.locator("#id_category").select_option(label="Labour rights")
    page.locator("#id_description").fill("Wages owed for the harvest.")
    page.locator("#id_status").select_option(label="Closed")
    page.get_by_role("button", name="Save").first.click()
    # Closed without a response: refused, naming the field, nothing stored.
    expect(
        page.get_by_text("Write the response before marking it answered or closed.")
    ).to_be_visible()
    assert not Grievance.objects.exists()
    page.locator("#id_status").select_option(label="Received")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/consultation/grievance/")
    assert Grievance.objects.get().status == "received"


def test_a_manager_makes_and_reviews_an_action_plan(phone, backpack):
    group, manager = group_with_manager()
    deforestation = NeedArea.objects.get(slug="deforestation")
    RiskRatingFactory(
        assessment=RiskAssessmentFactory(group=group),
        core_risk=deforestation,
        likelihood=4,
        severity=4,
    )
    plan = TrainingPlanFactory(group=group, title="2026 plan", currency="GHS")
    plan.starts_on, plan.ends_on = (
        plan.starts_on.replace(year=2026),
        plan.ends_on.replace(year=2026),
    )
    plan.save()

    page = phone
    signed_in(page, manager)
    page.goto(f"/groups/{group.pk}/training-plans/{plan.pk}/")
    page.get_by_role("link", name="Add an action").click()
    # Labels end with the form's colon: "Action" is found by its id.
    page.locator("#id_title").fill("Map the boundaries of every plot")
    page.get_by_label("Risk rating").select_option(index=1)
    page.get_by_label("Owner").fill("ICS officer")
    page.get_by_label("Starts on").fill("2026-02-01")
    page.get_by_label("Ends on").fill("2026-01-01")
    page.get_by_label("Indicator").fill("Share of plots mapped")
    page.get_by_label("Budget").fill("1200")
    page.get_by_role("button", name="Save").click()
    # Ends before it starts: refused on the field, nothing stored.
    expect(page.get_by_text("The action cannot end before it starts.")).to_be_visible()
    assert not PlanAction.objects.exists()
    page.get_by_label("Ends on").fill("2026-06-30")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".plan-action")).to_contain_text("Map the boundaries of every plot")
    assert fits_the_screen(page)

    page.get_by_role("link", name="Review the actions").click()
    page.get_by_label("Cycle (year)").fill("2026")
    page.get_by_label("Reviewed on").fill("2026-11-30")
    page.get_by_label("Effectiveness: Map the boundaries of every plot").select_option("partly")
    page.get_by_label("Evidence: Map the boundaries of every plot").fill("120 of 190 plots mapped")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".plan-review")).to_contain_text("120 of 190 plots mapped")
    assert ActionReview.objects.get().effectiveness == "partly"

    page.get_by_role("link", name="Start the next cycle's plan").click()
    page.get_by_label("Title").fill("2027 plan")
    page.get_by_label("Starts on").fill("2027-01-01")
    page.get_by_label("Ends on").fill("2027-12-31")
    page.get_by_role("button", name="Create the next plan").click()
    expect(page.locator(".plan-action")).to_contain_text("Carried over from 2026 plan.")
    following = TrainingPlan.objects.get(title="2027 plan")
    assert following.actions.get().carried_from.plan == plan
