"""Production settings point the cache at Redis, media at any S3-compatible service, log
JSON lines with the request's id, and report errors only when told where."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from curriculum_site.observability import (
    AccessLogFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
    json_formatter,
)
from tests.test_production_settings import PRODUCTION_ENV, ROOT

# Each test starts Python with the production settings and their own DATABASE_URL: the same
# run whichever database the suite is on, so CI runs them in the SQLite suite only.
pytestmark = pytest.mark.database_independent

READ_SETTINGS = """
import json
from django.conf import settings
import sentry_sdk
print(json.dumps({
    "caches": settings.CACHES,
    "storages": {k: v for k, v in settings.STORAGES.items() if k != "staticfiles"},
    "sentry": sentry_sdk.get_client().is_active(),
    "hijack": settings.CELERY_WORKER_HIJACK_ROOT_LOGGER,
}, default=str))
"""


def production_settings(**env) -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="curriculum_site.settings.production")
    environment.update(env)
    code = "import django; django.setup()\n" + READ_SETTINGS
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_services_production_keeps_local_cache_and_disk():
    read = production_settings()

    assert read["caches"]["default"]["BACKEND"].endswith("LocMemCache")
    assert read["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert read["sentry"] is False


def test_redis_cache_s3_media_and_sentry_from_the_environment():
    read = production_settings(
        REDIS_URL="redis://cache.internal:6379/1",
        AWS_STORAGE_BUCKET_NAME="backpack-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        SENTRY_DSN="https://public@sentry.example.org/1",
    )

    assert read["caches"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert read["caches"]["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    default, private = read["storages"]["default"], read["storages"]["private"]
    assert default["OPTIONS"]["endpoint_url"] == private["OPTIONS"]["endpoint_url"]
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    # Two prefixes of one bucket, neither inside the other.
    assert (default["OPTIONS"]["location"], private["OPTIONS"]["location"]) == ("media", "private")
    assert read["sentry"] is True
    assert read["hijack"] is False


def test_cache_url_wins_over_redis_url():
    read = production_settings(REDIS_URL="redis://a:6379/1", CACHE_URL="redis://b:6379/2")

    assert read["caches"]["default"]["LOCATION"] == "redis://b:6379/2"


def _log_line(formatter, record) -> dict:
    RequestIdFilter().filter(record)
    return json.loads(formatter.format(record))


def test_log_lines_are_json_with_the_request_id():
    seen = {}

    def view(request):
        record = logging.LogRecord(
            "monitoring", logging.INFO, __file__, 1, "export %s", ("7",), None
        )
        seen["line"] = _log_line(json_formatter(), record)
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(
        RequestFactory().get("/", headers={"X-Request-ID": "lb-1234abcd"})
    )

    assert response["X-Request-ID"] == "lb-1234abcd"
    assert seen["line"]["message"] == "export 7"
    assert seen["line"]["level"] == "INFO"
    assert seen["line"]["logger"] == "monitoring"
    assert seen["line"]["request_id"] == "lb-1234abcd"
    outside = logging.LogRecord("celery", logging.INFO, __file__, 1, "task", (), None)
    assert _log_line(json_formatter(), outside)["request_id"] is None


def test_a_request_id_that_is_not_one_is_replaced():
    response = RequestIdMiddleware(lambda request: HttpResponse("ok"))(
        RequestFactory().get("/", headers={"X-Request-ID": "x\nforged log line"})
    )

    assert len(response["X-Request-ID"]) == 32
    assert "forged" not in response["X-Request-ID"]


def test_gunicorn_access_lines_name_their_fields():
    atoms = {"m": "GET", "U": "/backpack/", "q": "", "s": "200", "B": 5120, "D": 23456}
    atoms |= {"h": "10.0.0.2", "a": "curl", "{x-request-id}o": "abc123456"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s", atoms, None)

    line = json.loads(AccessLogFormatter().format(record))

    assert line["method"] == "GET"
    assert line["path"] == "/backpack/"
    assert line["status"] == 200
    assert line["duration_ms"] == 23.5
    assert line["request_id"] == "abc123456"
