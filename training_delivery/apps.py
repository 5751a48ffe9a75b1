from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingDeliveryConfig(AppConfig):
    """Field delivery: farmer rosters, training sessions, the sync API and the trainer app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "training_delivery"
    verbose_name = _("Training delivery")
