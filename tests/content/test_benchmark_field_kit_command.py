import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_field_kit_benchmark_prints_the_kits_size_and_time():
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "curriculum_site.settings.dev"
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark_field_kit", "--modules", "3", "--farmers", "4"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Offline kit benchmark: 1 group, 3 modules, 4 farmers, 2 language(s), sqlite"
    assert lines[1].split() == ["part", "requests", "bytes", "seconds"]
    total = lines[-1].split()
    assert total[:4] == ["kit", "kept", "offline", "(total)"]
    assert int(total[-2]) > 10_000
