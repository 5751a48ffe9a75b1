import pytest
from django.core.management.base import CommandError
from django.db import connection

from tests.content.benchmark_run import benchmark_lines
from tests.h5p.player_helpers import knowledge_check_activity


def row(lines, name):
    """(requests, bytes) of the part called `name`."""
    found = [line for line in lines if line.startswith(name)]
    assert len(found) == 1, lines
    requests, size, _seconds = found[0][len(name) :].split()
    return int(requests), int(size)


def test_the_field_kit_benchmark_prints_the_kits_size_and_time(db):
    lines = benchmark_lines("benchmark_field_kit", "--modules", "3", "--farmers", "4")

    assert lines[0] == (
        "Offline kit benchmark: 1 group, 3 modules, 4 farmers, 2 language(s), "
        f"1 H5P activity(ies) per module, {connection.vendor}"
    )
    assert lines[1].split() == ["part", "requests", "bytes", "seconds"]
    total = lines[-1].split()
    assert total[:4] == ["kit", "kept", "offline", "(total)"]
    assert int(total[-2]) > 10_000
    # The H5P files are part of the kit (decision 0033-h5p-offline): one download per
    # activity of the modules kept, each library version once whatever number of
    # activities play it, and h5p-standalone's three files once.
    kept, _size = row(lines, "modules on the path kept offline")
    requests, size = row(lines, "H5P activities of those modules (+ player)")
    libraries = knowledge_check_activity().library_links.count()
    assert kept >= 2
    assert libraries >= 1
    assert requests == kept + libraries + 3
    assert size > 100_000  # h5p-standalone alone is larger
    parts = [line for line in lines[2:-1] if not line.startswith("(")]
    assert int(total[-2]) == sum(int(line.split()[-2]) for line in parts)


def test_the_field_kit_benchmark_counts_no_h5p_when_modules_have_none(db):
    lines = benchmark_lines("benchmark_field_kit", "--modules", "2", "--farmers", "1", "--h5p", "0")

    assert row(lines, "H5P activities of those modules (+ player)") == (0, 0)


def test_the_field_kit_benchmark_refuses_a_package_that_is_not_there(db, tmp_path):
    with pytest.raises(CommandError, match="--h5p-package"):
        benchmark_lines("benchmark_field_kit", "--h5p-package", str(tmp_path / "missing.h5p"))
