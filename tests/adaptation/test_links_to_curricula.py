"""Country curricula, the trainer app and a module's adaptations are linked (issue 23,
point 4)."""

import pytest
from django.urls import reverse

from adaptation.models import AdaptedModulePage, NationalCurriculumIndexPage
from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from reference.models import Country

pytestmark = pytest.mark.django_db


def test_every_page_links_the_country_curricula(client, backpack):
    index = NationalCurriculumIndexPage.objects.get()

    html = client.get(backpack.url).content.decode()

    assert f'href="{index.url}"' in html and "Country curricula" in html


def test_a_trainer_is_offered_the_trainer_app_and_a_learner_is_not(
    client, backpack, trainer, learner
):
    client.force_login(trainer)
    assert f'href="{reverse("trainer:app")}"' in client.get(backpack.url).content.decode()

    client.force_login(learner)
    assert f'href="{reverse("trainer:app")}"' not in client.get(backpack.url).content.decode()


def test_the_generic_module_links_its_published_adaptations(
    client, backpack, ghana_platform_member
):
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Selling together")
    module.save_revision().publish()
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    before = client.get(module.url).content.decode()
    adaptation.adaptation_status = AdaptedModulePage.Status.PILOTING
    adaptation.save_revision().publish()

    html = client.get(module.url).content.decode()

    assert "Adapted for a country" not in before  # a draft is not offered
    assert f'href="{AdaptedModulePage.objects.get().url}"' in html
    assert "Ghana: Selling together" in html


def test_an_adapted_page_gives_the_duration_as_the_generic_page_does(
    client, backpack, ghana_platform_member
):
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", duration_minutes=240)
    module.save_revision().publish()
    adaptation = module_adapt(
        source=module, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adaptation.save_revision().publish()

    html = client.get(AdaptedModulePage.objects.get().url).content.decode()

    assert "<dd>4 h</dd>" in html and "240 min" not in html
