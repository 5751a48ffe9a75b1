import pytest
from django.db import connection

from tests.content.benchmark_run import benchmark_lines


def test_the_sync_benchmark_prints_rates_and_query_counts(db):
    # Constant queries across batch sizes are asserted in test_sync_upload.py, in-process.
    lines = benchmark_lines(
        "benchmark_sync", "--sessions", "5", "--attendees", "3", "--repeat", "2"
    )

    assert lines[0] == (
        f"Sync upload benchmark: 5 sessions x 3 attendees per upload, {connection.vendor}"
    )
    assert lines[1].split() == ["run", "seconds", "sessions/s", "attendance", "rows/s", "queries"]
    runs = [line.split() for line in lines[2:]]
    assert [run[0] for run in runs] == ["1", "2"]
    assert len({run[-1] for run in runs}) == 1


# Committed, as by hand: the import's work after commit (the groups' reference index) runs
# then, and the benchmark times it; inside a test's transaction it would never run.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_import_benchmark_prints_time_rate_and_queries_of_both_imports():
    lines = benchmark_lines("benchmark_imports", "--rows", "20")

    assert lines[0] == f"Import benchmark: 20 rows per import, {connection.vendor}"
    assert lines[1].split() == ["import", "seconds", "rows/s", "worker", "seconds", "queries"]
    assert [line.split()[0] for line in lines[2:]] == ["producer", "roster"]
