"""The demo's people have names, so pickers show "Kwame Mensah", not "trainer" (issue 23,
point 8)."""

import pytest
from django.contrib.auth import get_user_model

from content.services import DEMO_ACCOUNTS, demo_accounts_ensure
from organisation_levels.factories import ProducerGroupFactory
from training_plans.forms import TrainingPlanItemForm

pytestmark = pytest.mark.django_db


def test_every_demo_account_has_a_name_and_the_trainer_picker_shows_it():
    demo_accounts_ensure()
    people = get_user_model().objects.in_bulk(
        [account.username for account in DEMO_ACCOUNTS], field_name="username"
    )
    assert all(person.get_full_name() for person in people.values())

    trainer = people["trainer"]
    group = ProducerGroupFactory(trainers=[trainer])
    field = TrainingPlanItemForm(group=group).fields["trainer"]

    assert field.label_from_instance(trainer) == "Kwame Mensah"


def test_a_name_given_since_is_kept():
    demo_accounts_ensure()
    get_user_model().objects.filter(username="trainer").update(first_name="Yaw", last_name="Ofori")

    demo_accounts_ensure()

    assert get_user_model().objects.get(username="trainer").get_full_name() == "Yaw Ofori"
