"""Factories for the backpack. Taxonomies are seeded by migrations; factories reuse them."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from modules.models import (
    BackpackPage,
    Commodity,
    Country,
    DeliveryMethod,
    NeedArea,
    Standard,
    Theme,
    TrainingModulePage,
)
from organisation_levels.models import OrganisationLevel


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


def module_body(*, note="Bring a flip chart.", slot_text="A group of twenty farmers…"):
    """A small but complete module body, as raw stream data."""
    return [
        {"type": "text", "value": "<p>Selling together gets a better price.</p>"},
        {"type": "facilitator_note", "value": {"text": f"<p>{note}</p>"}},
        {
            "type": "knowledge_check",
            "value": {
                "question": "Who decides how income is used?",
                "options": [
                    {"text": "The chairperson alone", "is_correct": False},
                    {"text": "The general assembly", "is_correct": True},
                ],
                "explanation": "Members decide together.",
            },
        },
        {
            "type": "field_exercise",
            "value": {
                "title": "Map the group",
                "time_minutes": 30,
                "materials": ["Paper"],
                "steps": ["Draw the village.", "Mark each member's farm."],
            },
        },
        {
            "type": "adaptation_slot",
            "value": {
                "key": "local_example",
                "prompt": "Describe a group from your country.",
                "default_text": f"<p>{slot_text}</p>",
            },
        },
    ]


class BackpackPageFactory(wagtail_factories.PageFactory):
    title = "The backpack"
    slug = "backpack"

    class Meta:
        model = BackpackPage


def _terms(model, *slugs):
    return factory.LazyFunction(lambda: list(model.objects.filter(slug__in=slugs)))


class TrainingModulePageFactory(wagtail_factories.PageFactory):
    """A live module tagged Low / producer organisation / workshop unless told otherwise.

    Taxonomies and prerequisites are passed as lists of objects, e.g.
    ``levels=[moderate]``, ``prerequisite_links=[ModulePrerequisite(prerequisite=other)]``.
    """

    title = factory.Sequence(lambda n: f"Training module {n}")
    slug = factory.LazyAttribute(lambda obj: obj.code.lower())
    code = factory.Sequence(lambda n: f"TM-{n:03d}")
    summary = "What the group can do afterwards."
    duration_minutes = 120
    objectives = factory.LazyFunction(lambda: [("objective", "Explain why groups sell together.")])
    body = factory.LazyFunction(module_body)
    levels = _terms(OrganisationLevel, "low")
    themes = _terms(Theme, "producer-organisation")
    delivery_methods = _terms(DeliveryMethod, "workshop")

    class Meta:
        model = TrainingModulePage
