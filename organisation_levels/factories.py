import factory
from factory.django import DjangoModelFactory

from organisation_levels.models import ImprovementCycle, ImprovementItem, ProducerGroup
from reference.models import Country


class ProducerGroupFactory(DjangoModelFactory):
    """A group in Ghana unless told otherwise; ``country=Country.objects.get(slug=…)``."""

    name = factory.Sequence(lambda n: f"Farmers' group {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(slug="ghana"))
    region = "Ashanti"
    members_women = 12
    members_men = 18

    class Meta:
        model = ProducerGroup


class ImprovementCycleFactory(DjangoModelFactory):
    """An open cycle; number it yourself when a group gets several."""

    group = factory.SubFactory(ProducerGroupFactory)
    number = 1
    title = factory.Sequence(lambda n: f"Quality plan {n}")

    class Meta:
        model = ImprovementCycle


class ImprovementItemFactory(DjangoModelFactory):
    cycle = factory.SubFactory(ImprovementCycleFactory)
    stage = ImprovementItem.Stage.PLAN
    description = factory.Sequence(lambda n: f"Write the inspection procedure, part {n}")
    owner = "Secretary"

    class Meta:
        model = ImprovementItem
