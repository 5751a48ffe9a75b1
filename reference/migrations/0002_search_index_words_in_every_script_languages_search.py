"""SQLite's full-text index keeps Thai and Burmese words whole (decision 0020).

FTS5's default tokenizer takes combining marks for separators: Thai vowel and tone marks
and most Burmese signs are combining marks, so it cut "กลุ่ม" into "กล" and "ม" and kept
only the first consonant of a Burmese syllable ("ပိုး" became "ပ"). The index table is made
again with the marks as word characters (and every Latin diacritic folded), and filled from
the index entries. PostgreSQL's parser keeps them whole already: nothing to do there.
"""

from django.db import migrations

WORDS_IN_EVERY_SCRIPT = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
FTS5_DEFAULT = "unicode61"


def _fts_table_made_with(tokenizer):
    def make(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        fts = f"{entries}_fts"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [fts])
            if cursor.fetchone() is None:  # SQLite without FTS5: Wagtail searches without it
                return
            cursor.execute(f"DROP TABLE {fts}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5(autocomplete, body, title, "
                f'tokenize = "{tokenizer}")'
            )
            cursor.execute(
                f"INSERT INTO {fts} (rowid, title, body, autocomplete) "  # noqa: S608
                f"SELECT id, title, body, autocomplete FROM {entries}"
            )

    return make


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(
            _fts_table_made_with(WORDS_IN_EVERY_SCRIPT),
            _fts_table_made_with(FTS5_DEFAULT),
            elidable=False,
        )
    ]
