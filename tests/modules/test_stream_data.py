"""List items stored with ids, as wagtail-localize needs to offer them to translators."""

import importlib
import json

import pytest
from wagtail.models import Locale, Revision
from wagtail_localize.models import Translation, TranslationSource

from modules.blocks import ModuleBodyBlock
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from modules.stream_data import stream_in_block_format
from tests.historical_apps import apps

pytestmark = pytest.mark.django_db

PLAIN_BODY = [
    {
        "type": "knowledge_check",
        "id": "check",
        "value": {
            "question": "Who decides?",
            "options": [
                {"text": "The chairperson alone", "is_correct": False},
                {"text": "The general assembly", "is_correct": True},
            ],
            "explanation": "Members decide together.",
        },
    },
    {
        "type": "field_exercise",
        "id": "exercise",
        "value": {
            "title": "Map the group",
            "time_minutes": 30,
            "materials": ["Paper", {"type": "item", "value": "Pencil", "id": "pencil"}],
            "steps": ["Draw the village."],
        },
    },
    {
        "type": "discussion_questions",
        "id": "talk",
        "value": {"intro": "", "questions": ["What would you gain?"]},
    },
]


def is_item(item):
    return item["type"] == "item" and item["id"] and "value" in item


def test_plain_lists_get_ids_and_existing_ids_are_kept():
    body = stream_in_block_format(stream_block=ModuleBodyBlock(), raw=PLAIN_BODY)

    check, exercise, talk = body
    assert [block["id"] for block in body] == ["check", "exercise", "talk"]
    assert all(is_item(option) for option in check["value"]["options"])
    assert check["value"]["options"][1]["value"]["text"] == "The general assembly"
    assert exercise["value"]["materials"][1] == {"type": "item", "value": "Pencil", "id": "pencil"}
    assert all(is_item(item) for item in exercise["value"]["steps"])
    assert all(is_item(item) for item in talk["value"]["questions"])
    assert PLAIN_BODY[1]["value"]["materials"][0] == "Paper"  # the caller's data is untouched


def test_the_migration_puts_stored_pages_and_revisions_in_block_format(backpack):
    migration = importlib.import_module("modules.migrations.0011_list_items_in_block_format")
    module = TrainingModulePageFactory(parent=backpack, code="OLD-1")
    module.save_revision().publish()
    # As the seed loader and adapting used to store them: plain lists, page and revision.
    TrainingModulePage.objects.filter(pk=module.pk).update(body=PLAIN_BODY)
    revision = TrainingModulePage.objects.get(pk=module.pk).live_revision
    revision.content["body"] = json.dumps(PLAIN_BODY)
    revision.save(update_fields=["content"])

    migration.forwards(apps, None)

    module = TrainingModulePage.objects.get(pk=module.pk)
    stored_revision = json.loads(Revision.objects.get(pk=revision.pk).content["body"])
    for body in (module.body.raw_data, stored_revision):
        options = body[0]["value"]["options"]
        assert all(is_item(option) for option in options)
        assert body[1]["value"]["materials"][1]["id"] == "pencil"
        assert all(is_item(step) for step in body[1]["value"]["steps"])
    # And the translator now gets every item.
    source, _created = TranslationSource.get_or_create_from_instance(module)
    french = Locale.objects.get(language_code="fr")
    msgids = {
        entry.msgid
        for entry in Translation.objects.create(source=source, target_locale=french).export_po()
    }
    assert {"The general assembly", "Paper", "Draw the village.", "What would you gain?"} <= msgids


def test_the_migration_leaves_bodies_already_in_block_format_alone(backpack):
    migration = importlib.import_module("modules.migrations.0011_list_items_in_block_format")
    module = TrainingModulePageFactory(parent=backpack, code="NEW-1")
    before = list(TrainingModulePage.objects.get(pk=module.pk).body.raw_data)

    migration.forwards(apps, None)

    assert list(TrainingModulePage.objects.get(pk=module.pk).body.raw_data) == before
