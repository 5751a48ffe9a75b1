"""Forwarding statements to an external LRS (issue 16, point 5): a Celery task with retry
and no duplicates, tried eagerly with a fake LRS and once against a real Ralph LRS
started on 127.0.0.1 by a fixture.

Ralph (ralph-malph) lives in its own virtualenv, `.venv-lrs`, made by `make setup`: its
`lrs` extra pins versions (sentry-sdk 2.14, importlib-metadata < 8.6) that conflict with
the project's (decision 0021).
"""

import base64
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.test import override_settings

from content.factories import UserFactory
from h5p import tasks, xapi
from h5p.models import H5PStatement
from h5p.tracking_services import h5p_statements_record
from tests.h5p.player_helpers import knowledge_check_activity, statement

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
RALPH = Path(os.environ.get("BACKPACK_RALPH", ROOT / ".venv-lrs" / "bin" / "ralph"))
LRS_USER, LRS_PASSWORD = "backpack", "lrs-test-password"


@pytest.fixture
def recorded(db):
    """Three statements of one learner, stored as the tracking API stores them."""
    learner = UserFactory()
    activity = knowledge_check_activity()
    h5p_statements_record(
        user=learner,
        activity=activity,
        statements=[statement(0.5, minutes=1), statement(1, minutes=2), statement(minutes=3)],
    )
    return learner, activity


def run_once():
    """One run of the task, as a worker makes it. Eagerly, a retry is not run: the run
    raises `Retry` (what makes a worker schedule the next try)."""
    try:
        return tasks.h5p_statements_forward.apply().get()
    except Retry:
        return "retry"


def waiting():
    return H5PStatement.objects.filter(forwarded_at__isnull=True, forward_error="").count()


class FakeLRS:
    """Answers like an LRS: keeps statements by id; a known id again is 204/409."""

    def __init__(self, fail_times=0, refuse_ids=()):
        self.stored = {}
        self.calls = []
        self.fail_times = fail_times
        self.refuse_ids = set(refuse_ids)

    def __call__(self, method, url, body):
        self.calls.append((method, url))
        if self.fail_times:
            self.fail_times -= 1
            raise tasks.LRSUnavailable("connection refused")
        statements = body if isinstance(body, list) else [body]
        if any(item["id"] in self.refuse_ids for item in statements):
            return 400, b'{"detail": "invalid statement"}'
        if method == "POST" and any(item["id"] in self.stored for item in statements):
            return 409, b'{"detail": "conflict"}'
        if method == "PUT" and statements[0]["id"] in self.stored:
            return 409, b""
        for item in statements:
            self.stored[item["id"]] = item
        return (200, json.dumps([item["id"] for item in statements]).encode())


LRS_SETTINGS = {
    "H5P_LRS_ENDPOINT": "http://127.0.0.1:9/xAPI",
    "H5P_LRS_USERNAME": LRS_USER,
    "H5P_LRS_PASSWORD": LRS_PASSWORD,
}


def test_off_by_default_nothing_is_sent(recorded):
    with mock.patch.object(tasks, "_request") as request:
        assert tasks.h5p_statements_forward.apply().get() == 0
    request.assert_not_called()
    assert waiting() == 3


@override_settings(**LRS_SETTINGS)
def test_statements_are_sent_once_and_marked(recorded):
    lrs = FakeLRS()
    with mock.patch.object(tasks, "_request", lrs):
        assert tasks.h5p_statements_forward.apply().get() == 3
        assert tasks.h5p_statements_forward.apply().get() == 0
    assert len(lrs.stored) == 3 and waiting() == 0
    assert [method for method, _url in lrs.calls] == ["POST"]
    assert lrs.calls[0][1] == "http://127.0.0.1:9/xAPI/statements"
    for item in lrs.stored.values():
        assert xapi.xapi_statement_for_lrs(item) == []


def test_the_task_retries_with_back_off_when_the_lrs_is_unavailable():
    task = tasks.h5p_statements_forward
    assert task.autoretry_for == (tasks.LRSUnavailable,)
    assert task.retry_backoff is True and task.retry_backoff_max == 600
    assert task.max_retries == 8
    assert "h5p.tasks.h5p_statements_forward" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


@override_settings(**LRS_SETTINGS)
def test_an_unreachable_lrs_means_a_retry_and_nothing_marked_meanwhile(recorded):
    lrs = FakeLRS(fail_times=2)
    with mock.patch.object(tasks, "_request", lrs):
        assert run_once() == "retry"
        assert waiting() == 3
        assert run_once() == "retry"
        # The network comes back: the next try sends each statement once.
        assert run_once() == 3
        assert run_once() == 0
    assert len(lrs.calls) == 3 and len(lrs.stored) == 3 and waiting() == 0


