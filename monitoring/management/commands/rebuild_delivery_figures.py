"""Remake the dashboard's delivery figures from the sessions and attendance (decision 0036).

    python manage.py rebuild_delivery_figures

The figures follow every write through signals; this is for data loaded around them (a
restored backup, rows written by hand in SQL) and is what the nightly task runs. Safe at
any time: one transaction, readers see the old rows until it commits.
"""

import time

from django.core.management.base import BaseCommand

from monitoring.delivery_figures import figures_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboard's delivery figures from the sessions and attendance."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = figures_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Delivery figures rebuilt in {time.perf_counter() - started:.1f} s: "
                f"{counts['sessions']:,} sessions, {counts['modules']:,} session modules, "
                f"{counts['farmer_years']:,} farmer-years."
            )
        )
