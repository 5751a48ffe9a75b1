from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotFeedbackConfig(AppConfig):
    name = "pilot_feedback"
    verbose_name = _("Pilot feedback")
