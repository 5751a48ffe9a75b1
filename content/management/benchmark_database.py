"""Where a benchmark command measures: a throw-away test database, or the suite's own.

Run by a person, a benchmark makes a fresh test database (every migration, then its
seed) and drops it at the end, so it never touches real data. The suite's tests of
these commands pass `--current-database` instead: the test database they run in is
already migrated, holds the site tree, and is rolled back after the test, so a test pays
for its small seed only, not for migrating a database of its own in a subprocess (about
46 CPU seconds each; decision 0024).
"""

import argparse
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX


def add_current_database_argument(parser) -> None:
    # For the suite only: not in the command's help.
    parser.add_argument("--current-database", action="store_true", help=argparse.SUPPRESS)


@contextmanager
def benchmark_database(*, current: bool, serialize: bool = False):
    """A fresh test database for the block, dropped after it; with `current`, the database
    this process is connected to, which must be a test database (nothing made or dropped)."""
    if current:
        name = str(connection.settings_dict["NAME"])
        in_memory = connection.vendor == "sqlite" and connection.creation.is_in_memory_db(name)
        # Django names every test database test_… (pytest-xdist adds _gw0…), SQLite's is in
        # memory: never a real database.
        if not (in_memory or name.startswith(TEST_DATABASE_PREFIX)):
            raise CommandError(
                "--current-database measures in a test database only (the test suite's); "
                f"{name!r} is not one."
            )
        yield
        return
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=serialize)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
