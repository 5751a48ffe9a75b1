"""Rows in the reader's language, read once per request (reference/localized.py)."""

import time
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.signals import request_finished, request_started
from django.utils import translation
from wagtail.models import Locale

from reference import localized as localized_rows
from reference.localized import localized
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
def clock(monkeypatch, test_connection_kept_open):
    """The module's clock, moved by hand (the `time` module itself is left alone). It
    starts well past anything the real clock stamped, so the first read finds the memory
    expired whatever the machine's clock reads; set back to the real time after the test,
    so nothing later in the process meets a memory stamped in the future."""
    now = [time.monotonic() + 1000]
    monkeypatch.setattr(localized_rows, "time", SimpleNamespace(monotonic=lambda: now[0]))
    # No request is being served: one an earlier test left open (a streamed answer the
    # test client never read to its end, whose end signal never came) is over.
    request_finished.send(sender=None)
    yield now
    now[0] = time.monotonic()


@contextmanager
def a_request():
    """A request's start and end, as the request signals tell them (with the `clock`
    fixture, which keeps the test's connection open through them, as the test client
    does)."""
    request_started.send(sender=None)
    try:
        yield
    finally:
        request_finished.send(sender=None)


def test_a_request_reads_each_table_once_however_long_it_lasts(
    theme, clock, django_assert_num_queries
):
    with translation.override("fr"):
        assert localized(theme).name == "Thème traduit"  # an earlier read, outside requests
        clock[0] += 25
        with a_request():
            with django_assert_num_queries(1):
                assert localized(theme).name == "Thème traduit"
            # 35 s after the earlier read, 10 s into this request: the rows it read.
            clock[0] += 10
            with django_assert_num_queries(0):
                assert localized(theme).name == "Thème traduit"
            # A request longer than the 30 seconds still reads each table once.
            clock[0] += 60
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


def test_a_request_reads_again_what_a_saved_translation_changed(
    theme, clock, django_assert_num_queries
):
    french = Theme.objects.get(translation_key=theme.translation_key, locale__language_code="fr")
    with translation.override("fr"), a_request():
        assert localized(theme).name == "Thème traduit"
        french.name = "Thème renommé"
        french.save()
        with django_assert_num_queries(1):
            assert localized(theme).name == "Thème renommé"
