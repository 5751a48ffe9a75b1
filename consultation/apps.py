from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultation"
    verbose_name = _("Consultation and grievances")

    def ready(self):
        # The trainer app (training_delivery, a floor below) learns of the grievance
        # screen through its extension list: it may not import this app.
        from consultation.trainer_app import register

        register()
