"""Each national platform reads the publication notice in its country's language (issue 15
point 2, decision 0020)."""

import pytest
from django.core import mail

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from modules.services import module_publication_notify
from reference.models import Country

pytestmark = pytest.mark.django_db


def platform_member(username, country_slug):
    country = Country.objects.get(slug=country_slug)
    return UserFactory(
        username=username,
        email=f"{username}@platform.example",
        groups=[country.national_platform_group],
    )


def test_each_platform_gets_the_notice_in_its_countrys_language(backpack):
    platform_member("kofi", "ghana")
    platform_member("awa", "cote-divoire")
    platform_member("thida", "myanmar")  # Burmese and English: Burmese
    module = TrainingModulePageFactory(parent=backpack, code="TR-20", title="Farm diaries")
    mail.outbox.clear()

    assert module_publication_notify(module=module) == 3

    by_recipient = {tuple(message.bcc): message for message in mail.outbox}
    assert set(by_recipient) == {
        ("kofi@platform.example",),
        ("awa@platform.example",),
        ("thida@platform.example",),
    }
    assert by_recipient[("kofi@platform.example",)].subject.startswith("New generic module")
    assert by_recipient[("awa@platform.example",)].subject.startswith("Nouveau module générique")
    assert not by_recipient[("thida@platform.example",)].subject.startswith("New generic")
