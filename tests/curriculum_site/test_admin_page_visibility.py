"""Another country's unpublished pages stay out of a platform's admin (issue 14): not in the
page chooser, not in the explorer, even once the platform holds permissions in two
language trees (which makes the whole tree its explorable root)."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from adaptation.models import NationalCurriculumPage
from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from reference.models import Country

pytestmark = pytest.mark.django_db


def curriculum(slug):
    return NationalCurriculumPage.objects.get(country__slug=slug, locale=Locale.get_default())


def translate(page, code, user=None):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    target = Locale.objects.get(language_code=code)
    job = Translation.objects.create(source=source, target_locale=target)
    job.save_target(user=user, publish=False)
    return page.get_translation(target)


@pytest.fixture
def module(backpack):
    page = TrainingModulePageFactory(parent=backpack, code="QM-01", title="Internal control")
    page.save_revision().publish()
    return TrainingModulePage.objects.get(pk=page.pk)


@pytest.fixture
def vietnam_draft(module, superuser):
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="vietnam"), user=superuser
    )
    adaptation.title = "Kiểm soát nội bộ, bản nháp bí mật"
    adaptation.save_revision()
    adaptation.title = "Live title"
    return adaptation


@pytest.fixture
def ghana_in_two_trees(client, module, ghana_platform_member, superuser):
    """Ghana's platform with an adaptation of its own, translated into French."""
    ghana = module_adapt(source=module, country=Country.objects.get(slug="ghana"), user=superuser)
    translate(curriculum("ghana"), "fr", superuser)
    translate(ghana, "fr", superuser)
    client.force_login(ghana_platform_member)
    return ghana


def test_the_page_chooser_does_not_show_another_countrys_drafts(
    client, ghana_in_two_trees, vietnam_draft
):
    vietnam = curriculum("vietnam")

    listing = client.get(reverse("wagtailadmin_choose_page_child", args=[vietnam.pk]))
    draft = client.get(reverse("wagtailadmin_choose_page_child", args=[vietnam_draft.pk]))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Kiểm"})

    assert "bí mật" not in listing.content.decode()
    assert draft.status_code == 404
    assert "bí mật" not in search.content.decode()


def test_the_page_chooser_still_offers_live_pages_and_the_platforms_own(
    client, ghana_in_two_trees, module
):
    backpack = client.get(reverse("wagtailadmin_choose_page_child", args=[module.get_parent().pk]))
    own = client.get(reverse("wagtailadmin_choose_page_child", args=[curriculum("ghana").pk]))

    assert "Internal control" in backpack.content.decode()
    assert own.status_code == 200
    assert str(ghana_in_two_trees.pk) in own.content.decode()


def test_the_explorer_does_not_open_another_countrys_draft(
    client, ghana_in_two_trees, vietnam_draft
):
    response = client.get(reverse("wagtailadmin_explore", args=[vietnam_draft.pk]))
    listing = client.get(reverse("wagtailadmin_explore", args=[curriculum("vietnam").pk]))

    assert response.status_code == 404
    assert "bí mật" not in listing.content.decode()


def test_the_explorer_still_opens_the_platforms_own_pages(client, ghana_in_two_trees):
    response = client.get(reverse("wagtailadmin_explore", args=[curriculum("ghana").pk]))

    assert response.status_code == 200
    assert str(ghana_in_two_trees.pk) in response.content.decode()


# --- Found by the permission matrix (tests/curriculum_site/test_permission_matrix.py) ----


def test_the_move_confirmation_is_only_for_a_move_the_platform_may_make(
    client, ghana_in_two_trees, vietnam_draft
):
    into_vietnam = client.get(
        reverse("wagtailadmin_pages:move_confirm", args=[vietnam_draft.pk, curriculum("ghana").pk])
    )
    own_into_vietnam = client.get(
        reverse(
            "wagtailadmin_pages:move_confirm",
            args=[ghana_in_two_trees.pk, curriculum("vietnam").pk],
        )
    )

    assert into_vietnam.status_code == 404
    assert own_into_vietnam.status_code == 404
    assert "bí mật" not in into_vietnam.content.decode()


def test_the_page_types_report_names_only_pages_the_platform_may_choose(
    client, ghana_in_two_trees, vietnam_draft
):
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))

    assert response.status_code == 200
    assert "bí mật" not in response.content.decode()


def test_the_translations_report_lists_only_pages_the_platform_may_choose(
    client, ghana_in_two_trees, vietnam_draft, superuser
):
    translate(curriculum("vietnam"), "fr", superuser)
    translate(vietnam_draft, "fr", superuser)

    response = client.get(reverse("wagtail_localize:translations_report"))

    assert response.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[vietnam_draft.pk]) not in response.text
    assert reverse("wagtailadmin_pages:edit", args=[ghana_in_two_trees.pk]) in response.text


def test_the_move_confirmation_still_opens_for_a_move_the_platform_may_make(
    client, ghana_in_two_trees
):
    response = client.get(
        reverse(
            "wagtailadmin_pages:move_confirm", args=[ghana_in_two_trees.pk, curriculum("ghana").pk]
        )
    )

    assert response.status_code == 200