@pytest.mark.parametrize("status", [500, 502, 503, 429, 401])
@override_settings(**LRS_SETTINGS)
def test_answers_worth_trying_again_mean_a_retry(recorded, status):
    with mock.patch.object(tasks, "_request", return_value=(status, b"busy")):
        assert run_once() == "retry"
    assert waiting() == 3


@override_settings(**LRS_SETTINGS)
def test_a_batch_the_lrs_partly_has_is_resent_one_by_one_without_duplicates(recorded):
    lrs = FakeLRS()
    with mock.patch.object(tasks, "_request", lrs):
        tasks.h5p_statements_forward.apply().get()
        # The answer was lost: the statements look unsent again.
        H5PStatement.objects.update(forwarded_at=None)
        lrs.calls.clear()
        assert tasks.h5p_statements_forward.apply().get() == 3
    assert [method for method, _url in lrs.calls] == ["POST", "PUT", "PUT", "PUT"]
    assert len(lrs.stored) == 3 and waiting() == 0


@override_settings(**LRS_SETTINGS)
def test_a_statement_the_lrs_refuses_is_marked_and_not_sent_again(recorded):
    refused = str(H5PStatement.objects.order_by("timestamp").first().pk)
    lrs = FakeLRS(refuse_ids=[refused])
    with mock.patch.object(tasks, "_request", lrs):
        tasks.h5p_statements_forward.apply().get()
        assert tasks.h5p_statements_forward.apply().get() == 0
    assert len(lrs.stored) == 2
    assert H5PStatement.objects.get(pk=refused).forward_error.startswith("400")


@override_settings(**LRS_SETTINGS, CELERY_TASK_ALWAYS_EAGER=False)
def test_recording_statements_queues_forwarding_after_commit(
    db, django_capture_on_commit_callbacks
):
    user, activity = UserFactory(), knowledge_check_activity()
    with (
        mock.patch.object(tasks.h5p_statements_forward, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        h5p_statements_record(user=user, activity=activity, statements=[statement(1)])
    delay.assert_called_once_with()


# --- Against a real LRS: Ralph on 127.0.0.1 ------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def ralph(tmp_path):
    """Ralph's LRS with its file-system backend in a temporary folder and one basic-auth
    user, on a free port of 127.0.0.1; stopped (its whole process group) after the test."""
    if not RALPH.exists():
        pytest.skip(f"Ralph is not installed at {RALPH}: run `make setup` (it makes .venv-lrs)")
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(tmp_path),
        "RALPH_AUTH_FILE": str(tmp_path / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(tmp_path / "statements"),
    }
    (tmp_path / "statements").mkdir()
    subprocess.run(
        [
            *(str(RALPH), "auth", "-u", LRS_USER, "-p", LRS_PASSWORD, "-s", "all", "-w"),
            *("-A", "backpack-site", "http://testserver"),
        ],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    log = (tmp_path / "ralph.log").open("wb")
    # `timeout` ends the server by itself should this test process die without cleaning up.
    server = subprocess.Popen(
        [
            *("timeout", "600", str(RALPH), "runserver", "-b", "fs", "-h", "127.0.0.1"),
            *("-p", str(port), "--fs-default-directory-path", str(tmp_path / "statements")),
        ],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/__heartbeat__", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(
                        "Ralph did not start: " + (tmp_path / "ralph.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield f"{base}/xAPI/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def ralph_statements(endpoint) -> list[dict]:
    pair = base64.b64encode(f"{LRS_USER}:{LRS_PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        f"{endpoint}statements?limit=100",
        headers={"X-Experience-API-Version": "1.0.3", "Authorization": f"Basic {pair}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["statements"]


def test_statements_reach_ralph_once_with_the_learner_identifiable(recorded, ralph):
    learner, activity = recorded
    down = {**LRS_SETTINGS, "H5P_LRS_ENDPOINT": f"http://127.0.0.1:{_free_port()}/xAPI/"}
    # The LRS cannot be reached: everything waits.
    with override_settings(**down):
        assert run_once() == "retry"
    assert waiting() == 3
    # The network comes back.
    with override_settings(**{**LRS_SETTINGS, "H5P_LRS_ENDPOINT": ralph}):
        assert tasks.h5p_statements_forward.apply().get() == 3
        # A lost answer makes them all look unsent: sent again, Ralph still has each once.
        H5PStatement.objects.update(forwarded_at=None)
        assert tasks.h5p_statements_forward.apply().get() == 3
    assert waiting() == 0
    stored = ralph_statements(ralph)
    ours = sorted(str(pk) for pk in H5PStatement.objects.values_list("pk", flat=True))
    assert sorted(item["id"] for item in stored) == ours
    for item in stored:
        assert item["actor"]["account"] == {
            "homePage": "http://testserver",
            "name": xapi.learner_pseudonym(learner.pk),
        }
        assert item["object"]["id"] == xapi.activity_iri(activity.pk)
        assert item["timestamp"].startswith("2026-11-24T09:0")
