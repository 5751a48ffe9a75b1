"""SQLite's full-text index keeps Thai and Burmese words whole (migration reference 0002,
decision 0020)."""

import pytest
from django.db import connection

from modules.factories import TrainingModulePageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index"),
]


def test_combining_marks_are_word_characters_in_the_fts5_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'wagtailsearch_indexentry_fts'")
        (definition,) = cursor.fetchone()

    assert "categories 'L* N* Co M*'" in definition


def test_thai_and_burmese_words_are_indexed_whole(backpack):
    TrainingModulePageFactory(parent=backpack, code="GM-01", title="กลุ่ม ပိုး")

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE temp.search_words "
            "USING fts5vocab(main, wagtailsearch_indexentry_fts, row)"
        )
        cursor.execute("SELECT term FROM temp.search_words")
        words = {term for (term,) in cursor.fetchall()}
        cursor.execute("DROP TABLE temp.search_words")

    assert {"กลุ่ม", "ပိုး"} <= words
    assert not {"กล", "ပ"} & words  # what the default tokenizer made of them
