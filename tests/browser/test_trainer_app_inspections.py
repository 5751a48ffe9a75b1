# ruff: noqa: F811 (server_hits is the fixture of test_trainer_app, used as a parameter)
"""Internal inspections in the field app on a phone (issue 21, point 3; decision 0027):
the group's internal inspector inspects two members offline, one failing a control point
with a photo and the member's acknowledgement; online, each arrives exactly once, a
non-conformity opens and the member is conditional on the group's approved list. An
inspection the server refuses says why in the app, and nothing of it is stored."""

import datetime

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from internal_control.models import Finding, Inspection, InspectionPhoto, NonConformity
from internal_control.seed import illustrative_catalogues_ensure
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import GroupCertification
from reference.models import Standard
from tests.browser.helpers import (
    PASSWORD,
    fits_the_screen,
    group_with_manager,
    sign_in_on_site,
    wait_for,
)
from tests.browser.test_trainer_app import real_errors, server_hits  # noqa: F401 (a fixture)
from tests.dates import today
from training_delivery.factories import FarmerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture
def certified(backpack):
    """A Ghanaian group certified Fairtrade and Rainforest Alliance (the illustrative
    catalogues), its manager (the internal inspector), one member who consented and one
    who did not."""
    illustrative_catalogues_ensure()
    group, manager = group_with_manager()
    for slug in ("fairtrade", "rainforest-alliance"):
        GroupCertification.objects.create(
            group=group, standard=Standard.objects.get(slug=slug), certifier="Certifier"
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
    kojo = FarmerFactory(
        group=group,
        member_code="AC-002",
        name="Kojo Mensah",
        gender="male",
        birth_year=today().year - 30,
        consent_given=False,
    )
    return {"group": group, "manager": manager, "ama": ama, "kojo": kojo}


def sign_in(page):
    page.goto("/trainer/")
    page.get_by_label("User name").fill("abena")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    expect(page.get_by_role("link", name="Inspect a member")).to_be_visible()
    wait_for(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), page)


def point(page, code):
    return page.locator(f"fieldset.control-point[data-code='{code}']")


def inspect(page, member, results, *, acknowledged_by=None, photo=None):
    page.get_by_role("link", name="Inspect a member").click()
    expect(page.get_by_role("heading", name="Inspect a member")).to_be_visible()
    page.get_by_label("Member inspected").select_option(label=member)
    for code, (result, note) in results.items():
        point(page, code).get_by_label(result, exact=True).check()
        if note:
            point(page, code).get_by_label(f"What was seen · {code}").fill(note)
    if photo:
        page.locator("#i-photo").set_input_files(str(photo))
        expect(page.locator("#i-photos img")).to_have_count(1)
    page.get_by_label("The member heard the findings and acknowledges them").check()
    if acknowledged_by:
        page.get_by_label("Name of who acknowledged").fill(acknowledged_by)
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#home-notice")).to_contain_text("Inspection saved on this phone")


def items(page):
    return page.locator("#inspection-list > li")


