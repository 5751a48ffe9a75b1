"""Each role sees and changes only the producer groups it should (issue 5, point 6)."""

import pytest
from django.urls import reverse

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import ProducerGroup
from reference import roles
from reference.models import Commodity, Country

pytestmark = pytest.mark.django_db


def url(action, *args):
    return reverse(ProducerGroup.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def groups():
    vietnam = Country.objects.get(slug="vietnam")
    return {
        "ashanti": ProducerGroupFactory(name="Ashanti cocoa farmers"),
        "daklak": ProducerGroupFactory(
            name="Dak Lak coffee group", country=vietnam, region="Dak Lak"
        ),
    }


def group_form(country, name="Kumasi cocoa farmers", **extra):
    return {
        "name": name,
        "country": country.pk,
        "region": "Ashanti",
        "commodities": [Commodity.objects.get(slug="cocoa").pk],
        "members_women": 10,
        "members_men": 15,
        "year_formed": 2012,
        "certifications-TOTAL_FORMS": 0,
        "certifications-INITIAL_FORMS": 0,
        "certifications-MIN_NUM_FORMS": 0,
        "certifications-MAX_NUM_FORMS": 1000,
        **extra,
    }


def test_a_platform_lists_only_its_own_countrys_groups(client, ghana_platform_member, groups):
    client.force_login(ghana_platform_member)

    response = client.get(url("list"))

    assert [group.name for group in response.context["object_list"]] == ["Ashanti cocoa farmers"]


def test_a_platform_cannot_open_or_change_another_countrys_group(
    client, ghana_platform_member, groups
):
    client.force_login(ghana_platform_member)
    daklak = groups["daklak"]

    assert client.get(url("edit", daklak.pk)).status_code == 404
    assert client.get(url("history", daklak.pk)).status_code == 404
    assert (
        client.post(
            url("edit", daklak.pk), group_form(daklak.country, name="Taken over")
        ).status_code
        == 404
    )
    assert client.post(url("delete", daklak.pk)).status_code == 404

    daklak.refresh_from_db()
    assert daklak.name == "Dak Lak coffee group"


def test_a_platform_registers_a_group_in_its_country(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    response = client.post(url("add"), group_form(Country.objects.get(slug="ghana")))

    assert response.status_code == 302
    assert ProducerGroup.objects.get(name="Kumasi cocoa farmers").country.slug == "ghana"


def test_a_forged_request_for_another_country_is_refused_by_name(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    response = client.post(url("add"), group_form(Country.objects.get(slug="vietnam")))

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["form"].errors["country"])
    assert not ProducerGroup.objects.exists()


def test_the_same_name_twice_in_a_country_is_refused(client, ghana_platform_member, groups):
    client.force_login(ghana_platform_member)

    response = client.post(
        url("add"), group_form(Country.objects.get(slug="ghana"), name="Ashanti cocoa farmers")
    )

    assert response.status_code == 200
    assert ProducerGroup.objects.filter(name="Ashanti cocoa farmers").count() == 1


def test_the_committee_reads_every_group_but_changes_none(client, committee_member, groups):
    client.force_login(committee_member)

    listing = client.get(url("list"))
    response = client.post(
        url("edit", groups["ashanti"].pk), group_form(groups["ashanti"].country, name="Renamed")
    )

    assert {group.name for group in listing.context["object_list"]} == {
        "Ashanti cocoa farmers",
        "Dak Lak coffee group",
    }
    assert response.status_code == 404
    groups["ashanti"].refresh_from_db()
    assert groups["ashanti"].name == "Ashanti cocoa farmers"


@pytest.mark.parametrize("who", ["trainer", "monitoring_viewer", "learner"])
def test_other_roles_reach_no_group_in_the_admin(client, who, request, groups):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("list")).status_code == 302


def test_a_manager_changes_only_the_groups_they_manage(groups):
    manager = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    groups["ashanti"].managers.add(manager)
    groups["ashanti"].save()  # modelcluster stores the link on save

    assert list(ProducerGroup.objects.changeable_by(manager)) == [groups["ashanti"]]
    assert list(ProducerGroup.objects.visible_to(manager)) == [groups["ashanti"]]
    assert not ProducerGroup.objects.removable_by(manager).exists()


def test_an_inactive_platform_member_sees_nothing(ghana_platform_member, groups):
    ghana_platform_member.is_active = False
    ghana_platform_member.save()

    assert not ProducerGroup.objects.visible_to(ghana_platform_member).exists()


def test_a_forged_bulk_delete_of_another_countrys_group_removes_nothing(
    client, ghana_platform_member, groups
):
    client.force_login(ghana_platform_member)
    bulk_delete = reverse(
        "wagtail_bulk_action", args=["organisation_levels", "producergroup", "delete"]
    )

    client.post(f"{bulk_delete}?id={groups['daklak'].pk}")
    client.post(f"{bulk_delete}?id={groups['ashanti'].pk}")  # its own: allowed

    assert ProducerGroup.objects.filter(pk=groups["daklak"].pk).exists()
    assert not ProducerGroup.objects.filter(pk=groups["ashanti"].pk).exists()


def test_a_platform_opens_and_changes_its_own_group(client, ghana_platform_member, groups):
    ashanti = groups["ashanti"]
    client.force_login(ghana_platform_member)

    page = client.get(url("edit", ashanti.pk))
    response = client.post(
        url("edit", ashanti.pk), group_form(ashanti.country, name="Ashanti cocoa cooperative")
    )

    assert page.status_code == 200
    assert response.status_code == 302
    ashanti.refresh_from_db()
    assert ashanti.name == "Ashanti cocoa cooperative"


def test_the_group_chooser_lists_only_the_users_groups(client, ghana_platform_member, groups):
    client.force_login(ghana_platform_member)

    response = client.get(
        reverse("wagtailsnippetchoosers_organisation_levels_producergroup:choose")
    )

    html = response.content.decode()
    assert "Ashanti cocoa farmers" in html and "Dak Lak coffee group" not in html


def test_the_bulk_delete_confirmation_never_names_another_countrys_group(
    client, ghana_platform_member, committee_member, groups
):
    bulk_delete = reverse(
        "wagtail_bulk_action", args=["organisation_levels", "producergroup", "delete"]
    )
    ids = f"?id={groups['daklak'].pk}&id={groups['ashanti'].pk}"

    client.force_login(ghana_platform_member)
    platform_page = client.get(bulk_delete + ids).content.decode()
    client.force_login(committee_member)
    committee_page = client.get(bulk_delete + ids).content.decode()

    assert "Dak Lak coffee group" not in platform_page
    assert "Ashanti cocoa farmers" in platform_page
    # The committee sees both groups (read-only), so it is told which it may not delete.
    assert "Dak Lak coffee group" in committee_page
