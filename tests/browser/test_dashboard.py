"""The dashboard on a phone: filters, charts drawn over their tables, a background export
followed to its download, and a yearly report asked for and fetched (issue 8)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from tests.browser.helpers import PASSWORD, fits_the_screen, signed_in
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Attendance

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture
def field_year(home):
    """Today in Ghana: two sessions of Ashanti, a woman and a man on the roster each
    (today, so that they fall in the dashboard's default period, this year so far).
    Returns Ghana's platform member, kwame."""
    ashanti = ProducerGroupFactory(name="Ashanti")
    today = timezone.localdate()
    for day in (1, 2):
        session = TrainingSessionFactory(
            group=ashanti, date=today, women_count=None, men_count=None
        )
        for gender in ("female", "male"):
            Attendance.objects.create(
                session=session,
                farmer=FarmerFactory(group=ashanti, gender=gender, member_code=f"{gender}-{day}"),
            )
    TrainingSessionFactory(group=ProducerGroupFactory(country=Country.objects.get(slug="vietnam")))
    return UserFactory(
        username="kwame",
        password=PASSWORD,
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )


def test_a_platform_reads_its_dashboard_and_exports_every_session(phone, field_year):
    signed_in(phone, field_year)  # kwame
    phone.goto("/")
    phone.get_by_role("link", name="Dashboard").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Dashboard: Ghana")
    assert fits_the_screen(phone)
    sessions = phone.locator("#headline-table tr", has_text="Training sessions").locator("td")
    expect(sessions).to_have_text("2")  # Ghana's own; not Vietnam's
    chart = phone.locator("canvas[data-source='farmers-by-gender-chart']")
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("data-drawn", "true")
    gender_table = phone.locator("#farmers-by-gender-table")
    expect(gender_table.locator("tr", has_text="Woman").locator("td").first).to_have_text("2")

    phone.get_by_role("button", name="CSV", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sessions export")
    download_link = phone.get_by_role("link", name="Download the file")
    expect(download_link).to_be_visible()
    expect(phone.locator("[data-export-status]")).to_have_text("Ready")
    with phone.expect_download() as download:
        download_link.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("session_id,date,country,group")
    assert len(lines) == 3 and all(",Ghana,Ashanti," in line for line in lines[1:])
    assert phone.console_errors == []


def test_the_committee_asks_for_a_yearly_report_and_downloads_it(phone, field_year):
    ama = UserFactory(username="ama", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    signed_in(phone, ama)
    phone.goto("/dashboard/")
    phone.get_by_role("link", name="Yearly state-of-play reports").click()

    phone.get_by_label("Year").select_option(str(datetime.date.today().year))
    phone.get_by_label("For").select_option(label="Ghana")
    phone.get_by_role("button", name="Make the report").click()

    expect(phone.get_by_role("status")).to_contain_text("is being made")
    row = phone.locator("#reports-table tbody tr").first
    expect(row).to_contain_text("Ghana")
    expect(row).to_contain_text("Ready")
    assert fits_the_screen(phone)
    with phone.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
