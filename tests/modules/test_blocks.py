import pytest
from django.core.exceptions import ValidationError

from modules.blocks import FacilitatorNoteBlock, KnowledgeCheckBlock, ModuleBodyBlock
from modules.factories import module_body


def knowledge_check(*correct_flags):
    return {
        "question": "Which is right?",
        "options": [
            {"text": f"Answer {number}", "is_correct": flag}
            for number, flag in enumerate(correct_flags, start=1)
        ],
        "explanation": "Because.",
    }


@pytest.mark.parametrize("flags", [(False, False), (True, True), (True, True, False)])
def test_a_knowledge_check_needs_exactly_one_correct_answer(flags):
    block = KnowledgeCheckBlock()

    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(knowledge_check(*flags)))

    assert "exactly one answer" in str(error.value.block_errors["options"])


def test_a_knowledge_check_with_one_correct_answer_is_valid():
    block = KnowledgeCheckBlock()

    value = block.clean(block.to_python(knowledge_check(False, True, False)))

    assert [option["is_correct"] for option in value["options"]] == [False, True, False]


def test_a_knowledge_check_needs_at_least_two_options():
    block = KnowledgeCheckBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python(knowledge_check(True)))


def test_facilitator_notes_stay_out_of_the_search_index():
    block = ModuleBodyBlock()
    value = block.to_python(module_body(note="Secret trainer tip"))

    searchable = " ".join(block.get_searchable_content(value))

    assert "Secret trainer tip" not in searchable
    assert "Selling together" in searchable
    assert FacilitatorNoteBlock().get_searchable_content({"text": "x"}) == []


def test_every_body_block_has_an_icon_template_and_description():
    for name, child in ModuleBodyBlock().child_blocks.items():
        assert child.meta.icon, name
        assert child.meta.template, name
        assert child.meta.description, name
