"""Blocks that make up the body of a training module.

Every block renders on a 360 px phone and in print. Facilitator notes render
only when the template context says the reader may see them (fail closed).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.blocks import SnippetChooserBlock

from curriculum_site.page_hooks import context_from_hooks

# What the h5p app adds to the "H5P activity" block to start its player
# (curriculum_site.page_hooks): called with `activity` and the page's `parent_context`.
H5P_ACTIVITY_BLOCK_CONTEXT = "h5p_activity_block_context"
# The same for the "SCORM course" block and the scorm app.
SCORM_PACKAGE_BLOCK_CONTEXT = "scorm_package_block_context"

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

# Named places a national platform fills when it adapts a module to its country.
ADAPTATION_SLOT_KEYS = [
    ("local_example", _("Local example")),
    ("certification_bodies", _("Certification bodies")),
    ("market_context", _("Market context")),
    ("national_rules", _("National laws and rules")),
    ("local_contacts", _("Local contacts and services")),
    ("seasonal_calendar", _("Seasonal calendar")),
]


class TextBlock(blocks.RichTextBlock):
    """Plain teaching text with headings and lists."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "modules/blocks/text_block.html"
        preview_value = "<p>Selling together lets members bargain for a better price.</p>"
        description = _("Teaching text with headings and lists.")


class CaptionedImageBlock(blocks.StructBlock):
    """A picture with alternative text and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "modules/blocks/image_block.html"
        description = _("A photo or drawing, resized for phones.")


class VideoBlock(blocks.StructBlock):
    """An embedded video, loaded only when the reader asks for it."""

    video = EmbedBlock(
        label=_("Video address"),
        help_text=_("Link to the video on YouTube, Vimeo or another supported site."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "modules/blocks/video_block.html"
        description = _("A video from YouTube, Vimeo or similar; not downloaded until played.")


class DocumentBlock(blocks.StructBlock):
    """A downloadable handout, form or template."""

    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(
        label=_("What it is"),
        required=False,
        max_length=250,
        help_text=_("e.g. 'Blank farm diary page to photocopy'."),
    )

    class Meta:
        icon = "doc-full"
        template = "modules/blocks/document_block.html"
        description = _("A handout or form to download and print.")


class AnswerOptionBlock(blocks.StructBlock):
    """One answer to a knowledge-check question."""

    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    is_correct = blocks.BooleanBlock(label=_("This is the correct answer"), required=False)

    class Meta:
        icon = "tick"
        label = _("Answer option")


class KnowledgeCheckBlock(blocks.StructBlock):
    """A multiple-choice question with one correct answer and an explanation."""

    question = blocks.CharBlock(label=_("Question"), max_length=400)
    options = blocks.ListBlock(
        AnswerOptionBlock(),
        label=_("Answer options"),
        min_num=2,
        max_num=6,
        help_text=_("Between two and six answers; tick exactly one as correct."),
    )
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        help_text=_("Why the correct answer is right. Shown after the learner answers."),
    )

    class Meta:
        icon = "help"
        template = "modules/blocks/knowledge_check_block.html"
        preview_value = {
            "question": "Who decides how the group's income is used?",
            "options": [
                {"text": "The chairperson alone", "is_correct": False},
                {"text": "The members, at the general assembly", "is_correct": True},
            ],
            "explanation": "The general assembly of members is the group's highest authority.",
        }
        description = _("A question with one correct answer, to check what was learnt.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Options are shown as A, B, C…; the trainer's printed answer key uses the same letter.
        context["correct_answers"] = [
            (chr(ord("A") + index), option["text"])
            for index, option in enumerate(value["options"])
            if option["is_correct"]
        ]
        return context

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["is_correct"])
        if correct != 1:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _("Tick exactly one answer as correct (%(count)s are ticked).")
                        % {"count": correct}
                    )
                }
            )
        return value


class FieldExerciseBlock(blocks.StructBlock):
    """A hands-on activity in the field, with materials, steps and time."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    time_minutes = blocks.IntegerBlock(
        label=_("Time needed (minutes)"), min_value=5, max_value=600, default=30
    )
    materials = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=200),
        label=_("Materials"),
        min_num=0,
        help_text=_("What the trainer brings. Leave empty if nothing is needed."),
    )
    steps = blocks.ListBlock(
        blocks.TextBlock(label=_("Step")),
        label=_("Steps"),
        min_num=1,
    )

    class Meta:
        icon = "list-ol"
        template = "modules/blocks/field_exercise_block.html"
        preview_value = {
            "title": "Walk the farm boundary",
            "time_minutes": 45,
            "materials": ["Sketch paper", "Pencil"],
            "steps": ["Walk the boundary with the neighbour.", "Mark agreed corners."],
        }
        description = _("A practical activity: materials, steps and time.")


