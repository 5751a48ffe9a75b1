import datetime
import uuid

import factory
from factory.django import DjangoModelFactory

from organisation_levels.factories import ProducerGroupFactory
from training_delivery.models import Farmer, Gender, SessionMethod, TrainingSession


class FarmerFactory(DjangoModelFactory):
    group = factory.SubFactory(ProducerGroupFactory)
    member_code = factory.Sequence(lambda n: f"M-{n:04d}")
    name = factory.Sequence(lambda n: f"Farmer {n}")
    gender = Gender.FEMALE
    birth_year = 1980

    class Meta:
        model = Farmer


class TrainingSessionFactory(DjangoModelFactory):
    """A workshop of two hours; attendance and modules are added by the test."""

    uuid = factory.LazyFunction(uuid.uuid4)
    group = factory.SubFactory(ProducerGroupFactory)
    date = datetime.date(2026, 10, 14)
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(11, 0)
    method = SessionMethod.WORKSHOP
    language = "en"
    women_count = 5
    men_count = 4
    content_hash = factory.LazyFunction(lambda: uuid.uuid4().hex)

    class Meta:
        model = TrainingSession
