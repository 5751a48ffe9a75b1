"""A new version of a generic module is announced to the platforms that adapted it, not to
every platform (issue 23, point 10)."""

import pytest
from django.core import mail

from adaptation.services import module_adapt
from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from modules.services import module_publication_notify
from reference.models import Country

pytestmark = pytest.mark.django_db


def platform_person(slug, email):
    return UserFactory(
        username=slug, email=email, groups=[Country.objects.get(slug=slug).national_platform_group]
    )


def test_a_new_version_goes_to_the_adapting_platforms_a_new_module_to_all(backpack):
    ghana = platform_person("ghana", "ama@ghana.example")
    platform_person("vietnam", "lan@vietnam.example")
    module = TrainingModulePageFactory(parent=backpack, code="PO-01")
    module.save_revision().publish()
    module = TrainingModulePage.objects.get(pk=module.pk)

    assert module_publication_notify(module=module) == 2  # new: everyone may adapt it

    module_adapt(source=module, country=Country.objects.get(slug="ghana"), user=ghana)
    module.save_revision().publish()
    mail.outbox.clear()
    sent = module_publication_notify(module=TrainingModulePage.objects.get(pk=module.pk))

    assert sent == 1
    [notice] = mail.outbox
    assert notice.bcc == ["ama@ghana.example"]
    assert "Generic module updated" in notice.subject


def test_nobody_is_written_to_about_a_new_version_nobody_adapted(backpack):
    platform_person("ghana", "ama@ghana.example")
    module = TrainingModulePageFactory(parent=backpack, code="PO-02")
    module.save_revision().publish()
    TrainingModulePage.objects.get(pk=module.pk).save_revision().publish()
    mail.outbox.clear()

    assert module_publication_notify(module=TrainingModulePage.objects.get(pk=module.pk)) == 0
    assert mail.outbox == []
