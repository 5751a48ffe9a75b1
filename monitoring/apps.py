from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """RSS step 5: indicators, dashboards, exports and the yearly state-of-play report."""

    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # The dashboard's delivery figures follow every write of sessions and attendance.
        from monitoring.delivery_figures import connect_signals

        connect_signals()
