import pytest

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country


@pytest.fixture
def ghana():
    return Country.objects.get(slug="ghana")


@pytest.fixture
def vietnam():
    return Country.objects.get(slug="vietnam")


@pytest.fixture
def group(db):
    return ProducerGroupFactory(name="Ashanti cocoa farmers")


@pytest.fixture
def vietnam_group(vietnam):
    return ProducerGroupFactory(name="Dak Lak coffee group", country=vietnam, region="Dak Lak")


@pytest.fixture
def field_trainer(group):
    """A trainer assigned to `group` only."""
    trainer = UserFactory(username="kwame", groups=[roles.TRAINERS])
    group.trainers.add(trainer)
    group.save()  # a parental many-to-many is written when its group is saved
    return trainer


@pytest.fixture
def vietnam_platform_member(vietnam):
    return UserFactory(username="lan", groups=[vietnam.national_platform_group])
