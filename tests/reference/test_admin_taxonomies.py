"""The committee manages the vocabularies in the admin; others cannot."""

import pytest
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage
from wagtail.test.utils.form_data import rich_text

from modules.factories import TrainingModulePageFactory
from modules.models import BackpackPage
from reference import roles
from reference.models import Country, NeedArea, Theme

pytestmark = pytest.mark.django_db


def url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def test_the_committee_lists_themes_with_their_module_counts(client, committee_member, backpack):
    TrainingModulePageFactory(parent=backpack, themes=[Theme.objects.get(slug="environment")])
    client.force_login(committee_member)

    response = client.get(url(Theme, "list"))

    assert response.status_code == 200
    rows = {row.name: row.module_count for row in response.context["object_list"]}
    assert rows["Environment"] == 1
    assert rows["Social and labour"] == 0


def test_themes_can_be_searched(client, committee_member):
    client.force_login(committee_member)

    response = client.get(url(Theme, "list"), {"q": "harvest"})

    assert [theme.name for theme in response.context["object_list"]] == ["Post-harvest quality"]


def test_need_areas_can_be_filtered_by_kind(client, committee_member):
    client.force_login(committee_member)

    response = client.get(url(NeedArea, "list"), {"kind": "core_risk"})

    assert {area.slug for area in response.context["object_list"]} == {
        "land-rights",
        "deforestation",
        "labour-rights",
    }


def test_the_committee_adds_a_theme(client, committee_member):
    client.force_login(committee_member)

    response = client.post(
        url(Theme, "add"), {"name": "Climate adaptation", "slug": "climate", "description": ""}
    )

    assert response.status_code == 302
    assert Theme.objects.filter(slug="climate").exists()


def test_a_duplicate_theme_slug_is_refused_by_name(client, committee_member):
    client.force_login(committee_member)

    response = client.post(url(Theme, "add"), {"name": "Another", "slug": "environment"})

    assert response.status_code == 200
    assert "Theme with this Slug already exists." in response.content.decode()
    assert Theme.objects.filter(slug="environment").count() == 1


def test_a_national_platform_cannot_change_the_vocabularies(client, ghana_platform_member):
    client.force_login(ghana_platform_member)
    theme = Theme.objects.get(slug="environment")

    response = client.post(url(Theme, "edit", theme.pk), {"name": "Renamed", "slug": "environment"})

    assert response.status_code in (302, 403)
    theme.refresh_from_db()
    assert theme.name == "Environment"


def test_a_new_country_gets_its_national_platform_group(client, committee_member, role_group):
    client.force_login(committee_member)
    english = Country.objects.get(slug="ghana").languages.get()

    response = client.post(
        url(Country, "add"),
        {"name": "Peru", "slug": "peru", "iso_code": "pe", "languages": [english.pk]},
    )

    assert response.status_code == 302
    peru = Country.objects.get(slug="peru")
    assert peru.iso_code == "PE"
    assert peru.national_platform_group.name == "National platform: Peru"
    assert peru.national_platform_group.permissions.filter(codename="access_admin").exists()


def test_a_backpack_made_in_the_admin_is_given_to_the_committee(client, superuser, home):
    BackpackPage.objects.all().delete()
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["modules", "backpackpage", home.pk]),
        {
            "title": "Backpack",
            "slug": "backpack-2",
            "intro": rich_text("<p>All modules.</p>"),
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
            "comments-MIN_NUM_FORMS": 0,
            "comments-MAX_NUM_FORMS": 1000,
        },
    )

    assert response.status_code == 302
    backpack = BackpackPage.objects.get(slug="backpack-2")
    permissions = set(
        GroupPagePermission.objects.filter(
            page=backpack, group__name=roles.TECHNICAL_COMMITTEE
        ).values_list("permission__codename", flat=True)
    )
    assert permissions == {"add_page", "change_page", "lock_page", "unlock_page"}
    assert WorkflowPage.objects.get(page=backpack).workflow.name == roles.REVIEW_WORKFLOW_NAME


def test_the_committee_filters_all_modules_by_level_and_theme(client, committee_member, backpack):
    from reference.models import OrganisationLevel

    moderate = OrganisationLevel.objects.get(slug="moderate")
    environment = Theme.objects.get(slug="environment")
    TrainingModulePageFactory(
        parent=backpack, code="ENV-1", levels=[moderate], themes=[environment]
    )
    TrainingModulePageFactory(parent=backpack, code="ENV-2", themes=[environment])
    TrainingModulePageFactory(parent=backpack, code="PO-1", levels=[moderate])
    client.force_login(committee_member)

    response = client.get(
        reverse("training_modules:index"), {"levels": moderate.pk, "themes": environment.pk}
    )

    assert response.status_code == 200
    assert [page.specific.code for page in response.context["object_list"]] == ["ENV-1"]
    assert "ENV-1" in response.content.decode()  # the code column


def test_renaming_a_country_renames_its_platform_group(client, committee_member):
    ghana = Country.objects.get(slug="ghana")
    client.force_login(committee_member)

    response = client.post(
        url(Country, "edit", ghana.pk),
        {
            "name": "Republic of Ghana",
            "slug": "ghana",
            "iso_code": "GH",
            "languages": list(ghana.languages.values_list("pk", flat=True)),
        },
    )

    assert response.status_code == 302
    ghana.refresh_from_db()
    assert ghana.national_platform_group.name == "National platform: Republic of Ghana"


def test_deleting_a_country_removes_its_platform_group(client, committee_member):
    from django.contrib.auth.models import Group

    peru = Country.objects.create(name="Peru", slug="peru", iso_code="PE")
    from adaptation.services import national_platform_group_ensure

    group = national_platform_group_ensure(country=peru)
    client.force_login(committee_member)

    response = client.post(url(Country, "delete", peru.pk))

    assert response.status_code == 302
    assert not Country.objects.filter(slug="peru").exists()
    assert not Group.objects.filter(pk=group.pk).exists()
