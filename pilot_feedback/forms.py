"""The pilot-feedback form. It validates; `pilot_feedback.services.pilot_feedback_record` writes."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from curriculum_site.widgets import PhoneDateInput
from pilot_feedback.models import RATING_CHOICES, PilotFeedback
from pilot_feedback.selectors import pilot_feedback_sessions

# The latest few are the ones a trainer reports on; older deliveries can do without a link.
SESSIONS_OFFERED = 20


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
            "session",
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
        # Only the person's own recent sessions of this module: a forged id is not a choice.
        sessions = pilot_feedback_sessions(
            user=self.instance.author, adaptation=self.instance.adaptation
        )
        # Not a sliced queryset: the field looks the chosen id up in it, which a slice forbids.
        latest = list(sessions.values_list("pk", flat=True)[:SESSIONS_OFFERED])
        self.fields["session"].queryset = sessions.filter(pk__in=latest)
        self.fields["session"].label_from_instance = lambda session: (
            _("%(date)s, %(group)s")
            % {"date": date_format(session.date), "group": session.group.name}
        )
        self.fields["session"].help_text = _(
            "The session as recorded in the trainer app, if it was. Date, method and "
            "participants are then taken from it when you leave them empty."
        )
        # A required choice field offers an empty "---------" choice; as a radio button
        # that is a sixth answer nobody should tap.
        self.fields["rating"].choices = RATING_CHOICES
        # The phone's picker then greys out future days; the model refuses them anyway.
        self.fields["delivered_on"].widget.attrs["max"] = timezone.localdate().isoformat()
