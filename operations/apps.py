from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Backpack: backup and restore (decision 0018). No models of its own."""

    name = "operations"
    verbose_name = _("Operations")
