"""Each country's platform registers the trainers and group managers who work there; only
they are offered for its groups and plans (issue 14: every country's were)."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import ModelLogEntry

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import CountryPerson, ProducerGroup
from reference import roles
from reference.models import Commodity, Country

pytestmark = pytest.mark.django_db

PEOPLE = reverse("organisation_levels_people")
REGISTER = reverse("organisation_levels_person_register")
ADD = reverse("organisation_levels_person_add")


def country(slug):
    return Country.objects.get(slug=slug)


def person_in(slug, username, role=roles.TRAINERS, **names):
    person = UserFactory(username=username, groups=[role], **names)
    CountryPerson.objects.create(country=country(slug), person=person)
    return person


def registration(who):
    return {
        "country": country("ghana").pk,
        "first_name": "Ama",
        "last_name": "Mensah",
        "username": "ama.mensah",
        "email": "",
        "role": roles.TRAINERS,
        **who,
    }


def test_a_platform_registers_a_trainer_who_signs_in_with_the_password_shown_once(
    client, ghana_platform_member
):
    client.force_login(ghana_platform_member)

    response = client.post(REGISTER, registration({}))

    assert response.status_code == 200
    password = response.context["password"]
    person = get_user_model().objects.get(username="ama.mensah")
    assert password in response.content.decode()
    assert person.groups.filter(name=roles.TRAINERS).exists()
    assert CountryPerson.objects.get(person=person).country.slug == "ghana"
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="ama.mensah", password=password) == person
    assert ModelLogEntry.objects.filter(object_id=str(person.pk), user=ghana_platform_member)


def test_a_taken_user_name_is_named_and_nothing_is_made(client, ghana_platform_member):
    UserFactory(username="Ama.Mensah")
    client.force_login(ghana_platform_member)

    response = client.post(REGISTER, registration({}))

    assert "is taken" in " ".join(response.context["form"].errors["username"])
    assert not CountryPerson.objects.exists()


def test_a_platform_cannot_register_people_for_another_country(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    response = client.post(REGISTER, registration({"country": country("vietnam").pk}))

    assert "country" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="ama.mensah").exists()


def test_someone_registered_in_another_country_is_added_by_user_name_or_e_mail(
    client, ghana_platform_member
):
    lan = person_in("vietnam", "lan", first_name="Lan", email="lan@example.org")
    client.force_login(ghana_platform_member)

    response = client.post(
        ADD, {"country": country("ghana").pk, "who": "LAN@example.org", "role": roles.TRAINERS}
    )

    assert response.status_code == 302
    assert set(lan.work_countries.values_list("country__slug", flat=True)) == {"ghana", "vietnam"}


def test_an_unknown_account_is_named(client, ghana_platform_member):
    client.force_login(ghana_platform_member)

    response = client.post(
        ADD, {"country": country("ghana").pk, "who": "nobody", "role": roles.TRAINERS}
    )

    assert "“nobody”" in " ".join(response.context["form"].errors["who"])


def test_the_list_shows_only_the_platforms_own_country(client, ghana_platform_member):
    person_in("ghana", "kofi", first_name="Kofi")
    person_in("vietnam", "lan", first_name="Lan")
    client.force_login(ghana_platform_member)

    html = client.get(PEOPLE).content.decode()

    assert "Kofi" in html and "Lan" not in html


def test_taking_someone_off_a_country_takes_them_off_its_groups(client, ghana_platform_member):
    kofi = person_in("ghana", "kofi")
    CountryPerson.objects.create(country=country("vietnam"), person=kofi)
    group = ProducerGroupFactory(name="Kumasi cocoa farmers", trainers=[kofi])
    registration_id = CountryPerson.objects.get(person=kofi, country__slug="ghana").pk
    client.force_login(ghana_platform_member)

    page = client.get(reverse("organisation_levels_person_remove", args=[registration_id]))
    response = client.post(reverse("organisation_levels_person_remove", args=[registration_id]))

    assert group.name in page.content.decode()
    assert response.status_code == 302
    assert not ProducerGroup.objects.get(pk=group.pk).trainers.exists()
    assert list(kofi.work_countries.values_list("country__slug", flat=True)) == ["vietnam"]


def test_another_countrys_registration_is_not_found(client, ghana_platform_member):
    lan = person_in("vietnam", "lan")
    registration_id = CountryPerson.objects.get(person=lan).pk
    client.force_login(ghana_platform_member)

    address = reverse("organisation_levels_person_remove", args=[registration_id])

    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
    assert CountryPerson.objects.filter(pk=registration_id).exists()


@pytest.mark.parametrize("who", ["committee_member", "trainer", "ghana_viewer"])
def test_only_platforms_keep_people(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(PEOPLE).status_code in (302, 403)
    assert client.post(REGISTER, registration({})).status_code in (302, 403)
    assert not get_user_model().objects.filter(username="ama.mensah").exists()


# --- The group form offers the country's people only ------------------------------------


def group_form(name="Kumasi cocoa farmers", **extra):
    return {
        "name": name,
        "country": country("ghana").pk,
        "region": "Ashanti",
        "commodities": [Commodity.objects.get(slug="cocoa").pk],
        "members_women": 10,
        "members_men": 15,
        "certifications-TOTAL_FORMS": 0,
        "certifications-INITIAL_FORMS": 0,
        "certifications-MIN_NUM_FORMS": 0,
        "certifications-MAX_NUM_FORMS": 1000,
        **extra,
    }


def group_url(action, *args):
    return reverse(ProducerGroup.snippet_viewset.get_url_name(action), args=args)


def test_the_group_form_offers_only_the_countrys_trainers_and_managers(
    client, ghana_platform_member
):
    kofi = person_in("ghana", "kofi")
    abena = person_in("ghana", "abena", role=roles.PRODUCER_GROUP_MANAGERS)
    person_in("vietnam", "lan")
    person_in("vietnam", "minh", role=roles.PRODUCER_GROUP_MANAGERS)
    client.force_login(ghana_platform_member)

    form = client.get(group_url("add")).context["form"]

    assert list(form.fields["trainers"].queryset) == [kofi]
    assert list(form.fields["managers"].queryset) == [abena]


def test_a_forged_trainer_of_another_country_is_refused(client, ghana_platform_member):
    lan = person_in("vietnam", "lan")
    client.force_login(ghana_platform_member)

    response = client.post(group_url("add"), group_form(trainers=[lan.pk]))

    assert "trainers" in response.context["form"].errors
    assert not ProducerGroup.objects.filter(name="Kumasi cocoa farmers").exists()


def test_a_superuser_still_names_only_people_of_the_groups_country(client, superuser):
    lan = person_in("vietnam", "lan", first_name="Lan")
    client.force_login(superuser)

    response = client.post(group_url("add"), group_form(trainers=[lan.pk]))

    assert "Lan do not work in Ghana" in " ".join(response.context["form"].errors["trainers"])


def test_someone_named_before_stays_named_when_the_group_is_saved(client, ghana_platform_member):
    lan = UserFactory(username="lan", groups=[roles.TRAINERS])  # named before registrations
    group = ProducerGroupFactory(name="Kumasi cocoa farmers", trainers=[lan])
    client.force_login(ghana_platform_member)

    response = client.post(group_url("edit", group.pk), group_form(trainers=[lan.pk]))

    assert response.status_code == 302
    assert list(ProducerGroup.objects.get(pk=group.pk).trainers.all()) == [lan]


def test_a_person_changes_the_temporary_password(client):
    person = UserFactory(username="kofi", password="temporary-2026")
    client.force_login(person)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": "temporary-2026",
            "new_password1": "cocoa-season-2027",
            "new_password2": "cocoa-season-2027",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("cocoa-season-2027")
