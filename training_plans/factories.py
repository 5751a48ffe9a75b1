import datetime

import factory
from factory.django import DjangoModelFactory

from organisation_levels.factories import ProducerGroupFactory
from reference.models import Country, NeedArea
from training_plans.models import (
    NeedRating,
    NeedsAssessment,
    RiskAssessment,
    RiskRating,
    TrainingPlan,
    TrainingPlanItem,
)


class NeedsAssessmentFactory(DjangoModelFactory):
    """Ghana's national needs assessment unless a `group` is given."""

    country = factory.LazyAttribute(
        lambda obj: obj.group.country if obj.group else Country.objects.get(slug="ghana")
    )
    group = None
    assessed_on = datetime.date(2026, 3, 12)
    source = "SCAN national needs assessment 2026"

    class Meta:
        model = NeedsAssessment


class NeedRatingFactory(DjangoModelFactory):
    assessment = factory.SubFactory(NeedsAssessmentFactory)
    need_area = factory.LazyFunction(
        lambda: NeedArea.objects.originals().get(slug="yields-food-security")
    )
    priority = 3

    class Meta:
        model = NeedRating


class RiskAssessmentFactory(DjangoModelFactory):
    """A group's risk assessment unless `group=None, region=…` is given."""

    group = factory.SubFactory(ProducerGroupFactory)
    country = factory.LazyAttribute(
        lambda obj: obj.group.country if obj.group else Country.objects.get(slug="ghana")
    )
    region = factory.LazyAttribute(lambda obj: obj.group.region if obj.group else "Ashanti")
    assessed_on = datetime.date(2026, 5, 4)
    source = "Field visit"

    class Meta:
        model = RiskAssessment


class RiskRatingFactory(DjangoModelFactory):
    assessment = factory.SubFactory(RiskAssessmentFactory)
    core_risk = factory.LazyFunction(lambda: NeedArea.objects.originals().get(slug="deforestation"))
    likelihood = 3
    severity = 3

    class Meta:
        model = RiskRating


class TrainingPlanFactory(DjangoModelFactory):
    group = factory.SubFactory(ProducerGroupFactory)
    title = "2027 training plan"
    starts_on = datetime.date(2027, 1, 1)
    ends_on = datetime.date(2027, 12, 31)

    class Meta:
        model = TrainingPlan


class TrainingPlanItemFactory(DjangoModelFactory):
    """Give it a `module`; code and title are copied from it."""

    plan = factory.SubFactory(TrainingPlanFactory)
    module_code = factory.LazyAttribute(lambda obj: obj.module.code if obj.module else "X-00")
    module_title = factory.LazyAttribute(lambda obj: obj.module.title if obj.module else "Gone")
    position = factory.Sequence(lambda n: n)

    class Meta:
        model = TrainingPlanItem
