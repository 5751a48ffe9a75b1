"""What the navigation offers a signed-in person is kept per person, and follows at once a
change to their roles or groups (issue 19, decision 0025)."""

import pytest
from django.contrib.auth.models import Group

from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles

pytestmark = pytest.mark.django_db


def nav(client, url):
    html = client.get(url).content.decode()
    return {"groups": 'href="/groups/"' in html, "dashboard": 'href="/dashboard/"' in html}


def test_the_navigation_follows_a_new_group_and_a_new_role(client, backpack, trainer):
    module = TrainingModulePageFactory(parent=backpack)
    client.force_login(trainer)
    assert nav(client, module.url) == {"groups": False, "dashboard": False}

    group = ProducerGroupFactory()
    group.trainers.add(trainer)
    group.save()  # a ParentalManyToManyField: written with the group
    assert nav(client, module.url)["groups"]

    trainer.groups.add(Group.objects.get(name=roles.TECHNICAL_COMMITTEE))
    assert nav(client, module.url)["dashboard"]

    group.trainers.remove(trainer)
    group.save()
    trainer.groups.remove(Group.objects.get(name=roles.TECHNICAL_COMMITTEE))
    assert nav(client, module.url) == {"groups": False, "dashboard": False}


def test_each_fact_is_read_once_then_kept(client, backpack, trainer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    module = TrainingModulePageFactory(parent=backpack)
    client.force_login(trainer)
    client.get(module.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(module.url)
    asked = " ".join(query["sql"] for query in queries)
    assert "organisation_levels_producergroup" not in asked
