"""A benchmark command run in the test's own database (decision 0024)."""

import io

from django.core.management import call_command


def benchmark_lines(command: str, *args: str) -> list[str]:
    """The lines a benchmark command prints, run in this process on the test database
    (`--current-database`: already migrated, holding the site tree, rolled back after the
    test) instead of a subprocess migrating a throw-away database of its own."""
    out = io.StringIO()
    call_command(command, *args, "--current-database", stdout=out)
    return out.getvalue().splitlines()
