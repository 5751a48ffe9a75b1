"""The pilot-feedback form. It validates; `feedback_services.pilot_feedback_record` writes."""

from django import forms
from django.utils import timezone

from curriculum_site.widgets import PhoneDateInput
from modules.models import PilotFeedback
from modules.models.feedback import RATING_CHOICES


class PilotFeedbackForm(forms.ModelForm):
    class Meta:
        model = PilotFeedback
        fields = [
            "rating",
            "what_worked",
            "what_to_change",
            "delivered_on",
            "delivery_method",
            "participants",
        ]
        widgets = {
            "rating": forms.RadioSelect,
            "what_worked": forms.Textarea(attrs={"rows": 4}),
            "what_to_change": forms.Textarea(attrs={"rows": 4}),
            "delivered_on": PhoneDateInput(),
            "participants": forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A required choice field offers an empty "---------" choice; as a radio button
        # that is a sixth answer nobody should tap.
        self.fields["rating"].choices = RATING_CHOICES
        # The phone's picker then greys out future days; the model refuses them anyway.
        self.fields["delivered_on"].widget.attrs["max"] = timezone.localdate().isoformat()
