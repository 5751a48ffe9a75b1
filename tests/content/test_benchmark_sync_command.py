import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sync_benchmark_prints_rates_and_query_counts():
    # Constant queries across batch sizes are asserted in test_sync_upload.py, in-process.
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "curriculum_site.settings.dev"

    def run(sessions):
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "benchmark_sync",
                "--sessions",
                str(sessions),
                "--attendees",
                "3",
                "--repeat",
                "2",
            ],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    lines = run(5)

    assert lines[0] == "Sync upload benchmark: 5 sessions x 3 attendees per upload, sqlite"
    assert lines[1].split() == ["run", "seconds", "sessions/s", "attendance", "rows/s", "queries"]
    runs = [line.split() for line in lines[2:]]
    assert [run[0] for run in runs] == ["1", "2"]
    assert len({run[-1] for run in runs}) == 1


def test_the_import_benchmark_prints_time_rate_and_queries_of_both_imports():
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "curriculum_site.settings.dev"
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark_imports", "--rows", "20"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Import benchmark: 20 rows per import, sqlite"
    assert lines[1].split() == ["import", "seconds", "rows/s", "worker", "seconds", "queries"]
    assert [line.split()[0] for line in lines[2:]] == ["producer", "roster"]
