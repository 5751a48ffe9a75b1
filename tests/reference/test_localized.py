"""Rows in the reader's language, read once per request (reference/localized.py)."""

import time
from types import SimpleNamespace

import pytest
from django.utils import translation
from wagtail.models import Locale

from reference import localized as localized_rows
from reference.localized import forget, localized
from reference.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    original = Theme.objects.originals().order_by("pk").first()
    french = original.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.name = "Thème traduit"
    french.save()
    return original


@pytest.fixture
def clock(monkeypatch):
    """The module's clock, moved by hand (the `time` module itself is left alone). It starts
    well after anything the real clock stamped, as the next test in a long run would."""
    now = [time.monotonic() + 1000]
    monkeypatch.setattr(localized_rows, "time", SimpleNamespace(monotonic=lambda: now[0]))
    return now


def test_a_request_reads_a_table_once_however_long_ago_the_last_read_was(
    theme, clock, django_assert_num_queries
):
    with translation.override("fr"):
        assert localized(theme).name == "Thème traduit"  # an earlier request's read
        clock[0] += 25
        forget()  # the next request starts
        with django_assert_num_queries(1):
            assert localized(theme).name == "Thème traduit"
        # 35 s after the first read, 10 s into this request: still the rows it read.
        clock[0] += 10
        with django_assert_num_queries(0):
            assert localized(theme).name == "Thème traduit"


def test_outside_requests_the_rows_are_read_again_after_thirty_seconds(
    theme, clock, django_assert_num_queries
):
    with translation.override("fr"):
        with django_assert_num_queries(1):
            localized(theme)
        clock[0] += 29
        with django_assert_num_queries(0):
            localized(theme)
        clock[0] += 2
        with django_assert_num_queries(1):
            localized(theme)
