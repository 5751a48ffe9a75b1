"""Time the spreadsheet imports at their documented maximum, in a throw-away database.

    python manage.py benchmark_imports --rows 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python manage.py benchmark_imports

Prints, for the producer-group import and the roster import, the seconds to check and
store N rows (read from the file beforehand) as the web request does, rows per second,
the seconds of the work left to the worker after commit (the groups' reference index),
and queries (which must not grow with N: compare --rows 500 with --rows 5000).
Figures, not pass/fail; uses a fresh test database, so it never touches real data.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from content.management.benchmark_database import (
    add_current_database_argument,
    benchmark_database,
)
from curriculum_site.spreadsheets import ImportRow
from organisation_levels.group_import import groups_import
from reference.models import Country
from training_delivery.roster_import import roster_import


class Command(BaseCommand):
    help = "Time the producer-group and roster imports of N rows (seconds, rows/s, queries)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000, help="Rows per import.")
        add_current_database_argument(parser)

    def handle(self, *args, rows, **options):
        with benchmark_database(current=options["current_database"]):
            runs = self._measure(rows=rows)
        self.stdout.write(f"Import benchmark: {rows} rows per import, {connection.vendor}")
        self.stdout.write(
            f"{'import':<16}{'seconds':>9}{'rows/s':>9}{'worker seconds':>16}{'queries':>9}"
        )
        for name, seconds, worker_seconds, queries in runs:
            self.stdout.write(
                f"{name:<16}{seconds:>9.2f}{rows / seconds:>9.0f}"
                f"{worker_seconds:>16.2f}{queries:>9}"
            )

    def _measure(self, *, rows):
        # Factories are a development dependency, not installed in production, where this
        # command is never run: imported only when it is.
        from content.factories import UserFactory
        from organisation_levels.factories import ProducerGroupFactory

        ghana = Country.objects.get(slug="ghana")
        platform = UserFactory(username="benchmark-ghana", groups=[ghana.national_platform_group])
        groups = [
            ImportRow(
                number + 2,
                {
                    "name": f"Benchmark group {number}",
                    "country": "Ghana",
                    "region": "Ashanti",
                    "commodities": "Cocoa; coffee",
                    "members_women": "12",
                    "members_men": "18",
                    "year_formed": "2012",
                    "contact_name": "Ama Mensah",
                    "contact_email": "ama@example.org",
                    "latitude": "6.6885",
                    "longitude": "-1.6244",
                    "certifications": "Fairtrade | FLOCERT | 2026-06-30; organic | Ecocert",
                },
            )
            for number in range(rows)
        ]
        farmers = [
            ImportRow(
                number + 2,
                {
                    "member_code": f"F-{number:05d}",
                    "name": f"Farmer {number}",
                    "gender": "Woman" if number % 2 else "Man",
                    "birth_year": "1978",
                    "consent": "Yes",
                    "consent_date": "2026-03-01",
                },
            )
            for number in range(rows)
        ]
        roster_group = ProducerGroupFactory(name="Benchmark roster group", country=ghana)

        runs = []
        for name, work in (
            ("producer groups", lambda: groups_import(rows=groups, user=platform)),
            ("roster", lambda: roster_import(group=roster_group, rows=farmers, user=platform)),
        ):
            start = time.perf_counter()
            # Tasks run in-process here, on commit: the outer block keeps them apart.
            with CaptureQueriesContext(connection) as queries, transaction.atomic():
                report = work()
                stored = time.perf_counter()
            worker_seconds = time.perf_counter() - stored
            assert not report.problems, report.problems[:3]
            runs.append((name, stored - start, worker_seconds, len(queries)))
        return runs