class FacilitatorNoteBlock(blocks.StructBlock):
    """Guidance for the trainer; never shown to learners or the public."""

    text = blocks.RichTextBlock(label=_("Note"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "user"
        template = "modules/blocks/facilitator_note_block.html"
        preview_value = {"text": "<p>Ask women members first; they often speak less.</p>"}
        description = _("Tips for the trainer. Only trainers and editors see this.")

    def get_searchable_content(self, value):
        # Keep trainer-only text out of the public search index.
        return []


class DiscussionQuestionsBlock(blocks.StructBlock):
    """Open questions for the group to talk through."""

    intro = blocks.CharBlock(label=_("Introduction"), required=False, max_length=300)
    questions = blocks.ListBlock(
        blocks.CharBlock(label=_("Question"), max_length=300),
        label=_("Questions"),
        min_num=1,
    )

    class Meta:
        icon = "openquote"
        template = "modules/blocks/discussion_questions_block.html"
        preview_value = {
            "intro": "Talk in small groups:",
            "questions": ["What would you gain by selling together?"],
        }
        description = _("Questions for group discussion.")


class AdaptationSlotBlock(blocks.StructBlock):
    """A named place that each national platform fills for its own country."""

    key = blocks.ChoiceBlock(
        label=_("Kind of adaptation"),
        choices=ADAPTATION_SLOT_KEYS,
        help_text=_("What the country is asked to provide here."),
    )
    prompt = blocks.TextBlock(
        label=_("Instructions for the adapting country"),
        help_text=_("Tell the national platform exactly what to write here."),
    )
    default_text = blocks.RichTextBlock(
        label=_("Generic text"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown until a country writes its own version."),
    )

    class Meta:
        icon = "site"
        template = "modules/blocks/adaptation_slot_block.html"
        preview_value = {
            "key": "local_example",
            "prompt": "Describe a producer group in your country that started selling together.",
            "default_text": "<p>A group of twenty cocoa farmers pooled their beans…</p>",
        }
        description = _("A part each country rewrites for its own context.")

    def get_searchable_content(self, value):
        # The instructions for the adapting country are shown to trainers and editors only.
        return self.child_blocks["default_text"].get_searchable_content(value["default_text"])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(ADAPTATION_SLOT_KEYS).get(value["key"], value["key"])
        return context


class OriginalSnippetChooserBlock(SnippetChooserBlock):
    """Chooses a translatable snippet and keeps its ORIGINAL in every translation of the page.

    wagtail-localize would swap a translatable snippet for its translation when a module is
    translated (and create that translation first): for an H5P activity that would split
    one activity's tracking by language. The block offers wagtail-localize nothing to
    translate, so a French module plays the same activity as the English one; the activity
    shows its title in the reader's language by itself (decision 0020). A translation
    chosen in the admin's chooser is stored as its original.
    """

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value

    def clean(self, value):
        value = super().clean(value)
        if isinstance(value, TranslatableMixin):
            default = Locale.get_default()
            if value.locale_id != default.pk:
                value = value.get_translation(default)
        return value

    def deconstruct(self):
        # Stored as the SnippetChooserBlock it behaves as: no migration of every body field.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", args, kwargs


class H5PActivityBlock(blocks.StructBlock):
    """An interactive H5P activity, played on the page and tracked for signed-in learners."""

    # The h5p app, a floor above, holds the activities and plays them: named, not imported.
    activity = OriginalSnippetChooserBlock(
        "h5p.H5PActivity",
        label=_("H5P activity"),
        help_text=_(
            "Upload the package first (Snippets, then H5P activities), then choose it here."
        ),
    )

    class Meta:
        icon = "form"
        template = "modules/blocks/h5p_activity_block.html"
        preview_value = {"activity": None}
        description = _("An interactive exercise from an H5P package; learners' scores are kept.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(
            context_from_hooks(
                H5P_ACTIVITY_BLOCK_CONTEXT,
                activity=value["activity"],
                parent_context=parent_context,
            )
        )
        return context


class ScormPackageBlock(blocks.StructBlock):
    """A SCORM course (1.2 or 2004), played on the page and tracked for signed-in learners."""

    # The scorm app, a floor above, holds the packages and plays them: named, not imported.
    package = SnippetChooserBlock(
        "scorm.ScormPackage",
        label=_("SCORM package"),
        help_text=_(
            "Upload the course's SCORM zip first (Snippets, then SCORM packages), then "
            "choose it here."
        ),
    )

    class Meta:
        icon = "media"
        template = "modules/blocks/scorm_package_block.html"
        preview_value = {"package": None}
        description = _(
            "An e-learning course exported as SCORM 1.2 or 2004; learners' progress is kept."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(
            context_from_hooks(
                SCORM_PACKAGE_BLOCK_CONTEXT,
                package=value["package"],
                parent_context=parent_context,
            )
        )
        return context


class ModuleBodyBlock(blocks.StreamBlock):
    """Everything that can go in the body of a training module."""

    text = TextBlock(label=_("Text"))
    image = CaptionedImageBlock(label=_("Image"))
    video = VideoBlock(label=_("Video"))
    document = DocumentBlock(label=_("Document"))
    knowledge_check = KnowledgeCheckBlock(label=_("Knowledge check"))
    field_exercise = FieldExerciseBlock(label=_("Field exercise"))
    facilitator_note = FacilitatorNoteBlock(label=_("Facilitator note"))
    discussion_questions = DiscussionQuestionsBlock(label=_("Discussion questions"))
    adaptation_slot = AdaptationSlotBlock(label=_("Adaptation slot"))
    h5p_activity = H5PActivityBlock(label=_("H5P activity"))
    scorm_package = ScormPackageBlock(label=_("SCORM course"))
