from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Site content")

    def ready(self):
        # The page cache's signal handlers import models: only once the registry is ready.
        from content.page_cache import connect_signals

        connect_signals()
