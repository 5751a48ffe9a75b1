import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.content.benchmark_run import benchmark_lines
from tests.modules.test_query_counts import MAX_QUERIES


def test_benchmark_prints_median_p95_and_queries_for_each_page(db):
    lines = benchmark_lines("benchmark_backpack", "--modules", "5", "--requests", "3")

    assert lines[0] == f"Backpack benchmark: 5 modules, 3 requests per page, {connection.vendor}"
    assert "median" in lines[1] and "p95" in lines[1]
    pages = {line[:32].strip(): line[32:].split() for line in lines[2:]}
    assert set(pages) == {
        "backpack list",
        "backpack list, two filters",
        "backpack search",
        "module page",
    }
    for name, (median, p95, queries) in pages.items():
        assert float(median.removesuffix("ms")) > 0 and float(p95.removesuffix("ms")) > 0
        # The same ceiling as tests/modules/test_query_counts.py. The lists read their
        # modules; a module page renders from what is kept per content version, without a
        # query (decision 0037, sixth pass).
        assert int(queries) <= MAX_QUERIES
        assert int(queries) > 0 or name == "module page"


def test_the_current_database_must_be_a_test_database(monkeypatch):
    # --current-database is for the suite: never measured in (and filled into) a real database.
    monkeypatch.setitem(connection.settings_dict, "NAME", "backpack")

    with pytest.raises(CommandError, match=r"test database only.*'backpack' is not one"):
        call_command("benchmark_backpack", "--current-database", stdout=io.StringIO())
