from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyBaseConfig(AppConfig):
    name = "supply_base"
    verbose_name = _("Supply base")

    def ready(self):
        # The risk evidence follows changes made in the admin too (decision 0029).
        from supply_base import signals

        signals.connect()
