"""Blocks of a level-assessment rubric: dimensions, their questions, answers and thresholds."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock


class AnswerOptionBlock(blocks.StructBlock):
    """One possible answer, worded as what the assessor sees, with its score."""

    label = blocks.CharBlock(
        label=_("Answer"),
        max_length=200,
        help_text=_(
            "Worded so it reads well on its own, e.g. 'Inspections happen, but with no "
            "written procedure': weak answers are quoted to explain a group's level."
        ),
    )
    score = blocks.IntegerBlock(label=_("Score"), min_value=0, max_value=10)

    class Meta:
        icon = "radio-full"
        label = _("Answer option")


class RubricQuestionBlock(blocks.StructBlock):
    """A question the group manager or assessor answers by choosing one option."""

    text = blocks.CharBlock(label=_("Question"), max_length=300)
    guidance = blocks.CharBlock(
        label=_("Guidance for the assessor"),
        required=False,
        max_length=300,
        help_text=_("What evidence to look at, e.g. 'Ask to see the inspection reports'."),
    )
    options = blocks.ListBlock(AnswerOptionBlock(), label=_("Answer options"), min_num=2)

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        labels = [option["label"].strip().lower() for option in value["options"]]
        if len(set(labels)) != len(labels):
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Two answers have the same wording."))}
            )
        if max(option["score"] for option in value["options"]) == 0:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(_("At least one answer must score above 0."))
                }
            )
        return value


class LevelThresholdBlock(blocks.StructBlock):
    """The share of this dimension's points a group needs to reach a level."""

    level = SnippetChooserBlock("reference.OrganisationLevel", label=_("Level"))
    min_percent = blocks.IntegerBlock(label=_("Minimum score (%)"), min_value=0, max_value=100)

    class Meta:
        icon = "order"
        label = _("Threshold")


class RubricDimensionBlock(blocks.StructBlock):
    """One side of how a group is organised, e.g. cohesion or internal control."""

    name = blocks.CharBlock(label=_("Dimension"), max_length=100)
    description = blocks.TextBlock(label=_("What it covers"), required=False)
    questions = blocks.ListBlock(RubricQuestionBlock(), label=_("Questions"), min_num=1)
    thresholds = blocks.ListBlock(
        LevelThresholdBlock(),
        label=_("Thresholds"),
        min_num=0,
        help_text=_(
            "For each level that asks something of this dimension, the minimum score. "
            "A group reaches a level when it meets that level's thresholds and those of "
            "every level below it."
        ),
    )

    class Meta:
        icon = "list-ul"
        label = _("Dimension")

    def clean(self, value):
        value = super().clean(value)
        levels = [threshold["level"].pk for threshold in value["thresholds"] if threshold["level"]]
        if len(set(levels)) != len(levels):
            raise StructBlockValidationError(
                block_errors={"thresholds": ValidationError(_("A level has two thresholds here."))}
            )
        return value


class RubricBodyBlock(blocks.StreamBlock):
    dimension = RubricDimensionBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        names = [child.value["name"].strip().lower() for child in value]
        if len(set(names)) != len(names):
            # The explanation of a level names dimensions; two of the same name would blur it.
            raise ValidationError(_("Two dimensions have the same name."))
        return value
