from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdaptationConfig(AppConfig):
    name = "adaptation"
    verbose_name = _("National adaptation")

    def ready(self):
        # Connected once the models are loaded, which the receivers' module imports.
        from adaptation import signals  # noqa: F401
