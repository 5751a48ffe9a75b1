"""A live server that answers on the test's own database connection (decision 0024).

pytest-django's live server makes every test that uses it transactional: the server's thread
has its own PostgreSQL connection, so the test's rows must be committed for it to see them,
and after each test the whole database is emptied and the site tree loaded back from a JSON
snapshot (`serialized_rollback`): seconds per browser test, most of the browser tests' time.
Django already shares SQLite's in-memory connection with the server thread. Here every
connection is shared, PostgreSQL's too, so a browser test runs inside the test's transaction
like any other test and is rolled back in milliseconds. Three things make that safe:

- one request at a time: a connection's transaction state (atomic blocks, savepoints) is not
  made for two threads, so the server handles requests one after the other (the browser's
  parallel fetches wait their turn, as they would on a one-worker server);
- nothing closes the shared connection: Django closes a request's connections when it ends,
  and `close_old_connections` closes one whose autocommit differs from the settings, which is
  always true inside the test's transaction;
- callbacks a request registers with `transaction.on_commit` run when the request ends, as the
  commit of a real request would run them (inside the test's transaction nothing commits).

A test that needs real commits (another process reading the database) keeps
`django_db(transaction=True)`; the server then shares a connection in autocommit mode.
"""

import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import TestCase
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings

_one_request_at_a_time = threading.Lock()
_serving = threading.local()
_original_close_if_unusable = BaseDatabaseWrapper.close_if_unusable_or_obsolete


def _close_if_unusable_or_obsolete(connection):
    """Django's check at each request's start and end, skipped in the server's threads."""
    if getattr(_serving, "shares_connections", False):
        return
    _original_close_if_unusable(connection)


class _OneRequestAtATime:
    """The site's WSGI application, entered by one request at a time, its on-commit
    callbacks run as it ends. Between tests it answers 503 without touching the database: a
    request the last test's browser sent late (a service worker's background sync, a
    beacon) must not run on the connection while the test's transaction is rolled back and
    the next one begins."""

    serving = False

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        with _one_request_at_a_time:
            if not _OneRequestAtATime.serving:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"Between tests."]
            with _callbacks_run_at_the_end():
                return self.application(environ, start_response)


def tests_request_serving(serving: bool) -> None:
    """Opens the server to the test's requests, or closes it once the request in hand ends."""
    with _one_request_at_a_time:
        _OneRequestAtATime.serving = serving


class _callbacks_run_at_the_end:
    """`TestCase.captureOnCommitCallbacks(execute=True)` for every database."""

    def __enter__(self):
        self.captures = [
            TestCase.captureOnCommitCallbacks(using=alias, execute=True) for alias in connections
        ]
        for capture in self.captures:
            capture.__enter__()

    def __exit__(self, *exc_info):
        for capture in reversed(self.captures):
            capture.__exit__(*exc_info)


class _SharedConnectionServer(ThreadedWSGIServer):
    def process_request_thread(self, request, client_address):
        _serving.shares_connections = True
        super().process_request_thread(request, client_address)

    def set_app(self, application):
        super().set_app(_OneRequestAtATime(application))

    def _close_connections(self):
        """The connections are the test's: left open (Django closes a request's own)."""


class _SharedConnectionThread(LiveServerThread):
    server_class = _SharedConnectionServer


# The host the browser tests' site is served on. Cookies belong to a host, whatever its
# port, so tests/browser/helpers.py's `signed_in` sets the session cookie for this one.
HOST = "localhost"


class SharedConnectionLiveServer:
    """What pytest-django's `live_server` fixture gives (`url`, `str()`, `+`), sharing the
    test's connections with the server's thread."""

    def __init__(self, host=HOST):
        self.shared = {connection.alias: connection for connection in connections.all()}
        self.thread = _SharedConnectionThread(
            host, static_handler=StaticFilesHandler, connections_override=self.shared
        )
        self.thread.daemon = True
        self.allowed_host = modify_settings(ALLOWED_HOSTS={"append": host})

    def start(self):
        BaseDatabaseWrapper.close_if_unusable_or_obsolete = _close_if_unusable_or_obsolete
        for connection in self.shared.values():
            connection.inc_thread_sharing()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            error = self.thread.error
            self.stop()
            raise error

    def stop(self):
        self.thread.terminate()
        for connection in self.shared.values():
            connection.dec_thread_sharing()
        BaseDatabaseWrapper.close_if_unusable_or_obsolete = _original_close_if_unusable

    @property
    def url(self):
        return f"http://{self.thread.host}:{self.thread.port}"

    def __str__(self):
        return self.url

    def __add__(self, other):
        return f"{self}{other}"
