"""Seed N modules in a throw-away database and time the public backpack pages.

    python manage.py benchmark_backpack --modules 300 --requests 50

Prints median and 95th-percentile response times and the query count of each
page. Uses a fresh test database (SQLite, or PostgreSQL when DATABASE_URL is
set), so it never touches real data. Figures, not pass/fail: compare runs.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from content.management.benchmark_database import (
    add_current_database_argument,
    benchmark_database,
)
from content.services import site_structure_ensure
from reference.models import OrganisationLevel, Theme


class Command(BaseCommand):
    help = "Time the backpack list and a module page with N modules (median and p95)."

    def add_arguments(self, parser):
        parser.add_argument("--modules", type=int, default=300, help="Modules to create.")
        parser.add_argument("--requests", type=int, default=50, help="Requests per page.")
        add_current_database_argument(parser)

    def handle(self, *args, modules, requests, **options):
        # Rendered pages, not the whole-page cache's copies (benchmark_speed shows both).
        with (
            benchmark_database(current=options["current_database"]),
            override_settings(
                DEBUG=False, ALLOWED_HOSTS=["localhost"], BACKPACK_PAGE_CACHE_SECONDS=0
            ),
        ):
            rows = self._measure(modules=modules, requests=requests)

        vendor = connection.vendor
        self.stdout.write(
            f"Backpack benchmark: {modules} modules, {requests} requests per page, {vendor}"
        )
        self.stdout.write(f"{'page':<32}{'median':>10}{'p95':>10}{'queries':>9}")
        for name, median, p95, queries in rows:
            self.stdout.write(f"{name:<32}{median:>8.1f}ms{p95:>8.1f}ms{queries:>9}")

    def _measure(self, *, modules, requests):
        backpack, module = self._seed(count=modules)
        client = Client(SERVER_NAME="localhost")
        pages = [
            ("backpack list", backpack.url, {}),
            (
                "backpack list, two filters",
                backpack.url,
                {"level": "moderate", "theme": "environment"},
            ),
            ("backpack search", backpack.url, {"q": "group records"}),
            ("module page", module.url, {}),
        ]
        rows = []
        for name, url, params in pages:
            client.get(url, params)  # warm-up: template loading, site root cache
            timings = []
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, params)
            rows.append((name, statistics.median(timings), _p95(timings), len(queries)))
        return rows

    def _seed(self, *, count):
        # Factories are a development dependency, not installed in production, where this
        # command is never run: imported only when it is.
        from modules.factories import TrainingModulePageFactory

        backpack = site_structure_ensure()
        levels = list(OrganisationLevel.objects.originals())
        themes = list(Theme.objects.originals())
        created = [
            TrainingModulePageFactory(
                parent=backpack,
                title=f"Keeping group records, part {n}",
                levels=[levels[n % 4], levels[(n + 1) % 4]],
                themes=[themes[n % len(themes)], themes[(n + 3) % len(themes)]],
            )
            for n in range(count)
        ]
        return backpack, created[len(created) // 2]


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]
