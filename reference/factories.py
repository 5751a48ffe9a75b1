"""Factories for the reference data. Vocabularies and levels are seeded by migrations;
factories find those by slug, or make extra ones."""

import factory
from factory.django import DjangoModelFactory

from reference.models import (
    Commodity,
    Country,
    DeliveryMethod,
    NeedArea,
    OrganisationLevel,
    Standard,
    Theme,
)


class TaxonomyFactory(DjangoModelFactory):
    """A term of any vocabulary; the seeded ones are found by slug."""

    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)


class ThemeFactory(TaxonomyFactory):
    class Meta:
        model = Theme


class NeedAreaFactory(TaxonomyFactory):
    kind = NeedArea.Kind.SUPPORT_AREA

    class Meta:
        model = NeedArea


class StandardFactory(TaxonomyFactory):
    class Meta:
        model = Standard


class CommodityFactory(TaxonomyFactory):
    class Meta:
        model = Commodity


class DeliveryMethodFactory(TaxonomyFactory):
    class Meta:
        model = DeliveryMethod


class CountryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    iso_code = factory.Sequence(lambda n: f"Q{chr(65 + n % 26)}")

    class Meta:
        model = Country
        django_get_or_create = ("slug",)


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
