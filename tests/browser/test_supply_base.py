"""The supply base in Debian's Chromium (issue 20, point 2): a plot walked with the phone's
GPS offline reaches the server once, and a group's page draws its plots."""

import datetime

import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from supply_base.models import Plot
from tests.browser.helpers import (
    PASSWORD,
    fits_the_screen,
    group_with_manager,
    signed_in,
    wait_for,
)
from training_delivery.factories import FarmerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

# The corners of a plot of about a hectare near Kumasi, Ghana.
LON, LAT, SIDE = -1.62, 6.69, 0.0009
CORNERS = [(LON, LAT), (LON + SIDE, LAT), (LON + SIDE, LAT + SIDE), (LON, LAT + SIDE)]
NETWORK_DOWN = ("ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_RESET")


@pytest.fixture
def field(backpack):
    trainer = UserFactory(username="amina", password=PASSWORD, groups=[roles.TRAINERS])
    group = ProducerGroupFactory(name="Ashanti cocoa farmers", region="Ashanti")
    FarmerFactory(
        group=group,
        member_code="M-1",
        name="Akosua Boateng",
        consent_given=True,
        consent_date=datetime.date(2026, 1, 5),
    )
    group.trainers.add(trainer)
    group.save()
    return {"trainer": trainer, "group": group}


def test_a_plot_walked_offline_reaches_the_server_once(phone, field):
    page = phone
    page.context.grant_permissions(["geolocation"])
    page.goto("/trainer/")
    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    wait_for(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), page)

    page.context.set_offline(True)
    page.get_by_role("link", name="Walk a plot").click()
    expect(page.get_by_role("heading", name="Walk a plot")).to_be_visible()
    page.get_by_label("Farmer", exact=True).select_option(label="M-1 · Akosua Boateng")
    page.get_by_label("Plot name (optional)", exact=True).fill("Hill plot")
    page.get_by_label("Crop (optional)", exact=True).select_option("cocoa")
    page.get_by_label("Tenure", exact=True).select_option("undocumented")
    # Too few corners: refused on the phone, with the reason.
    page.get_by_role("button", name="Save the plot").click()
    expect(page.locator("#walk-error")).to_have_text("Record at least three corners.")
    for number, (lon, lat) in enumerate(CORNERS, start=1):
        page.context.set_geolocation({"longitude": lon, "latitude": lat, "accuracy": 4})
        page.get_by_role("button", name="Record this corner").click()
        expect(page.locator("#walk-corners")).to_have_text(f"Corners recorded: {number}")
    expect(page.locator("#walk-area")).to_contain_text("about 0.9")
    assert fits_the_screen(page)
    page.get_by_role("button", name="Save the plot").click()
    expect(page.locator("#home-notice")).to_contain_text("The plot is saved on this phone")

    # Kept on the phone through a reload offline.
    page.reload()
    page.get_by_role("link", name="Walk a plot").click()
    expect(page.locator("#walk-list .status")).to_have_text("Saved on this phone")
    assert not Plot.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for(lambda: Plot.objects.count() == 1, page, timeout=30000)
    plot = Plot.objects.get()
    assert plot.name == "Hill plot" and plot.source == "walked" and plot.tenure == "undocumented"
    assert 0.97 < float(plot.area_ha) < 1.0
    assert plot.recorded_by == field["trainer"]
    # Sent again (a second sync), it is not stored twice.
    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    page.get_by_role("link", name="Walk a plot").click()
    expect(page.locator("#walk-list .status")).to_contain_text("On the server")
    assert Plot.objects.count() == 1
    errors = [e for e in page.console_errors if not any(n in e for n in NETWORK_DOWN)]
    assert not errors, errors


def test_the_group_page_draws_its_plots(phone):
    group, manager = group_with_manager()
    farmer = FarmerFactory(group=group, member_code="M-9", name="Yaw Asare")
    ring = [[lon, lat] for lon, lat in CORNERS] + [[LON, LAT]]
    Plot.objects.create(
        farmer=farmer,
        name="Riverside",
        geometry={"type": "Polygon", "coordinates": [ring]},
        area_ha="0.98",
        longitude=LON,
        latitude=LAT,
    )
    Plot.objects.create(
        farmer=farmer,
        name="Well",
        tenure="documented",
        geometry={"type": "Point", "coordinates": [LON + 0.003, LAT + 0.002]},
        area_ha="0.5",
        longitude=LON + 0.003,
        latitude=LAT + 0.002,
    )
    page = phone
    signed_in(page, manager)
    page.goto(f"/groups/{group.pk}/")
    expect(page.get_by_role("heading", name="Farms and plots")).to_be_visible()
    expect(page.get_by_text("2 plots mapped.")).to_be_visible()
    drawn = page.locator("svg.plots-map__svg")
    expect(drawn.locator("path.plot--undocumented")).to_have_count(1)
    expect(drawn.locator("circle.plot--point")).to_have_count(1)
    box = drawn.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert fits_the_screen(page)
    assert not page.console_errors
