"""Consent that means something (issue 18, point 6; decision 0023)."""

import datetime
import io
import json
import zipfile

import pytest
from django.core import management
from django.urls import reverse

from content.factories import UserFactory
from monitoring.indicators import Scope, farmers_reached
from training_delivery.consent import consent_give, consent_withdraw, farmer_erase
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import (
    Attendance,
    ConsentText,
    Farmer,
    FarmerConsent,
    SessionModule,
)

SECRET = "Abena Secretname"
YEAR = Scope(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


@pytest.fixture
def shy(group):
    """A farmer who did not consent, and who attended a session."""
    return FarmerFactory(
        group=group, member_code="M-9", name=SECRET, gender="female", birth_year=1990
    )


@pytest.fixture
def willing(group):
    farmer = FarmerFactory(group=group, member_code="M-8", name="Kofi Willing", gender="male")
    consent_give(farmer=farmer, text=None, given_on=datetime.date(2026, 3, 1), by=None)
    return farmer


@pytest.fixture
def platform(client, group):
    user = UserFactory(username="gh-platform", groups=[group.country.national_platform_group])
    client.force_login(user)
    return user


@pytest.fixture
def attended(shy, willing, module, group):
    session = TrainingSessionFactory(
        group=group,
        women_count=None,
        men_count=None,
        notes=f"{SECRET} asked about pruning; abena secretname again.",
    )
    SessionModule.objects.create(session=session, module=module, feedback=f"{SECRET} led it")
    Attendance.objects.create(session=session, farmer=shy, pre_score=40, post_score=90)
    Attendance.objects.create(session=session, farmer=willing, pre_score=50, post_score=60)
    return session


def test_a_farmer_without_consent_reaches_the_phone_by_gender_and_age_band_only(api, shy, willing):
    response = api.get(reverse("api_sync_download"))

    body = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in body
    rows = {row["member_code"]: row for row in response.json()["farmers"]}
    assert rows["M-9"]["name"] == ""
    assert rows["M-9"]["consent"] is False
    assert rows["M-9"]["gender"] == "female"
    assert rows["M-9"]["age_band"] in {"25-34", "35-44"}
    assert rows["M-9"]["birth_year"] is None
    assert rows["M-8"]["name"] == "Kofi Willing"
    assert rows["M-8"]["consent"] is True


def test_a_withdrawal_reaches_every_phone_at_its_next_sync(api, willing):
    first = api.get(reverse("api_sync_download")).json()
    assert "Kofi Willing" in json.dumps(first)

    consent_withdraw(farmer=willing, by=None)
    later = api.get(reverse("api_sync_download"), {"cursor": first["cursor"]}).json()

    row = next(row for row in later["farmers"] if row["member_code"] == "M-8")
    assert row["name"] == "" and row["consent"] is False
    assert "Kofi Willing" not in json.dumps(later)
    consent = FarmerConsent.objects.get(farmer=willing)
    assert consent.withdrawn_at is not None


def test_a_consent_records_the_text_its_version_the_day_and_who(client, platform, group):
    text = ConsentText.objects.create(
        country=group.country, language="en", version="2026-1", text="I agree that…"
    )
    FarmerConsent.objects.all().delete()
    farmer = FarmerFactory(group=group, member_code="M-7", name="Yaw")
    edit = reverse(Farmer.snippet_viewset.get_url_name("edit"), args=[farmer.pk])
    form = {
        "member_code": "M-7",
        "name": "Yaw",
        "gender": "male",
        "birth_year": "1980",
        "consent_given": "on",
        "consent_date": "2026-03-02",
    }

    refused = client.post(edit, form)
    assert refused.status_code == 200
    assert "Choose the consent text the farmer agreed to." in refused.content.decode()
    assert not FarmerConsent.objects.exists()

    client.post(edit, {**form, "consent_text": text.pk})
    consent = FarmerConsent.objects.get(farmer=farmer)
    assert (consent.text, consent.given_on, consent.recorded_by) == (
        text,
        datetime.date(2026, 3, 2),
        platform,
    )

    client.post(edit, {key: value for key, value in form.items() if "consent" not in key})
    consent.refresh_from_db()
    assert consent.withdrawn_by == platform and consent.withdrawn_at is not None


def test_a_roster_import_records_consents_against_the_countrys_text(group, platform):
    from curriculum_site.spreadsheets import ImportRow
    from training_delivery.roster_import import roster_import

    text = ConsentText.objects.create(
        country=group.country, language="en", version="v2", text="I agree."
    )
    row = {
        "member_code": "N-1",
        "name": "Efua",
        "gender": "woman",
        "consent": "yes",
        "consent_date": "2026-02-01",
    }
    report = roster_import(group=group, rows=[ImportRow(2, row)], user=platform)

    assert not report.problems, report.problems
    consent = FarmerConsent.objects.get(farmer__member_code="N-1")
    assert consent.text == text and consent.recorded_by == platform


def test_the_admin_export_leaves_out_the_name_of_a_farmer_without_consent(
    client, platform, shy, willing
):
    listing = reverse(Farmer.snippet_viewset.get_url_name("list"))

    csv = b"".join(client.get(listing, {"export": "csv"}).streaming_content).decode()
    xlsx = client.get(listing, {"export": "xlsx"})
    xlsx = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content

    assert "Kofi Willing" in csv and "M-9" in csv
    assert SECRET not in csv
    assert SECRET.encode() not in _unzipped(xlsx)


def test_no_page_outside_the_admin_names_a_farmer_without_consent(
    client, platform, shy, attended, group
):
    for address in (
        reverse("trainer:app"),
        reverse("producer_groups:detail", args=[group.pk]),
        reverse("monitoring:dashboard"),
        reverse("api_sync_download"),
    ):
        response = client.get(address)
        assert SECRET not in response.content.decode(), address


def test_a_platform_exports_everything_stored_about_a_farmer(client, platform, willing, attended):
    response = client.get(reverse("training_delivery_farmer_export", args=[willing.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("farmer.json"))
    assert data["farmer"]["name"] == "Kofi Willing"
    assert data["consents"][0]["given_on"] == "2026-03-01"
    assert data["attendance"][0]["pre_score"] == 50
    assert data["attendance"][0]["modules"] == ["Running meetings"]


def test_only_the_farmers_platform_exports_or_erases(client, willing, group):
    other = UserFactory(username="trainer-x")
    group.trainers.add(other)
    group.save()
    client.force_login(other)

    export = client.get(reverse("training_delivery_farmer_export", args=[willing.pk]))
    assert export.status_code in (302, 403, 404)
    client.post(reverse("training_delivery_farmer_erase", args=[willing.pk]))
    willing.refresh_from_db()
    assert willing.name == "Kofi Willing"


def test_an_erased_farmer_leaves_no_personal_data_and_the_figures_stay(
    client, platform, shy, willing, attended
):
    before = farmers_reached(scope=YEAR)
    erase = reverse("training_delivery_farmer_erase", args=[willing.pk])

    assert "cannot be undone" in client.get(erase).content.decode()
    client.post(erase)

    assert farmers_reached(scope=YEAR) == before
    assert Attendance.objects.filter(session=attended).count() == 2
    willing.refresh_from_db()
    assert willing.erased_at and willing.name == "" and not willing.consent_given
    assert not FarmerConsent.objects.filter(farmer=willing).exists()
    dump = io.StringIO()
    management.call_command("dumpdata", stdout=dump)
    assert "Kofi Willing" not in dump.getvalue()
    assert '"M-8"' not in dump.getvalue()


def test_erasure_takes_the_name_out_of_session_notes_and_feedback(shy, attended):
    farmer_erase(farmer=shy, by=None)

    attended.refresh_from_db()
    assert SECRET.lower() not in attended.notes.lower()
    assert "asked about pruning" in attended.notes
    feedback = SessionModule.objects.get(session=attended).feedback
    assert SECRET not in feedback


def _unzipped(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())
