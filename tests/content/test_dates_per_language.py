"""Dates per language (issue 15 point 4, decision 0020): day first everywhere outside the
US, international English ("5 Nov 2026"), and Burmese, which Django has no formats for."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format, get_format

FIFTH_OF_NOVEMBER = datetime.date(2026, 11, 5)


def test_english_is_international_and_unambiguous():
    with translation.override("en"):
        assert date_format(FIFTH_OF_NOVEMBER, "DATE_FORMAT") == "5 Nov 2026"
        assert date_format(FIFTH_OF_NOVEMBER, "SHORT_DATE_FORMAT") == "5 Nov 2026"
        assert get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


@pytest.mark.parametrize("language", ["en", "fr", "pt", "id", "th", "vi", "my"])
@pytest.mark.parametrize("name", ["DATE_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"])
def test_no_language_writes_the_month_first(language, name):
    with translation.override(language):
        shown = date_format(datetime.datetime(2026, 11, 5, 9, 30), name)
    assert not shown.startswith(("11", "Nov")), shown
    assert "5" in shown.split("2026")[0], shown


def test_burmese_has_formats_of_its_own():
    with translation.override("my"):
        assert get_format("SHORT_DATE_FORMAT") == "d/m/Y"
        assert date_format(FIFTH_OF_NOVEMBER, "SHORT_DATE_FORMAT") == "05/11/2026"
