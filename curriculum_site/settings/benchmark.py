"""The production settings with the collected static files and public media in folders of
a benchmark's own (`manage.py benchmark_h5p`): never used to serve anyone."""

import os

from curriculum_site.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCHMARK_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCHMARK_MEDIA_ROOT"]
STORAGES = {**STORAGES, "default": {**STORAGES["default"], "OPTIONS": {"location": MEDIA_ROOT}}}  # noqa: F405
