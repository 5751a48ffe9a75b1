# ruff: noqa: F811 (server_hits is the fixture of test_trainer_app, used as a parameter)
"""Issue 21's "done when", walked through in one browser: the committee imports two
standards' requirements from spreadsheets (a bad file first: refused by row and field,
nothing stored) and maps them onto one set of control points (one control point covers
both standards, the crosswalk shows it), and links a control point to a module; the
group's internal inspector inspects two members offline in the field app; back online
each arrives once, a non-conformity opens, the member is suspended on the approved list
(the group's own rule), the module is recommended with the finding as its reason, and
the readiness per standard shows the share met; Ghana's platform records a national
call with its attendance by gender and the dashboard counts it.

A forged sync (an inspection of a member who is not on the inspector's group's roster,
or of a group the user does not inspect) is refused by field with nothing stored: see
test_inspections_the_server_refuses_say_why_and_store_nothing (browser) and
tests/internal_control/test_inspections.py (the API), not repeated here.

What the issue does not ask to do in the browser (users, the group, its members, the
empty draft catalogues, the module) is set up as plain rows."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from content.factories import UserFactory
from internal_control.models import (
    ControlPoint,
    Inspection,
    NonConformity,
    Requirement,
    RequirementCatalogue,
    Sanction,
    SanctionRule,
    Severity,
)
from internal_control.seed import CONTROL_POINTS
from internal_control.services import catalogue_create
from modules.factories import TrainingModulePageFactory
from organisation_levels.models import GroupCertification
from reference import roles
from reference.models import OrganisationLevel, Standard
from tests.browser.helpers import PASSWORD, fits_the_screen, group_with_manager, signed_in
from tests.browser.test_internal_control_links import national_call_recorded
from tests.browser.test_trainer_app import real_errors, server_hits  # noqa: F401 (a fixture)
from tests.browser.test_trainer_app_inspections import inspect, items, sign_in
from tests.dates import today
from training_delivery.factories import FarmerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


BAD_FAIRTRADE = (
    "Code,Requirement,Applies to,From level,Control points\n"
    "1.1,Members store pesticides safely.,Each member,,ICS-03\n"
    "1.1,A second row with the same code,Each member,,\n"
    "1.2,,the village,,ICS-99\n"
)
FAIRTRADE = (
    "Code,Requirement,Applies to,From level,Control points\n"
    "1.1,Members store pesticides safely.,Each member,,ICS-03\n"
    "1.2,Children under 15 are not employed.,Each member,,ICS-05\n"
    "1.3,The organisation keeps a list of its members.,The group,,ICS-01\n"
)
RAINFOREST = (
    "Code,Requirement,Applies to,From level,Control points\n"
    "4.1,Pesticides are stored locked and away from food.,Each member,,ICS-03\n"
    "4.2,Pesticide applications are recorded.,Each member,,ICS-04\n"
    "5.1,Workers have access to drinking water.,Each member,,\n"
)


@pytest.fixture
def walk(backpack):
    """One set of control points and two standards with empty draft catalogues; a group
    certified for both whose own rule suspends a member for a major finding; its manager
    (the internal inspector) and two members; the committee; a module for the adequate
    level."""
    for code, title, applies_to, what in CONTROL_POINTS:
        ControlPoint.objects.create(
            code=code, title=title, applies_to=applies_to, what_to_check=what
        )
    committee = UserFactory(username="amara", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    group, manager = group_with_manager()
    for slug in ("fairtrade", "rainforest-alliance"):
        standard = Standard.objects.get(slug=slug)
        catalogue_create(standard=standard, user=committee)
        GroupCertification.objects.create(group=group, standard=standard, certifier="Certifier")
    # By default a major finding makes the member conditional (DEFAULT_SANCTIONS); this
    # group's own rule suspends.
    SanctionRule.objects.create(
        group=group, severity=Severity.MAJOR, sanction=Sanction.SUSPENSION, days_to_correct=30
    )
    ama = FarmerFactory(
        group=group,
        member_code="AC-001",
        name="Ama Owusu",
        gender="female",
        birth_year=today().year - 40,
        consent_given=True,
        consent_date=datetime.date(2026, 1, 5),
    )
    FarmerFactory(
        group=group,
        member_code="AC-002",
        name="Kofi Boateng",
        gender="male",
        birth_year=today().year - 30,
        consent_given=True,
        consent_date=datetime.date(2026, 1, 5),
    )
    adequate = OrganisationLevel.objects.originals().get(slug="adequate")
    module = TrainingModulePageFactory(
        parent=backpack, code="SAFE-01", title="Storing pesticides safely", levels=[adequate]
    )
    module.save_revision().publish()
    return {"group": group, "ama": ama, "committee": committee, "manager": manager}


def upload_requirements(page, tmp_path, standard, text):
    path = tmp_path / f"{standard.split(',')[0].replace(' ', '-').lower()}.csv"
    path.write_text(text)
    page.goto("/admin/internal-control/requirements/import/")
    page.get_by_label("Catalogue").select_option(label=standard)
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()


def problem(page, row, column):
    return (
        page.locator("table.listing tbody tr")
        .filter(has=page.locator(f"td:nth-child(1):text-is('{row}')"))
        .filter(has=page.locator(f"td:nth-child(2):text-is('{column}')"))
    )


def test_issue_21_walked_through_in_the_browser(phone, walk, server_hits, tmp_path):
    page = phone
    group = walk["group"]

    # 1. The committee imports Fairtrade's requirements: a bad file first.
    signed_in(page, walk["committee"])
    upload_requirements(page, tmp_path, "Fairtrade, version 1", BAD_FAIRTRADE)
    expect(page.get_by_role("heading", name="Nothing was imported")).to_contain_text("4 problems")
    expect(problem(page, 3, "Code")).to_contain_text("The code 1.1 is also on row 2.")
    expect(problem(page, 4, "Requirement")).to_contain_text("The requirement is empty.")
    expect(problem(page, 4, "Applies to")).to_contain_text("is not one we know")
    expect(problem(page, 4, "Control points")).to_contain_text("There is no control point ICS-99")
    assert not Requirement.objects.exists()

    # 2. The right files, one per standard, map the requirements onto control points.
    upload_requirements(page, tmp_path, "Fairtrade, version 1", FAIRTRADE)
    page.wait_for_url("**/internal-control/crosswalk/")
    upload_requirements(page, tmp_path, "Rainforest Alliance, version 1", RAINFOREST)
    page.wait_for_url("**/internal-control/crosswalk/")
    # Both drafts are activated from the crosswalk, so inspections use them.
    for _ in range(2):
        page.get_by_role("button", name="Activate").first.click()
        expect(page.locator(".messages")).to_contain_text("is now active")
    assert RequirementCatalogue.objects.filter(status="active").count() == 2
    # ICS-03 covers a requirement of each standard; Rainforest's 5.1 is not covered.
    fairtrade = page.locator("section.crosswalk").filter(has_text="Fairtrade, version 1")
    rainforest = page.locator("section.crosswalk").filter(has_text="Rainforest Alliance")
    expect(fairtrade.locator("tr").filter(has_text="1.1")).to_contain_text("ICS-03")
    expect(rainforest.locator("tr").filter(has_text="4.1")).to_contain_text("ICS-03")
    expect(rainforest.locator("tr").filter(has_text="5.1")).to_contain_text("Not covered")
    expect(rainforest).to_contain_text("3 requirements, 67% covered by control points")

    # 3. The committee links ICS-03 to the module that teaches it.
    point = ControlPoint.objects.get(code="ICS-03")
    page.goto(f"/admin/snippets/internal_control/controlpoint/edit/{point.pk}/")
    page.locator("#id_modules").select_option(label="SAFE-01 Storing pesticides safely")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/controlpoint/")

    # 4. The group's inspector inspects two members offline on a phone.
    page.context.clear_cookies()
    sign_in(page)
    page.context.set_offline(True)
    server_hits.clear()
    inspect(
        page,
        "AC-001 · Ama Owusu",
        {
            "ICS-03": ("Not met", "Pesticides kept in the kitchen"),
            "ICS-04": ("Met", ""),
            "ICS-05": ("Met", ""),
        },
        acknowledged_by="Ama Owusu",
    )
    inspect(
        page,
        "AC-002 · Kofi Boateng",
        {"ICS-03": ("Met", ""), "ICS-04": ("Met", ""), "ICS-05": ("Met", "")},
        acknowledged_by="Kofi Boateng",
    )
    expect(items(page)).to_have_count(2)
    assert not Inspection.objects.exists() and server_hits == []

    # Back online, everything arrives once; a later sync sends nothing again.
    page.context.set_offline(False)
    expect(page.locator("#inspection-list")).to_contain_text("Non-conformities opened: 1 (ICS-03)")
    assert server_hits.count("/api/v1/inspections/") == 1
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    assert Inspection.objects.count() == 2
    nc = NonConformity.objects.get()
    assert (nc.farmer, nc.status, nc.sanction) == (walk["ama"], "open", "suspension")
    assert real_errors(page) == []

    # 5. On the site: the non-conformity is open and Ama suspended, Kofi approved; the
    # readiness per standard shows the share of control points met.
    page.context.clear_cookies()
    signed_in(page, walk["manager"])
    page.goto(reverse("internal_control:group", args=[group.pk]))
    members = page.locator("tr", has=page.locator("th", has_text="AC-001"))
    expect(members).to_contain_text("Suspended")
    expect(page.locator("tr", has=page.locator("th", has_text="AC-002"))).to_contain_text(
        "Approved"
    )
    expect(page.locator("main")).to_contain_text("Pesticides kept in the kitchen")
    readiness = page.locator("section.readiness")
    expect(readiness.filter(has_text="Fairtrade")).to_contain_text(
        "1 of 3 applicable control points met"
    )
    expect(readiness.filter(has_text="Rainforest Alliance")).to_contain_text(
        "1 of 2 applicable control points met"
    )
    expect(readiness.filter(has_text="Fairtrade")).to_contain_text(
        "ICS-03 Safe pesticide storage: not met for 1 member"
    )
    assert fits_the_screen(page)

    # The module is recommended on the group's page, the finding as its reason.
    page.goto(f"/groups/{group.pk}/")
    recommended = page.locator(".recommendation > li").filter(has_text="SAFE-01")
    expect(recommended).to_contain_text("not met at the internal inspection of")
    expect(recommended).to_contain_text("ICS-03 Safe pesticide storage (1 member)")
    # Calls and meetings are one click away for the manager.
    expect(page.get_by_role("link", name="Calls and meetings")).to_have_attribute(
        "href", "/events/"
    )

    # 6. Ghana's platform records a national call; the dashboard counts it. (The network
    # failures of the offline part were checked above by real_errors.)
    page.console_errors.clear()
    national_call_recorded(page)
