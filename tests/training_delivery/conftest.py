import uuid

import pytest
from rest_framework.test import APIClient

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from training_delivery.factories import FarmerFactory


@pytest.fixture
def group(db):
    """A Ghanaian group with a roster of three farmers (M-1 to M-3)."""
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    for number, gender in ((1, "female"), (2, "male"), (3, "female")):
        FarmerFactory(group=group, member_code=f"M-{number}", gender=gender)
    return group


@pytest.fixture
def vietnam_group(db):
    return ProducerGroupFactory(
        name="Dak Lak coffee group", country=Country.objects.get(slug="vietnam"), region="Dak Lak"
    )


@pytest.fixture
def field_trainer(group):
    """A trainer assigned to `group` (and nothing else)."""
    trainer = UserFactory(username="kwame", groups=[roles.TRAINERS])
    group.trainers.add(trainer)
    group.save()  # a ParentalManyToManyField is written when its group is saved
    return trainer


@pytest.fixture
def module(backpack):
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Running meetings")
    module.save_revision().publish()
    return module


@pytest.fixture
def api(field_trainer):
    client = APIClient()
    client.force_authenticate(field_trainer)
    return client


@pytest.fixture
def session_payload(group, module):
    """A valid upload of one session; call it for a fresh one, overriding fields."""

    def make(**changes):
        payload = {
            "uuid": str(uuid.uuid4()),
            "group": group.pk,
            "date": "2026-10-14",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "method": "farmer-field-school",
            "language": "en",
            "place": "Demo plot",
            "modules": [{"id": module.pk, "feedback_rating": 4, "feedback": "Lively."}],
            "attendance": [
                {"member_code": "M-1", "pre_score": 40, "post_score": 80},
                {"member_code": "M-2", "pre_score": 55, "post_score": 70},
            ],
            "notes": "",
        }
        payload.update(changes)
        return payload

    return make
