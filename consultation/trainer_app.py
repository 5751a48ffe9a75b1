"""The grievance screen of the trainer app (training_delivery.views.TRAINER_APP_CONFIG,
registered in wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from consultation.models import Grievance


def _config() -> dict:
    fields = Grievance._meta
    return {
        "api": reverse("api_grievances_upload"),
        "channels": [[value, str(label)] for value, label in Grievance.Channel.choices],
        "categories": [[value, str(label)] for value, label in Grievance.Category.choices],
        "limits": {
            "complainant": fields.get_field("complainant").max_length,
            "description": DESCRIPTION_MAX,
        },
        "messages": {
            # The screen's own words (js/grievances.js draws it).
            "grievanceTitle": _("Record a grievance"),
            "grievanceIntro": _(
                "Write down a complaint a farmer, worker or neighbour told you. Only your "
                "country's platform reads it."
            ),
            "grievanceFieldGroup": _("Producer group"),
            "grievanceFieldReceived": _("Received on"),
            "grievanceFieldChannel": _("How it was received"),
            "grievanceFieldCategory": _("What it is about"),
            "grievanceFieldAnonymous": _("The person asked not to be named"),
            "grievanceFieldComplainant": _("From whom (optional)"),
            "grievanceFieldDescription": _("The grievance"),
            "grievanceSave": _("Save the grievance"),
            "grievanceBack": _("Back"),
            "grievanceList": _("Grievances on this phone"),
            "grievanceSaved": _("Grievance saved on this phone; it is sent at the next sync."),
            "grievanceOnServer": _("Received by the platform"),
            "grievanceWaiting": _("Waiting to be sent"),
            "grievanceRefused": _("Refused: %(message)s"),
            "grievanceNone": _("No grievance recorded on this phone."),
            "grievanceGroup": _("Choose the group."),
            "grievanceDate": _("Give a date that is not in the future."),
            "grievanceCategory": _("Choose what it is about."),
            "grievanceDescription": _("Write what the grievance is about."),
            "grievanceAnonymousName": _("An anonymous grievance names nobody: clear this field."),
            "grievanceDelete": _("Delete this grievance from the phone?"),
        },
    }


# A grievance told in the field is a few sentences; the limit stops a pasted book.
DESCRIPTION_MAX = 5000


def grievance_screen() -> dict:
    """The screen, its home screen button and its settings, in the active language."""
    return {
        "screen": {
            "key": "grievance",
            "label": _("Record a grievance"),
            "template": "consultation/app/grievance_screen.html",
        },
        "extensions": {"grievance": _config()},
    }
