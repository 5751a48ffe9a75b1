"""The Celery app. Eager (in-process) unless CELERY_BROKER_URL is set."""

import os

from celery import Celery

# Like wsgi.py: a worker started without settings is a production worker. Locally,
# DJANGO_SETTINGS_MODULE=curriculum_site.settings.dev selects development.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "curriculum_site.settings.production")

app = Celery("curriculum_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
