from django.db import connection

from tests.content.benchmark_run import benchmark_lines


def test_the_field_kit_benchmark_prints_the_kits_size_and_time(db):
    lines = benchmark_lines("benchmark_field_kit", "--modules", "3", "--farmers", "4")

    assert lines[0] == (
        f"Offline kit benchmark: 1 group, 3 modules, 4 farmers, 2 language(s), {connection.vendor}"
    )
    assert lines[1].split() == ["part", "requests", "bytes", "seconds"]
    total = lines[-1].split()
    assert total[:4] == ["kit", "kept", "offline", "(total)"]
    assert int(total[-2]) > 10_000
