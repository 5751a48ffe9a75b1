import os
import subprocess
import sys
from pathlib import Path

from tests.modules.test_query_counts import MAX_QUERIES

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_prints_median_p95_and_queries_for_each_page():
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "curriculum_site.settings.dev"

    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark_backpack", "--modules", "5", "--requests", "3"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Backpack benchmark: 5 modules, 3 requests per page, sqlite"
    assert "median" in lines[1] and "p95" in lines[1]
    pages = {line[:32].strip(): line[32:].split() for line in lines[2:]}
    assert set(pages) == {
        "backpack list",
        "backpack list, two filters",
        "backpack search",
        "module page",
    }
    for median, p95, queries in pages.values():
        assert float(median.removesuffix("ms")) > 0 and float(p95.removesuffix("ms")) > 0
        # The same ceiling as tests/modules/test_query_counts.py.
        assert 0 < int(queries) <= MAX_QUERIES
