"""The health check: ok or failing per check, nothing more, at /health/ in any language."""

import pytest
from django.core.files.storage import storages

from curriculum_site import health


@pytest.mark.django_db
def test_every_check_passes_on_a_working_site(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "database: ok",
        "cache: ok",
        "migrations: ok",
        "media storage: ok",
        "private storage: ok",
    ]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_json_on_request(client):
    by_query = client.get("/health/?format=json")
    by_header = client.get("/health/ready/", headers={"Accept": "application/json"})

    assert by_query.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "migrations": "ok",
            "media storage": "ok",
            "private storage": "ok",
        },
    }
    assert by_header.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_a_failing_check_answers_503_without_saying_why(client, monkeypatch):
    def broken_save(*args, **kwargs):
        raise OSError("bucket backpack-secret-name at 10.0.0.7 refused the write")

    monkeypatch.setattr(storages["private"], "save", broken_save)

    response = client.get("/health/?format=json")

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["private storage"] == "failing"
    assert response.json()["checks"]["media storage"] == "ok"
    assert b"10.0.0.7" not in response.content
    assert b"backpack-secret-name" not in response.content


@pytest.mark.django_db
def test_unapplied_migrations_fail_the_readiness_check(client, monkeypatch):
    monkeypatch.setattr(health.MigrationsApplied, "_all_applied", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("app", "0002")]
    )

    response = client.get("/health/ready/")

    assert response.status_code == 503
    assert "migrations: failing" in response.content.decode()


def test_broker_and_workers_are_checked_when_tasks_go_to_a_worker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/11"

    names = [name for name, _check in health._all_checks()]

    assert names[-2:] == ["broker", "workers"]
    assert "workers" not in [name for name, _check in health._readiness_checks()]
