"""Who may translate what (decision 0010): the committee its backpack, each national platform
its curriculum and the backpack into its own languages, nobody another country's pages."""

import importlib

import pytest
from django.urls import resolve, reverse
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from adaptation.models import NationalCurriculumPage
from adaptation.services import module_adapt, national_platform_group_ensure
from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from modules.translation_views import (
    GuardedSubmitPageTranslationView,
    GuardedUpdateTranslationsView,
)
from reference import roles
from reference.factories import CountryFactory
from reference.models import Country
from tests.historical_apps import apps

pytestmark = pytest.mark.django_db


def locale(code):
    return Locale.objects.get(language_code=code)


@pytest.fixture
def vietnam_platform_member(db):
    return UserFactory(
        username="vietnam", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )


@pytest.fixture
def module(backpack):
    page = TrainingModulePageFactory(parent=backpack, code="QM-01", title="Internal control")
    page.save_revision().publish()
    return TrainingModulePage.objects.get(pk=page.pk)


def curriculum(slug):
    return NationalCurriculumPage.objects.get(country__slug=slug, locale=Locale.get_default())


def submit_url(page):
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def refused(response):
    """The admin's answer to PermissionDenied: back to the dashboard, with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def offered_locales(client, page):
    response = client.get(submit_url(page))
    assert response.status_code == 200
    return {each.language_code for each in response.context["form"].fields["locales"].queryset}


def translate(page, code, user=None):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    job = Translation.objects.create(source=source, target_locale=locale(code))
    job.save_target(user=user, publish=False)
    return page.get_translation(locale(code))


# --- Who holds wagtail-localize's permission ------------------------------------------------


def test_the_committee_and_every_platform_may_submit_translations(
    committee_member, ghana_platform_member, trainer
):
    assert committee_member.has_perm("wagtail_localize.submit_translation")
    assert ghana_platform_member.has_perm("wagtail_localize.submit_translation")
    assert not trainer.has_perm("wagtail_localize.submit_translation")


def test_a_new_countrys_platform_may_submit_translations(db):
    peru = CountryFactory(name="Peru", slug="peru", iso_code="PE")
    member = UserFactory(groups=[national_platform_group_ensure(country=peru)])

    assert member.has_perm("wagtail_localize.submit_translation")


def test_wagtail_localizes_addresses_lead_to_the_guarded_views(module):
    source, _created = TranslationSource.get_or_create_from_instance(module)

    submit = resolve(reverse("wagtail_localize:submit_page_translation", args=[module.pk]))
    update = resolve(reverse("wagtail_localize:update_translations", args=[source.pk]))

    assert submit.func.view_class is GuardedSubmitPageTranslationView
    assert update.func.view_class is GuardedUpdateTranslationsView


# --- Crossing the lines ---------------------------------------------------------------------


def test_a_platform_cannot_translate_another_countrys_curriculum(
    client, ghana_platform_member, backpack
):
    vietnam = curriculum("vietnam")
    client.force_login(ghana_platform_member)

    assert refused(client.get(submit_url(vietnam)))
    response = client.post(submit_url(vietnam), {"locales": [locale("fr").pk]})

    assert refused(response)
    assert vietnam.get_translation_or_none(locale("fr")) is None


def test_a_platform_cannot_translate_another_countrys_adaptation(
    client, module, ghana_platform_member, vietnam_platform_member
):
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="vietnam"), user=vietnam_platform_member
    )
    client.force_login(ghana_platform_member)

    response = client.post(submit_url(adaptation), {"locales": [locale("fr").pk]})

    assert refused(response)
    assert adaptation.get_translation_or_none(locale("fr")) is None


def test_a_platform_cannot_translate_the_backpack_into_a_language_its_country_does_not_use(
    client, module, ghana_platform_member
):
    """Ghana's curriculum is in English, the backpack's own language: nothing to offer."""
    client.force_login(ghana_platform_member)

    assert refused(client.get(submit_url(module)))
    response = client.post(submit_url(module), {"locales": [locale("vi").pk]})

    assert refused(response)
    assert module.get_translation_or_none(locale("vi")) is None


def test_a_platform_translates_the_backpack_into_its_own_languages_only(
    client, module, vietnam_platform_member
):
    client.force_login(vietnam_platform_member)

    assert offered_locales(client, module) == {"vi"}
    forged = client.post(submit_url(module), {"locales": [locale("th").pk]})
    assert forged.status_code == 200  # the form again, with the choice refused
    assert "locales" in forged.context["form"].errors
    assert module.get_translation_or_none(locale("th")) is None

    response = client.post(submit_url(module), {"locales": [locale("vi").pk]})

    vietnamese = module.get_translation(locale("vi"))
    assert response.url == reverse("wagtailadmin_pages:edit", args=[vietnamese.pk])
    assert client.get(response.url).status_code == 200  # the translation editor
    assert vietnamese.permissions_for_user(vietnam_platform_member).can_publish()
    # The generic module itself stays the committee's.
    assert not module.permissions_for_user(vietnam_platform_member).can_edit()


def test_the_committee_translates_the_backpack_into_every_language(
    client, module, committee_member
):
    client.force_login(committee_member)

    assert offered_locales(client, module) == {"fr", "pt", "id", "th", "vi", "my"}
    response = client.post(submit_url(module), {"locales": [locale("fr").pk]})

    french = module.get_translation(locale("fr"))
    assert response.url == reverse("wagtailadmin_pages:edit", args=[french.pk])
    assert client.get(response.url).status_code == 200
    permissions = french.permissions_for_user(committee_member)
    assert permissions.can_edit() and permissions.can_publish()


def test_the_committee_cannot_translate_a_countrys_curriculum(client, committee_member, backpack):
    client.force_login(committee_member)

    assert refused(client.get(submit_url(curriculum("ghana"))))


def test_syncing_every_translation_needs_the_right_to_each_of_them(
    client, module, committee_member, vietnam_platform_member
):
    translate(module, "vi")
    translate(module, "th")
    source = TranslationSource.objects.get_for_instance(module)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])

    client.force_login(vietnam_platform_member)
    assert refused(client.get(url))  # the Thai translation is not Vietnam's
    client.force_login(committee_member)
    assert client.get(url).status_code == 200


# --- Page permissions on the translated trees -------------------------------------------------


def test_a_translated_curriculum_gets_its_platforms_page_permissions(
    module, ghana_platform_member, vietnam_platform_member
):
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )

    french_adaptation = translate(adaptation, "fr")
    french_curriculum = french_adaptation.get_parent()  # made by wagtail-localize, an alias

    assert french_curriculum.locale.language_code == "fr"
    assert french_adaptation.permissions_for_user(ghana_platform_member).can_publish()
    assert not french_adaptation.permissions_for_user(vietnam_platform_member).can_edit()
    assert not french_curriculum.permissions_for_user(ghana_platform_member).can_add_subpage()


def test_granting_again_changes_nothing(module, committee_member):
    from modules.services import backpack_permissions_apply

    french = translate(module, "fr")
    backpack = module.get_parent()
    before = GroupPagePermission.objects.count()

    backpack_permissions_apply(backpack=backpack.specific)
    backpack_permissions_apply(backpack=backpack.specific)

    assert GroupPagePermission.objects.count() == before
    assert french.permissions_for_user(committee_member).can_edit()


def test_a_country_that_drops_a_language_loses_that_backpack_translation(
    client, superuser, module, vietnam_platform_member
):
    vietnamese = translate(module, "vi")
    assert vietnamese.permissions_for_user(vietnam_platform_member).can_edit()
    vietnam = Country.objects.get(slug="vietnam")
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailsnippets_modules_country:edit", args=[vietnam.pk]),
        {
            "name": vietnam.name,
            "slug": vietnam.slug,
            "iso_code": vietnam.iso_code,
            "languages": [locale("en").pk],
        },
    )

    assert response.status_code == 302
    member = type(vietnam_platform_member).objects.get(pk=vietnam_platform_member.pk)  # no cache
    assert not Page.objects.get(pk=vietnamese.pk).permissions_for_user(member).can_edit()


def test_the_migration_gives_existing_databases_the_translators_permissions(
    module, committee_member, vietnam_platform_member, role_group
):
    migration = importlib.import_module("modules.migrations.0014_translation_permissions")
    french = translate(module, "fr")
    vietnamese = translate(module, "vi")
    translations = [french.get_parent(), vietnamese.get_parent()]  # the translated backpacks
    GroupPagePermission.objects.filter(page__in=translations).delete()
    committee = role_group(roles.TECHNICAL_COMMITTEE)
    committee.permissions.remove(
        *committee.permissions.filter(codename="submit_translation"),
    )

    migration.forwards(apps, None)

    committee_member = type(committee_member).objects.get(pk=committee_member.pk)  # no cache
    assert committee_member.has_perm("wagtail_localize.submit_translation")
    french, vietnamese = Page.objects.get(pk=french.pk), Page.objects.get(pk=vietnamese.pk)
    assert french.permissions_for_user(committee_member).can_publish()
    assert vietnamese.permissions_for_user(vietnam_platform_member).can_edit()
    assert not french.permissions_for_user(vietnam_platform_member).can_edit()
