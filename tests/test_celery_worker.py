"""One task end to end through a real Celery worker and the local Redis broker."""

import os
import socket
import time
from urllib.parse import urlparse

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from content.factories import UserFactory
from curriculum_site.celery import app
from modules.factories import TrainingModulePageFactory
from modules.tasks import notify_module_published
from reference.models import Country

REDIS_URL = settings.CELERY_BROKER_URL


def redis_is_running() -> bool:
    address = urlparse(REDIS_URL)
    try:
        with socket.create_connection((address.hostname, address.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def celery_on_redis():
    if not redis_is_running():
        message = f"Redis is not running at {REDIS_URL}"
        if os.environ.get("BACKPACK_REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    app.conf.task_always_eager = False
    # Database 15 is the tests' own; drop anything an interrupted run left queued there.
    app.control.purge()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def published_module(backpack):
    """Published before the worker starts (tasks still eager), so its own notice is not ours."""
    UserFactory(
        username="kofi",
        email="kofi@platform.example",
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )
    module = TrainingModulePageFactory(
        parent=backpack, code="ENV-01", title="Growing without clearing forest"
    )
    module.save_revision().publish()
    mail.outbox.clear()
    return module


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publication_notice_is_sent_by_a_real_worker(published_module, celery_on_redis):
    module = published_module

    result = notify_module_published.delay(module.pk)

    # The worker runs in this process, so the message it sends lands in this outbox.
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert result.id  # queued through the broker, not run eagerly
    assert [message.bcc for message in mail.outbox] == [["kofi@platform.example"]]
    assert "ENV-01" in mail.outbox[0].subject
