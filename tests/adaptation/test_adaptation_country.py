"""An adaptation's country (decision 0017): recorded when adapting, carried by translations
and revisions, followed when the page moves, filled for adaptations made before."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from adaptation.models import AdaptedModulePage, NationalCurriculumPage
from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def ghana():
    return Country.objects.get(slug="ghana")


@pytest.fixture
def adaptation(backpack, ghana, ghana_platform_member):
    generic = TrainingModulePageFactory(parent=backpack, code="PO-01")
    generic.save_revision().publish()
    return module_adapt(source=generic, country=ghana, user=ghana_platform_member)


def test_adapting_records_the_country_and_every_revision_keeps_it(adaptation, ghana):
    assert AdaptedModulePage.objects.get(pk=adaptation.pk).country == ghana
    # A revision saved before the country was recorded holds none: the page's stands.
    revision = adaptation.latest_revision
    revision.content.pop("country", None)
    revision.save(update_fields=["content"])

    assert adaptation.get_latest_revision_as_object().country_id == ghana.pk


def test_a_translation_of_an_adaptation_has_its_country(adaptation, ghana):
    adaptation.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(adaptation)
    Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="fr")
    ).save_target(publish=False)

    french = adaptation.get_translation(Locale.objects.get(language_code="fr"))
    assert french.specific.country == ghana


def test_an_adaptation_moved_to_another_curriculum_takes_its_country(adaptation):
    vietnam = NationalCurriculumPage.objects.get(country__slug="vietnam", locale=adaptation.locale)

    adaptation.move(vietnam, pos="last-child")

    assert AdaptedModulePage.objects.get(pk=adaptation.pk).country.slug == "vietnam"


def test_the_migration_fills_the_country_from_the_curriculum_above(adaptation, ghana):
    migration = importlib.import_module("adaptation.migrations.0002_adaptation_country")
    AdaptedModulePage.objects.filter(pk=adaptation.pk).update(
        country=Country.objects.get(slug="vietnam")
    )

    migration.countries_from_curricula(apps, SimpleNamespace(connection=connection))

    assert AdaptedModulePage.objects.get(pk=adaptation.pk).country == ghana
