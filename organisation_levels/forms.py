"""Forms of the producer-group pages. They validate; services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from curriculum_site.widgets import PhoneDateInput
from modules.selectors import published_modules
from organisation_levels.evidence import (
    MAX_FILE_BYTES,
    MAX_FILES_PER_UPLOAD,
    SIGNATURES,
    evidence_uploads_check,
)
from organisation_levels.models import ImprovementCycle, ImprovementItem, Rubric
from organisation_levels.rubric_words import rubric_words
from organisation_levels.scoring import rubric_questions


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _evidence_help_text() -> str:
    return gettext(
        "Photos (JPG, PNG, WebP), PDF, Word, Excel, OpenDocument, text or CSV; "
        "up to %(count)s files of %(megabytes)s MB each."
    ) % {"count": MAX_FILES_PER_UPLOAD, "megabytes": MAX_FILE_BYTES // (1024 * 1024)}


class EvidenceField(forms.FileField):
    """Several files at once, each checked by organisation_levels.evidence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        # Lazy, so that the sentence is translated per request, not once at start-up.
        kwargs.setdefault("help_text", lazy(_evidence_help_text, str)())
        # Lets a phone offer its camera and a file picker narrowed to what is accepted.
        accept = ",".join(["image/*", *(f".{extension}" for extension in SIGNATURES)])
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [
            upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload
        ]
        return evidence_uploads_check(uploads)


def answer_field_name(question_id: str) -> str:
    return f"answer-{question_id}"


class AssessmentForm(forms.Form):
    """One radio group per rubric question; fieldsets by dimension in the template."""

    rubric = forms.ModelChoiceField(queryset=Rubric.objects.originals(), widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Notes for the assessor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = EvidenceField(label=_("Evidence"))

    def __init__(self, *args, rubric: Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].initial = rubric.pk
        self.questions = rubric_questions(rubric)
        words = rubric_words(rubric)  # in the reader's language (decision 0020)
        for question_id, (dimension, question) in self.questions.items():
            shown = words.question(question_id, question)
            self.fields[answer_field_name(question_id)] = forms.TypedChoiceField(
                label=shown["text"],
                help_text=shown["guidance"],
                choices=list(enumerate(shown["options"])),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )
            self.fields[answer_field_name(question_id)].dimension = words.dimension(dimension)
            self.fields[answer_field_name(question_id)].evidence_hint = ""

    def add_evidence_hints(self, hints: dict[str, str]) -> None:
        """What other records say about a question (LEVEL_ASSESSMENT_HINTS), shown under it."""
        for question_id, hint in hints.items():
            name = answer_field_name(question_id)
            if name in self.fields:
                self.fields[name].evidence_hint = hint

    def clean(self):
        cleaned_data = super().clean()
        if self.has_error("rubric"):
            # The field is hidden: say what happened where the person can read it.
            self.add_error(
                None,
                _("The level rubric changed while you were answering. Open the form again."),
            )
        return cleaned_data

    def unanswered(self):
        """The questions left without an answer, for the summary at the top of the form."""
        return [
            self[name] for name in map(answer_field_name, self.questions) if self.has_error(name)
        ]

    def dimensions(self):
        """(dimension name, [bound fields]) in the rubric's order, for the template."""
        grouped: dict[str, list] = {}
        for question_id in self.questions:
            bound = self[answer_field_name(question_id)]
            grouped.setdefault(bound.field.dimension, []).append(bound)
        return list(grouped.items())

    def answers(self) -> dict[str, int]:
        return {
            question_id: self.cleaned_data[answer_field_name(question_id)]
            for question_id in self.questions
        }


class CycleStartForm(forms.ModelForm):
    class Meta:
        model = ImprovementCycle
        fields = ["title", "review_on"]
        widgets = {"review_on": PhoneDateInput()}


class CycleCloseForm(forms.Form):
    review_notes = forms.CharField(
        label=_("What did the check show, and what will the group act on?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_title = forms.CharField(label=_("Title of the next cycle"), max_length=150)
    next_review_on = forms.DateField(
        label=_("Review date of the next cycle"),
        required=False,
        widget=PhoneDateInput(),
    )


class ImprovementItemForm(forms.ModelForm):
    """An item of an open cycle. "Carried over" is the system's to set, never a choice."""

    evidence = EvidenceField(label=_("Add evidence files"))
    # The version the form showed: saving over someone's later change is refused.
    edited_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ImprovementItem
        fields = [
            "stage",
            "description",
            "owner",
            "due_date",
            "status",
            "evidence_notes",
            "modules",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_notes": forms.Textarea(attrs={"rows": 2}),
            "due_date": PhoneDateInput(),
            "stage": forms.RadioSelect,
            "modules": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            choice
            for choice in ImprovementItem.Status.choices
            if choice[0] != ImprovementItem.Status.CARRIED_OVER
        ]
        self.fields["modules"].queryset = published_modules().order_by("code")
        self.fields["modules"].label_from_instance = lambda module: (
            f"{module.code} · {module.title}"
        )
        self.fields["modules"].required = False
        if self.instance.pk:
            self.fields["edited_version"].initial = self.instance.version

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == ImprovementItem.Status.CARRIED_OVER:
            raise ValidationError(_("Only closing a cycle carries items over."))
        return status
