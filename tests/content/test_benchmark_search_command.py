from django.db import connection

from tests.content.benchmark_run import benchmark_lines


def test_the_search_benchmark_prints_times_for_each_language(db):
    lines = benchmark_lines("benchmark_search", "--modules", "5", "--requests", "2")

    assert lines[0] == (
        "Search benchmark: 5 modules x 7 languages (35 pages), 2 runs per search, "
        f"{connection.vendor}"
    )
    assert lines[1].startswith("Index rebuilt (manage.py update_index) in ")
    assert "search median" in lines[2] and "page median" in lines[2]
    rows = [line.split() for line in lines[3:]]
    assert [row[0] for row in rows] == [
        language for language in ("en", "fr", "pt", "id", "th", "vi", "my") for _ in range(2)
    ]
    for row in rows:
        *_words, found, search_median, search_p95, page_median, page_p95 = row
        # Module 0 of 5 is about the topic of the first query; the second finds them all.
        assert int(found) in (1, 5)
        for figure in (search_median, search_p95, page_median, page_p95):
            assert float(figure.removesuffix("ms")) > 0
    found = {(row[0], " ".join(row[1:-5])): int(row[-5]) for row in rows}
    assert found[("th", "การประชุม")] == 1 and found[("th", "กลุ่ม")] == 5
    assert found[("my", "အစည်းအဝေး")] == 1 and found[("my", "အုပ်စု")] == 5
    assert found[("vi", "cuoc hop")] == 1 and found[("fr", "reunion")] == 1
