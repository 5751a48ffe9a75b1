"""The health check (django-health-check; decision 0018), at /health/ with no language prefix.

- `/health/`: the whole stack, for monitoring and the production smoke test: database,
  cache, both storages, migrations applied, and with a broker, the broker and a worker.
- `/health/ready/`: for the load balancer: what would make this web process, and not its
  neighbours, unable to serve (its database and cache connections, the code's migrations
  applied). A lost worker or a slow bucket is every process's problem; taking them all
  out of the load balancer would not help.

Each answers 200 when every check passes and 503 otherwise, as plain text, or as JSON
with `?format=json` or `Accept: application/json`. The public sees only "ok" or
"failing" per check; why a check failed goes to the log, never into the answer.
"""

import asyncio
import dataclasses

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.urls import path
from health_check import Cache, Database, HealthCheck, Storage
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

from curriculum_site.celery import app as celery_app

OK, FAILING = "ok", "failing"


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of this code is applied: a process started before `migrate`
    finished would fail on the first query that needs a new column."""

    alias: str = "default"
    # Once applied, migrations are not taken back: each process checks until they are.
    _all_applied = False

    def run(self):
        if MigrationsApplied._all_applied:
            return
        connection = connections[self.alias]
        with connection.temporary_connection():
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise ServiceUnavailable(f"{len(pending)} migrations not applied")
        MigrationsApplied._all_applied = True


def _broker_checks() -> list[tuple[str, object]]:
    """The broker and the workers, when tasks go to a worker (not run in the process)."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return []
    checks = []
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        checks.append(("broker", (Redis, {"client_factory": _broker_client})))
    # One worker answering is enough; without `limit` the ping waits out its timeout.
    checks.append(("workers", (Ping, {"app": celery_app, "limit": 1})))
    return checks


def _broker_client() -> RedisClient:
    return RedisClient.from_url(settings.CELERY_BROKER_URL)


def _readiness_checks() -> list[tuple[str, object]]:
    return [
        ("database", Database),
        ("cache", Cache),
        ("migrations", MigrationsApplied),
    ]


def _all_checks() -> list[tuple[str, object]]:
    return [
        *_readiness_checks(),
        ("media storage", (Storage, {"alias": "default"})),
        ("private storage", (Storage, {"alias": "private"})),
        *_broker_checks(),
    ]


class HealthView(HealthCheckView):
    """django-health-check's view (never cached, run outside any transaction, checks run
    concurrently), answering only ok/failing per check under a public name."""

    named_checks = staticmethod(_all_checks)

    @property
    def checks(self):
        return [check for _name, check in self.named_checks()]

    async def get(self, request, *args, **kwargs):
        names = [name for name, _check in self.named_checks()]
        results = await asyncio.gather(*(check.get_result() for check in self.get_checks()))
        statuses = {
            name: FAILING if result.error else OK
            for name, result in zip(names, results, strict=True)
        }
        healthy = all(status == OK for status in statuses.values())
        status_code = 200 if healthy else 503
        if _wants_json(request):
            return JsonResponse(
                {"status": OK if healthy else FAILING, "checks": statuses}, status=status_code
            )
        lines = [f"{name}: {status}" for name, status in statuses.items()]
        return HttpResponse(
            "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=status_code
        )


class ReadinessView(HealthView):
    named_checks = staticmethod(_readiness_checks)


def _wants_json(request) -> bool:
    if request.GET.get("format") == "json":
        return True
    accepted = request.headers.get("Accept", "")
    return "application/json" in accepted and "text/plain" not in accepted


urlpatterns = [
    path("", HealthView.as_view(), name="health"),
    path("ready/", ReadinessView.as_view(), name="health_ready"),
]
