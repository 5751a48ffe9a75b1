"""Time the sync upload: N sessions of M attendees each, in one request, in a throw-away database.

    python manage.py benchmark_sync --sessions 500 --attendees 20 --repeat 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python manage.py benchmark_sync

Prints, per run, the time of the request, sessions per second, attendance rows per
second and the number of queries (which must not grow with the batch: compare
--sessions 50 with --sessions 500). Uses a fresh test database, so it never
touches real data. Figures, not pass/fail.
"""

import time
import uuid

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from rest_framework.test import APIClient

from content.management.benchmark_database import (
    add_current_database_argument,
    benchmark_database,
)
from content.services import site_structure_ensure
from reference import roles
from training_delivery.models import TrainingSession


class Command(BaseCommand):
    help = "Time uploading a batch of sessions through the sync API (sessions/s, rows/s, queries)."

    def add_arguments(self, parser):
        parser.add_argument("--sessions", type=int, default=500, help="Sessions per upload.")
        parser.add_argument("--attendees", type=int, default=20, help="Farmers per session.")
        parser.add_argument("--repeat", type=int, default=3, help="Uploads to time.")
        add_current_database_argument(parser)

    def handle(self, *args, sessions, attendees, repeat, **options):
        with (
            benchmark_database(current=options["current_database"]),
            override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]),
        ):
            runs = self._measure(sessions=sessions, attendees=attendees, repeat=repeat)

        self.stdout.write(
            f"Sync upload benchmark: {sessions} sessions x {attendees} attendees per upload, "
            f"{connection.vendor}"
        )
        self.stdout.write(
            f"{'run':<6}{'seconds':>9}{'sessions/s':>12}{'attendance rows/s':>19}{'queries':>9}"
        )
        for number, (seconds, queries) in enumerate(runs, start=1):
            self.stdout.write(
                f"{number:<6}{seconds:>9.2f}{sessions / seconds:>12.0f}"
                f"{sessions * attendees / seconds:>19.0f}{queries:>9}"
            )

    def _measure(self, *, sessions, attendees, repeat):
        # Factories are a development dependency, not installed in production, where this
        # command is never run: imported only when it is.
        from content.factories import UserFactory
        from modules.factories import TrainingModulePageFactory
        from organisation_levels.factories import ProducerGroupFactory
        from training_delivery.factories import FarmerFactory

        backpack = site_structure_ensure()
        module = TrainingModulePageFactory(parent=backpack, code="BM-01")
        group = ProducerGroupFactory(name="Benchmark group")
        trainer = UserFactory(username="benchmark-trainer", groups=[roles.TRAINERS])
        group.trainers.add(trainer)
        group.save()
        codes = [f"F-{number:04d}" for number in range(attendees)]
        for code in codes:
            FarmerFactory(group=group, member_code=code)
        client = APIClient()
        client.force_authenticate(trainer)

        runs = []
        for _ in range(repeat):
            batch = [
                {
                    "uuid": str(uuid.uuid4()),
                    "group": group.pk,
                    "date": "2026-10-14",
                    "starts_at": "09:00",
                    "ends_at": "11:00",
                    "method": "farmer-field-school",
                    "language": "en",
                    "modules": [{"id": module.pk, "feedback_rating": 4}],
                    "attendance": [
                        {"member_code": code, "pre_score": 40, "post_score": 70} for code in codes
                    ],
                }
                for _ in range(sessions)
            ]
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.post("/api/v1/sessions/", {"sessions": batch}, format="json")
            seconds = time.perf_counter() - start
            body = response.json()
            assert response.status_code == 200 and body["accepted"] == sessions, body
            runs.append((seconds, len(queries)))
        assert TrainingSession.objects.count() == sessions * repeat
        return runs
