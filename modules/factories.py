"""Factories for the backpack. Taxonomies are seeded by migrations; factories reuse them."""

import uuid

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from modules.models import BackpackPage, H5PActivity, TrainingModulePage
from reference.models import (
    DeliveryMethod,
    OrganisationLevel,
    Theme,
)


def list_items(*values) -> list[dict]:
    """List items as Wagtail stores them (and wagtail-localize offers them to translators)."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def module_body(*, note="Bring a flip chart.", slot_text="A group of twenty farmers…"):
    """A small but complete module body, as raw stream data in Wagtail's block format."""
    return [
        {"type": "text", "value": "<p>Selling together gets a better price.</p>"},
        {"type": "facilitator_note", "value": {"text": f"<p>{note}</p>"}},
        {
            "type": "knowledge_check",
            "value": {
                "question": "Who decides how income is used?",
                "options": list_items(
                    {"text": "The chairperson alone", "is_correct": False},
                    {"text": "The general assembly", "is_correct": True},
                ),
                "explanation": "Members decide together.",
            },
        },
        {
            "type": "field_exercise",
            "value": {
                "title": "Map the group",
                "time_minutes": 30,
                "materials": list_items("Paper"),
                "steps": list_items("Draw the village.", "Mark each member's farm."),
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


class H5PActivityFactory(DjangoModelFactory):
    """An activity row with no package in storage: for lists, filters and permissions.

    Anything that plays or serves the package needs real files: upload one with
    `modules.h5p.services.h5p_activity_create` instead.
    """

    title = factory.Sequence(lambda n: f"Knowledge check {n}")
    language = "en"
    licence = "CC BY"
    main_library = "H5P.MultiChoice 1.16"
    h5p_json = factory.LazyAttribute(
        lambda obj: {"title": obj.title, "language": obj.language, "mainLibrary": "H5P.MultiChoice"}
    )
    storage_prefix = factory.Sequence(lambda n: f"h5p/factory-{n}")
    package_name = factory.LazyAttribute(lambda obj: f"{obj.title.lower().replace(' ', '-')}.h5p")
    package_size = 2048

    class Meta:
        model = H5PActivity
