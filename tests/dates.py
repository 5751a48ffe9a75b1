"""Dates for tests, taken when a test runs, never when its module is imported.

A module-level ``TODAY = timezone.localdate()`` holds the day pytest collected the
module. A run collected before midnight that reaches the test after it compares
yesterday's "today" with the real one, and a date meant to lie in the future is
today and is accepted. So tests call ``today()`` in their bodies, and
``parametrize`` lists (which pytest builds at collection) carry a ``FromToday``
(or a ``YearFromToday``) that the test turns into a date with ``on_the_day``
when it runs.
"""

import dataclasses
import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def days_from_today(days: int) -> datetime.date:
    return today() + datetime.timedelta(days=days)


@dataclasses.dataclass(frozen=True)
class FromToday:
    """A date ``days`` from the day the test runs (negative for the past).

    ``as_text`` gives it written as YYYY-MM-DD, as a form or the API receives it.
    """

    days: int = 0
    as_text: bool = False

    def on_the_day(self) -> datetime.date | str:
        date = days_from_today(self.days)
        return date.isoformat() if self.as_text else date


@dataclasses.dataclass(frozen=True)
class YearFromToday:
    """The year ``years`` after the one the test runs in, written as a number (a sheet's cell)."""

    years: int

    def on_the_day(self) -> str:
        return str(today().year + self.years)


def on_the_day(value):
    """``value`` with each ``FromToday`` or ``YearFromToday`` in it (itself, or a dict's
    values) worked out now."""
    if isinstance(value, FromToday | YearFromToday):
        return value.on_the_day()
    if isinstance(value, dict):
        return {key: on_the_day(item) for key, item in value.items()}
    return value
