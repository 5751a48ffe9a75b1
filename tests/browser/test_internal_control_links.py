"""Issue 21, points 5 and 6 in the browser: the committee links a control point to a
module; a failing inspection makes that module recommended with the finding as the
reason and an improvement-plan item; the readiness per standard shows on the group's
internal-control page; Ghana's platform records a national call with its attendance and
the dashboard counts it."""

import datetime
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content.factories import UserFactory
from internal_control.inspections import FindingIn, InspectionIn, inspection_record
from internal_control.models import ControlPoint
from internal_control.seed import illustrative_catalogues_ensure
from meetings.models import Event
from modules.factories import TrainingModulePageFactory
from organisation_levels.models import GroupCertification
from reference import roles
from reference.models import Country, OrganisationLevel, Standard
from tests.browser.helpers import PASSWORD, fits_the_screen, group_with_manager, signed_in
from training_delivery.factories import FarmerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def test_a_failing_finding_reaches_training_the_plan_and_readiness(phone, backpack):
    illustrative_catalogues_ensure()
    adequate = OrganisationLevel.objects.originals().get(slug="adequate")
    module = TrainingModulePageFactory(
        parent=backpack, code="SAFE-01", title="Storing pesticides safely", levels=[adequate]
    )
    module.save_revision().publish()
    group, manager = group_with_manager()
    for slug in ("fairtrade", "rainforest-alliance"):
        GroupCertification.objects.create(
            group=group, standard=Standard.objects.get(slug=slug), certifier="X"
        )
    FarmerFactory(group=group, member_code="AC-001")
    amara = UserFactory(username="amara", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])

    # The committee links ICS-03 to the module in the admin.
    page = phone
    signed_in(page, amara)
    point = ControlPoint.objects.get(code="ICS-03")
    page.goto(f"/admin/snippets/internal_control/controlpoint/edit/{point.pk}/")
    page.locator("#id_modules").select_option(label="SAFE-01 Storing pesticides safely")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/controlpoint/")
    assert list(point.modules.values_list("code", flat=True)) == ["SAFE-01"]

    # A failing inspection, sent as the phone sends it (through the service).
    result = inspection_record(
        user=manager,
        data=InspectionIn(
            id=uuid.uuid4(),
            group_id=group.pk,
            member_code="AC-001",
            inspected_on=timezone.localdate(),
            findings=[FindingIn("ICS-03", "not_met"), FindingIn("ICS-05", "met")],
        ),
    )
    assert result.status == "accepted"

    page.context.clear_cookies()
    signed_in(page, manager)
    page.goto(f"/groups/{group.pk}/")
    recommended = page.locator(".recommendation > li").filter(has_text="SAFE-01")
    expect(recommended).to_contain_text("not met at the internal inspection of")
    expect(recommended).to_contain_text("ICS-03 Safe pesticide storage (1 member)")

    page.goto(f"/groups/{group.pk}/plan/")
    item = page.locator(".item__description").filter(has_text="ICS-03 Safe pesticide storage:")
    expect(item).to_be_visible()

    page.goto(f"/groups/{group.pk}/internal-control/")
    fairtrade = page.locator("section.readiness").filter(has_text="Fairtrade")
    expect(fairtrade).to_contain_text("1 of 3 applicable control points met")
    expect(fairtrade).to_contain_text("ICS-03 Safe pesticide storage: not met for 1 member")
    expect(page.locator("table.sanction-rules")).to_contain_text("The default rule")
    assert fits_the_screen(page)
    assert page.console_errors == []


def test_a_platform_records_a_national_call_and_the_dashboard_counts_it(phone):
    group_with_manager()
    national_call_recorded(phone)


def national_call_recorded(page):
    """Ghana's platform (kwame) records a national call of "Asante cocoa farmers" with its
    attendance by gender, and sees it on its page and counted on the dashboard. Also used
    by the walk through issue 21 (test_internal_control_walk)."""
    ghana = Country.objects.get(slug="ghana")
    kwame = UserFactory(username="kwame", password=PASSWORD, groups=[ghana.national_platform_group])
    page.context.clear_cookies()
    signed_in(page, kwame)
    page.goto("/admin/snippets/meetings/event/add/")
    page.locator("#id_kind").select_option(label="National call")
    held = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    page.locator("#id_held_on").fill(held)
    page.locator("#id_title").fill("Cocoa fermentation call")
    page.locator("#id_countries").select_option(label="Ghana")
    page.locator("#id_groups").select_option(label="Asante cocoa farmers")
    page.locator("#id_languages").fill("Twi, English")
    page.locator("#id_minutes").fill("Members agreed to ferment six days.")
    page.locator("#id_attendance-ADD").click()
    page.locator("#id_attendance-0-country").select_option(label="Ghana")
    page.locator("#id_attendance-0-group").select_option(label="Asante cocoa farmers")
    page.locator("#id_attendance-0-women").fill("6")
    page.locator("#id_attendance-0-men").fill("4")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/meetings/event/")

    event = Event.objects.get()
    assert event.recorded_for == ghana
    assert [(r.women, r.men) for r in event.attendance.all()] == [(6, 4)]

    page.goto(f"/events/{event.pk}/")
    expect(page.get_by_role("heading", name="Cocoa fermentation call")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Asante cocoa farmers")

    page.goto("/dashboard/")
    headline = page.locator("tr").filter(has_text="Calls and meetings held")
    expect(headline).to_contain_text("1")
    events_table = page.locator("table").filter(has_text="Women taking part")
    expect(events_table).to_contain_text("6")
    assert page.console_errors == []
