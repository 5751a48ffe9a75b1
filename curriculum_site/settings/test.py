"""Settings for the test suite: fast hashing, in-memory e-mail, eager tasks."""

import os

from curriculum_site.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run eagerly, so the broker is never touched, except by tests/test_celery_worker.py,
# which switches eager mode off and runs a worker. The broker is set here, not in that
# test, because Celery builds its connection pool once, from the first configuration.
CELERY_BROKER_URL = os.environ.get("BACKPACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "curriculum_site.sqlite_backend":  # noqa: F405
    # SQLite's test database in memory, as Django makes it by default, said out loud:
    # pytest-xdist's per-worker names skip only ":memory:" (or Django's own sqlite3 engine),
    # and would otherwise name a file after db.sqlite3's path (decision 0024).
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away: a commit (the browser tests' live server, tests with
    # transaction=True, the database template) need not wait for the disk.
    DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"  # noqa: F405
# Whole-page caching is tested where it is meant to be (tests/content/test_page_cache.py,
# which switches it on); elsewhere a test that changes rows without signals (update())
# and reads the page again must see the change.
BACKPACK_PAGE_CACHE_SECONDS = 0
# Wagtail's editor pings its concurrent-editing endpoint every 10 s. On a loaded CI machine a
# browser test in the editor lives long enough for a ping to land while the test signs in as
# someone else, and Wagtail answers that stale ping with a 400 that the test counts as a
# console error (seen twice in the admin walks). No test is about those notices; one ping per
# ten minutes keeps the pings out of the tests' way.
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
# Wagtail 8's editor also saves a draft 0.5 s after each edit (autosave). A walk that types
# and at once submits for review, then signs in as the reviewer, can meet that save landing
# after the submit: Wagtail answers it 400 (the revision moved on), a console error in the
# test (seen once on CI). No test is about autosave; it stays on, every ten minutes.
WAGTAIL_AUTOSAVE_INTERVAL = 600_000
