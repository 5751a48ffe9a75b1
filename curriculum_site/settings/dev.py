"""Local development and the demo: SQLite, in-process tasks, console e-mail."""

from curriculum_site.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-secret-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
