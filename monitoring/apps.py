from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """RSS step 5: indicators, dashboards, exports and the yearly state-of-play report."""

    name = "monitoring"
    verbose_name = _("Monitoring")
