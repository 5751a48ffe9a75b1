import factory
from factory.django import DjangoModelFactory

from organisation_levels.models import OrganisationLevel


class OrganisationLevelFactory(DjangoModelFactory):
    """Levels are seeded by migration; this finds one by slug or makes an extra one."""

    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")
    rank = factory.Sequence(lambda n: 100 + n)
    description = "A test level."
    training_focus = "Test focus."

    class Meta:
        model = OrganisationLevel
        django_get_or_create = ("slug",)
