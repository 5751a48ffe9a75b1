"""`make bench` prints issue 19's table in one run (figures, never timed assertions)."""

import re

import pytest
from django.db import connection

from tests.content.benchmark_run import benchmark_lines


# Committed: the pages are served by a worker process under the production settings, which
# reads the test database (SQLite's in-memory one through a copy the command takes).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_benchmark_prints_pages_against_a_bare_view_memory_html_and_dashboard():
    lines = benchmark_lines(
        "benchmark_speed",
        *("--modules", "3", "--requests", "2", "--groups", "3", "--farmers", "20"),
        *("--sessions", "10", "--attendance", "40"),
    )

    assert lines[0].startswith(
        f"Speed benchmark (issue 19): 3 modules, 2 requests per page, {connection.vendor}"
    )
    # The pages were served by a worker under the production settings.
    assert "worker: production" in lines[0]
    rows = {line[:44].strip(): line[44:].split() for line in lines[2:6]}
    assert list(rows) == [
        "bare Django view",
        "module page, anonymous",
        "backpack list, anonymous",
        "module page, signed in",
    ]
    for name, (wall, cpu, ratio, rendered, _served, *_target) in rows.items():
        assert float(wall) > 0 and float(cpu) > 0 and ratio.startswith("1/")
        # Counted on a render: the lists read their modules, a signed-in page its session
        # and user; the anonymous module page renders from what is kept per content
        # version (route, page, tags, body) without a query (decision 0037, sixth pass).
        if name in ("backpack list, anonymous", "module page, signed in"):
            assert int(rendered) > 0
    output = "\n".join(lines)
    assert "HTML of the module page:" in output
    assert "Worker memory after load:" in output
    assert re.search(r"Dashboard at 3 groups / [\d,]+ attendance rows", output)
    indicator_lines = [line for line in lines if line.endswith(("yes", "NO"))]
    assert len(indicator_lines) == 7
    # Each indicator gives the same figure as its hand-written SQL.
    assert all(line.endswith("yes") for line in indicator_lines)
    assert "global dashboard page (committee):" in output
