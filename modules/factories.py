"""Factories for the backpack. Taxonomies are seeded by migrations; factories reuse them."""

import uuid

import factory
import wagtail_factories

from modules.models import BackpackPage, TrainingModulePage
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