def test_two_members_inspected_offline_arrive_once_and_open_a_non_conformity(
    phone, certified, server_hits, tmp_path
):
    page = phone
    sign_in(page)
    page.context.set_offline(True)
    server_hits.clear()

    picture = tmp_path / "store.jpg"
    Image.new("RGB", (2400, 1800), (120, 90, 30)).save(picture)
    page.get_by_role("link", name="Inspect a member").click()
    # The screen is drawn after the phone's groups are read (route() awaits them): its
    # heading shows once the member list is filled, so the options are read after it.
    expect(page.get_by_role("heading", name="Inspect a member")).to_be_visible()
    # Kojo did not consent: the phone shows him by code, gender and age band only.
    options = page.locator("#i-member option").all_text_contents()
    assert "AC-002 · Man, 25 to 34" in options, options
    assert not any("Kojo" in option for option in options)
    # Nothing answered: each control point says what is missing, nothing is kept.
    page.get_by_label("Member inspected").select_option(label="AC-001 · Ama Owusu")
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#ie-point-ICS-03")).to_have_text("Choose met, not met or not applicable.")
    assert fits_the_screen(page)
    page.get_by_role("link", name="Cancel").click()

    inspect(
        page,
        "AC-001 · Ama Owusu",
        {
            "ICS-03": ("Not met", "Pesticides kept in the kitchen"),
            "ICS-04": ("Met", ""),
            "ICS-05": ("Not applicable", "No workers hired"),
        },
        acknowledged_by="Ama Owusu",
        photo=picture,
    )
    inspect(
        page,
        "AC-002 · Man, 25 to 34",
        {"ICS-03": ("Met", ""), "ICS-04": ("Met", ""), "ICS-05": ("Met", "")},
    )
    expect(items(page)).to_have_count(2)
    expect(items(page).locator(".status")).to_have_text(
        ["Saved on this phone", "Saved on this phone"]
    )
    expect(page.locator("#inspection-list")).to_contain_text("Photos waiting to be sent: 1")
    # Offline, the app opens again with both kept.
    assert page.reload().from_service_worker
    expect(items(page)).to_have_count(2)
    assert not Inspection.objects.exists() and server_hits == []

    page.context.set_offline(False)  # the `online` event starts a sync
    expect(page.locator("#inspection-list")).to_contain_text("Non-conformities opened: 1 (ICS-03)")
    expect(page.locator("#inspection-list")).to_contain_text("No non-conformity opened.")
    expect(page.locator("#inspection-list")).not_to_contain_text("Photos waiting")
    assert server_hits.count("/api/v1/inspections/") == 1

    first = Inspection.objects.get(farmer=certified["ama"])
    assert (first.inspector, first.acknowledged, first.acknowledged_by) == (
        certified["manager"],
        True,
        "Ama Owusu",
    )
    assert {(f.control_point.code, f.result, f.note) for f in first.findings.all()} == {
        ("ICS-03", "not_met", "Pesticides kept in the kitchen"),
        ("ICS-04", "met", ""),
        ("ICS-05", "not_applicable", "No workers hired"),
    }
    assert InspectionPhoto.objects.get().inspection == first
    # Kojo's acknowledgement carries his code, never a name he did not agree to share.
    second = Inspection.objects.get(farmer=certified["kojo"])
    assert (second.acknowledged, second.acknowledged_by) == (True, "AC-002")
    nc = NonConformity.objects.get()
    assert (nc.farmer, nc.sanction) == (certified["ama"], "conditional")

    # A later sync sends nothing twice.
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    assert (Inspection.objects.count(), Finding.objects.count()) == (2, 6)
    assert (NonConformity.objects.count(), InspectionPhoto.objects.count()) == (1, 1)
    assert real_errors(page) == []

    # On the group's internal-control page, Ama is conditional, Kojo approved.
    desk = page.context.browser.new_page(base_url=page.url.split("/trainer/")[0])
    sign_in_on_site(desk, "abena")
    desk.goto(reverse("internal_control:group", args=[certified["group"].pk]))
    ama_row = desk.locator("tr", has=desk.locator("th", has_text="AC-001"))
    expect(ama_row).to_contain_text("Conditional")
    expect(desk.locator("tr", has=desk.locator("th", has_text="AC-002"))).to_contain_text(
        "Approved"
    )
    expect(desk.locator("main")).to_contain_text("Pesticides kept in the kitchen")
    desk.close()


def test_inspections_the_server_refuses_say_why_and_store_nothing(phone, certified):
    page = phone
    sign_in(page)
    page.context.set_offline(True)
    inspect(
        page,
        "AC-001 · Ama Owusu",
        {"ICS-03": ("Met", ""), "ICS-04": ("Met", ""), "ICS-05": ("Met", "")},
        acknowledged_by="Ama Owusu",
    )
    inspect(
        page,
        "AC-002 · Man, 25 to 34",
        {"ICS-03": ("Met", ""), "ICS-04": ("Met", ""), "ICS-05": ("Met", "")},
    )
    # Meanwhile, on the server: the Rainforest Alliance certification ends (ICS-04 no
    # longer applies) and Kojo moves to another group.
    group = certified["group"]
    GroupCertification.objects.filter(group=group, standard__slug="rainforest-alliance").delete()
    kojo = certified["kojo"]
    kojo.group = ProducerGroupFactory(name="Kumasi growers")
    kojo.save()

    page.context.set_offline(False)
    lists = page.locator("#inspection-list")
    expect(lists).to_contain_text(
        "Refused: Finding 2: ICS-04 is not a control point of this group's inspections."
    )
    expect(lists).to_contain_text("Refused: AC-002 is not on this group's roster.")
    assert not Inspection.objects.exists() and not NonConformity.objects.exists()

    # The next sync brings the control points that apply now: ICS-04 is no longer asked.
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete from this phone").first.click()
    expect(items(page)).to_have_count(1)
    page.get_by_role("link", name="Inspect a member").click()
    page.get_by_label("Member inspected").select_option(label="AC-001 · Ama Owusu")
    expect(page.locator("fieldset.control-point")).to_have_count(2)
    expect(point(page, "ICS-04")).to_have_count(0)
    assert real_errors(page, "the server responded with a status of 400") == []


def test_nothing_to_inspect_for_a_trainer_who_keeps_no_group(phone, certified):
    """A trainer who is not the group's keeper gets no inspection part."""
    from content.factories import UserFactory
    from reference import roles

    trainer = UserFactory(username="amina", password=PASSWORD, groups=[roles.TRAINERS])
    certified["group"].trainers.add(trainer)
    certified["group"].save()
    page = phone
    page.goto("/trainer/")
    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    expect(page.locator("#inspection-part")).to_be_hidden()
    page.goto("/trainer/#inspect")
    expect(page.get_by_role("link", name="Record a session")).to_be_visible()
