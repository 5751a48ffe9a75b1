from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyBaseConfig(AppConfig):
    name = "supply_base"
    verbose_name = _("Supply base")
