"""Upstream merge and block-by-block difference when both sides work in the admin editor
(issue 23, points 1 and 2): the editor rewrites rich text with its own paragraph keys and
list items with ids, which are not changes."""

import copy
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from adaptation.models import AdaptedModulePage
from adaptation.selectors import adaptation_changes_taken, upstream_changes
from adaptation.services import (
    adaptation_take_changes,
    adaptation_upstream_conflicts,
    module_adapt,
)
from modules.blocks import RICH_TEXT_FEATURES
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from reference.models import Country

pytestmark = pytest.mark.django_db

EDITOR = ContentstateConverter(RICH_TEXT_FEATURES)
SENTENCE = "Agree the price with the buyer before the harvest."


def as_the_editor_saves(value):
    """What Draftail and the stream editor send back: every rich text through the
    editor's content state (new paragraph keys), every plain list item wrapped with an id."""
    if isinstance(value, str) and value.startswith("<"):
        return EDITOR.to_database_format(EDITOR.from_database_format(value))
    if isinstance(value, list):
        return [
            item
            if isinstance(item, dict) and item.get("type") == "item"
            else {"type": "item", "value": item, "id": str(uuid.uuid4())}
            if not (isinstance(item, dict) and "type" in item and "id" in item)
            else item
            for item in (as_the_editor_saves(item) for item in value)
        ]
    if isinstance(value, dict):
        return {key: as_the_editor_saves(item) for key, item in value.items()}
    return value


def editor_save(page, change=None, *, publish=False, user=None):
    """Save `page`'s latest revision as the admin editor would, after `change(body)`."""
    draft = page.get_latest_revision_as_object()
    body = copy.deepcopy(list(draft.body.raw_data))
    if change:
        change(body)
    draft.body = [
        {**block, "value": as_the_editor_saves(block["value"])} for block in copy.deepcopy(body)
    ]
    revision = draft.save_revision(user=user)
    if publish:
        revision.publish()
    return type(page).objects.get(pk=page.pk)


def add_sentence(body):
    body[0]["value"] = body[0]["value"].replace("</p>", f" {SENTENCE}</p>", 1)


def fill_slot(body):
    slot = next(b for b in body if b["type"] == "adaptation_slot")
    slot["value"]["national_text"] = "<p>The Kuapa cooperative in Kumasi.</p>"


@pytest.fixture
def ghana():
    return Country.objects.get(slug="ghana")


@pytest.fixture
def generic(backpack):
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Selling together")
    module.save_revision().publish()
    return TrainingModulePage.objects.get(pk=module.pk)


def latest_body(adaptation):
    return AdaptedModulePage.objects.get(pk=adaptation.pk).get_latest_revision_as_object().body


def test_the_committees_sentence_reaches_a_draft_both_sides_saved_in_the_editor(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    editor_save(adaptation, fill_slot, user=ghana_platform_member, publish=True)
    generic = editor_save(generic, add_sentence, publish=True)

    assert adaptation_upstream_conflicts(adaptation=adaptation) == []
    kept = adaptation_take_changes(adaptation=adaptation, user=ghana_platform_member)

    body = latest_body(adaptation)
    assert kept == []
    assert SENTENCE in str(body[0].value)
    slot = next(b for b in body if b.block_type == "adaptation_slot")
    assert "Kuapa cooperative" in str(slot.value["national_text"])
    assert adaptation_changes_taken(adaptation=AdaptedModulePage.objects.get(pk=adaptation.pk))


def test_the_slots_generic_text_typed_into_once_still_takes_the_other_blocks_changes(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)

    def type_into_generic_text(body):
        fill_slot(body)
        slot = next(b for b in body if b["type"] == "adaptation_slot")
        slot["value"]["default_text"] = "<p>A group of twenty cocoa farmers…</p>"

    editor_save(adaptation, type_into_generic_text, user=ghana_platform_member)

    def upstream(body):
        add_sentence(body)
        slot = next(b for b in body if b["type"] == "adaptation_slot")
        slot["value"]["default_text"] = "<p>A group of thirty farmers…</p>"

    editor_save(generic, upstream, publish=True)

    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)
    assert conflict.kind == "both" and "thirty" in conflict.generic_text
    with pytest.raises(ValidationError, match="Choose your version"):
        adaptation_take_changes(adaptation=adaptation, user=ghana_platform_member)
    assert SENTENCE not in str(latest_body(adaptation)[0].value)  # nothing half-taken

    adaptation_take_changes(
        adaptation=adaptation,
        user=ghana_platform_member,
        choices={conflict.block_id: "generic"},
    )
    body = latest_body(adaptation)
    slot = next(b for b in body if b.block_type == "adaptation_slot")
    assert SENTENCE in str(body[0].value)
    assert "thirty" in str(slot.value["default_text"])
    assert "Kuapa cooperative" in str(slot.value["national_text"])  # the country's text stays


