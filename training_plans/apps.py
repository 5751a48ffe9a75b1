from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingPlansConfig(AppConfig):
    """RSS steps 2 and 3: needs and risk assessments, and the training plans they lead to."""

    name = "training_plans"
    verbose_name = _("Needs, risks and training plans")
