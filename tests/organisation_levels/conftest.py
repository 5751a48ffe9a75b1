import pytest

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import Rubric
from organisation_levels.scoring import rubric_questions
from reference import roles
from reference.models import Country


@pytest.fixture
def group(db):
    """A Ghanaian group; `ghana_platform_member` is its national platform."""
    return ProducerGroupFactory(name="Ashanti cocoa farmers")


@pytest.fixture
def vietnam_group(db):
    return ProducerGroupFactory(
        name="Dak Lak coffee group", country=Country.objects.get(slug="vietnam"), region="Dak Lak"
    )


@pytest.fixture
def manager(group):
    manager = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(manager)
    group.save()
    return manager


def all_answers(choice, version=1):
    """Every question of rubric `version` answered with option number `choice`."""
    return {
        question_id: choice
        for question_id in rubric_questions(Rubric.objects.originals().get(version=version))
    }