def test_a_block_changed_on_both_sides_is_chosen_never_silently_kept(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)

    def reword_here(body):
        body[0]["value"] = "<p>Selling together in Ashanti gets a better price.</p>"

    editor_save(adaptation, reword_here, user=ghana_platform_member)
    editor_save(generic, add_sentence, publish=True)

    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)
    assert SENTENCE in conflict.committee_change_html
    assert "Ashanti" in conflict.yours_text
    with pytest.raises(ValidationError, match="not a choice"):
        adaptation_take_changes(
            adaptation=adaptation,
            user=ghana_platform_member,
            choices={conflict.block_id: "both"},
        )
    adaptation_take_changes(
        adaptation=adaptation, user=ghana_platform_member, choices={conflict.block_id: "generic"}
    )
    assert SENTENCE in str(latest_body(adaptation)[0].value)


def test_the_upstream_screen_asks_for_a_choice_and_takes_it(
    client, generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    editor_save(
        adaptation,
        lambda body: body[0].update(value="<p>Selling together in Ashanti.</p>"),
        user=ghana_platform_member,
    )
    editor_save(generic, add_sentence, publish=True)
    client.force_login(ghana_platform_member)
    url = reverse("modules_adaptation_upstream", args=[adaptation.pk])
    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)

    page = client.get(url).content.decode()
    refused = client.post(url, {"action": "take"}, follow=True).content.decode()
    taken = client.post(url, {"action": "take", f"choice-{conflict.block_id}": "generic"})

    assert f'name="choice-{conflict.block_id}"' in page
    assert "Choose your version or the generic one" in refused
    assert taken.url == reverse("wagtailadmin_pages:edit", args=[adaptation.pk])
    assert SENTENCE in str(latest_body(adaptation)[0].value)


def test_the_difference_lists_only_the_block_that_changed(generic, ghana, ghana_platform_member):
    # The generic module as seeded, then saved once in the editor, then a sentence added.
    generic = editor_save(generic, publish=True)
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    generic = TrainingModulePage.objects.get(pk=generic.pk)
    # A second editor save without keys the first had (as a seed reload would do).
    editor_save(generic, add_sentence, publish=True)

    changes = upstream_changes(adaptation=adaptation)

    assert [change.label for change in changes] == ["Block 1: Text"]
    assert f'<span class="addition"> {SENTENCE}</span>' in str(changes[0].html)
    assert "deletion" not in str(changes[0].html)


def test_the_difference_ignores_the_editors_keys_on_unchanged_blocks(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    # Seeded without keys; the committee's first editor save adds keys and item ids.
    editor_save(generic, add_sentence, publish=True)

    changes = upstream_changes(adaptation=adaptation)

    assert [change.label for change in changes] == ["Block 1: Text"]


def test_the_upstream_screens_header_names_the_screen(
    client, generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    editor_save(generic, add_sentence, publish=True)
    client.force_login(ghana_platform_member)

    html = client.get(reverse("modules_adaptation_upstream", args=[adaptation.pk])).content
    header = html.decode().split("<header", 1)[1].split("</header>", 1)[0]

    assert "Generic module updated: Selling together" in header
