from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Backpack of training modules")

    def ready(self):
        from modules import signals  # noqa: F401  (connects the publish notification)
