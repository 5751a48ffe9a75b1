"""The seed curriculum loaded once per test process, then written back as rows (decision 0024,
fourth pass).

About forty tests start from the seed curriculum (`load_seed_curriculum`: fourteen modules
published, and the levels, vocabularies and rubric translated through wagtail-localize into
six languages): 11 CPU-s each, a third of the suite's time on both databases. The loader has
tests of its own (tests/content/test_seed_curriculum.py, test_data_translations.py), which
still call it; a test that only needs its result asks `load_once` here.

The first such test in a process runs the real loader and records, table by table, which
rows it inserted, changed and deleted. Every later one finds its database as the first found
it (the migrated template with the site tree: nothing else written yet), checks that, and
writes the same rows back in a few statements per table, inside its own transaction as the
loader would have. It then reads the tables again and fails unless they hold exactly what
the real load left. When the database is not as the first test found it (a fixture wrote
first, or a row the loader changes differs), it runs the real loader instead, never a
partial copy.

Outside the database the loader only bumps cache versions (the cache is emptied here, as
before each test) and registers commit callbacks, which a test's transaction never runs;
the browser tests' live server runs those a request registers, not the test's own.
"""

import copy
import functools
import io
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from content.seed_translations import seed_translations_load
from reference.localized import forget as forget_localized_rows

_SQLITE_INTERNAL = ("sqlite_",)
# An FTS5 table's own storage, written by SQLite when the virtual table is.
_FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


@dataclass
class _TableChange:
    key: str  # the primary key column (rowid for SQLite's full-text tables)
    columns: list[str] = field(default_factory=list)
    rows_before: dict = field(default_factory=dict)  # key → row, rows deleted or changed
    rows_after: dict = field(default_factory=dict)  # key → row, rows inserted or changed


@dataclass
class _Recording:
    base: dict  # table → (row count, largest key) before the load
    changes: dict  # table → _TableChange
    result: object


_recordings: dict[tuple[str, str], _Recording] = {}


def load_once(name: str, load):
    """`load()`'s return value, and its rows in the test's database: loaded for real by the
    first test of the process (or whenever the database is not as that test found it),
    written back as rows after that."""
    key = (name, connection.vendor)
    recording = _recordings.get(key)
    tables = _tables()
    if recording is not None and _base(tables) == recording.base and _apply(recording, tables):
        return copy.deepcopy(recording.result)
    if recording is not None:
        return load()
    before_base = _base(tables)
    before = {table: _rows(table, key_column) for table, key_column in tables.items()}
    result = load()
    after = {table: _rows(table, key_column) for table, key_column in tables.items()}
    changes = {}
    for table, key_column in tables.items():
        old, new = before[table], after[table]
        if old == new:
            continue
        change = _TableChange(key=key_column, columns=_columns(table))
        for row_key in old.keys() | new.keys():
            if old.get(row_key) != new.get(row_key):
                if row_key in old:
                    change.rows_before[row_key] = old[row_key]
                if row_key in new:
                    change.rows_after[row_key] = new[row_key]
        changes[table] = change
    _recordings[key] = _Recording(before_base, changes, copy.deepcopy(result))
    return result


@functools.cache
def _tables() -> dict[str, str]:
    """Every table of the database and its key column (the schema is the run's: read once)."""
    with connection.cursor() as cursor:
        listed = connection.introspection.get_table_list(cursor)
        names = [table.name for table in listed if table.type == "t"]
        virtual = set()
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = {row[0] for row in cursor.fetchall()}
        tables = {}
        for name in sorted(names):
            if name.startswith(_SQLITE_INTERNAL) or any(
                name == f"{fts}{suffix}" for fts in virtual for suffix in _FTS5_SHADOWS
            ):
                continue
            if name in virtual:
                tables[name] = "rowid"
                continue
            key_column = connection.introspection.get_primary_key_column(cursor, name)
            if key_column is None:
                if connection.vendor != "sqlite":
                    raise RuntimeError(f"{name} has no primary key: it cannot be written back.")
                key_column = "rowid"
            tables[name] = key_column
        for name in virtual:
            tables.setdefault(name, "rowid")
    return tables


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _base(tables: dict[str, str]) -> dict:
    """Each table's row count and largest key, in one query."""
    # As text: PostgreSQL has no MAX of a uuid.
    parts = [
        f"SELECT %s, COUNT(*), MAX(CAST({key if key == 'rowid' else _quote(key)} AS TEXT)) "
        f"FROM {_quote(table)}"
        for table, key in tables.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), list(tables))
        return {table: (count, largest) for table, count, largest in cursor.fetchall()}


@functools.cache
def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [
            column.name for column in connection.introspection.get_table_description(cursor, table)
        ]


def _sqlite_select(table: str, key_column: str) -> tuple[str, int]:
    """The columns as stored, and where the key is among them. Each column is read as `+col`,
    SQLite's no-op operator: a bare column would go through the converters Django registers
    by declared type (times, dates, decimals…), which give back values SQLite cannot bind."""
    columns = _columns(table)
    selected = [f"+{_quote(column)}" for column in columns]
    if key_column == "rowid":
        return ", ".join(["rowid", *selected]), 0
    return ", ".join(selected), columns.index(key_column)


def _rows(table: str, key_column: str, keys: list | None = None) -> dict:
    """key → the row as written back (all rows, or those with the given keys): SQLite's own
    values; PostgreSQL's row as JSON, which `json_populate_recordset` turns back into every
    column type (jsonb, arrays, tsvector…)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = (
                f"SELECT {_quote(key_column)}::text, row_to_json(t)::text FROM {_quote(table)} t"
            )
            if keys is None:
                cursor.execute(query)
            else:
                cursor.execute(f"{query} WHERE {_quote(key_column)}::text = ANY(%s)", [keys])
            return dict(cursor.fetchall())
        selected, position = _sqlite_select(table, key_column)
        query = f"SELECT {selected} FROM {_quote(table)}"
        found = {}
        if keys is None:
            cursor.execute(query)
            found.update({row[position]: row for row in cursor.fetchall()})
        for start in range(0, len(keys or ()), 500):
            chunk = keys[start : start + 500]
            key_name = "rowid" if key_column == "rowid" else _quote(key_column)
            cursor.execute(f"{query} WHERE {key_name} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found.update({row[position]: row for row in cursor.fetchall()})
        return found


def _apply(recording: _Recording, tables: dict[str, str]) -> bool:
    """The recorded rows written into this test's database; False, with nothing written,
    when a row the load deleted or changed is not as it was."""
    for table, change in recording.changes.items():
        if not change.rows_before:
            continue
        now = _rows(table, change.key, list(change.rows_before))
        if now != change.rows_before:
            return False
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        kept_by_triggers = _written_by_triggers()
        for table, change in recording.changes.items():
            if table in kept_by_triggers:
                continue  # written as the other tables are; checked below like every table
            _delete(cursor, table, change.key, list(change.rows_before))
            _insert(cursor, table, change, list(change.rows_after.values()))
        if connection.vendor == "postgresql":
            # Checked now rather than at a commit the test never makes.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            cursor.execute("PRAGMA foreign_key_check")
            broken = cursor.fetchall()
            if broken:
                raise AssertionError(f"Rows written back point at missing rows: {broken[:5]}")
    for table, change in recording.changes.items():
        written = _rows(table, change.key, list(change.rows_after))
        if written != change.rows_after:
            raise AssertionError(f"{table}: the rows written back differ from the real load's.")
    # What the real load would have left outside the database: caches it made stale.
    cache.clear()
    forget_localized_rows()
    return True


def _written_by_triggers() -> set[str]:
    """Tables a trigger writes (SQLite's full-text index follows the search index entries:
    modelsearch's triggers); PostgreSQL has none here."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
        bodies = [sql.split("BEGIN", 1)[-1] for (sql,) in cursor.fetchall()]
    written = re.compile(r"\b(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+[\"`\[]?(\w+)", re.I)
    return {table for body in bodies for table in written.findall(body)}


def _delete(cursor, table: str, key_column: str, keys: list) -> None:
    if not keys:
        return
    if connection.vendor == "postgresql":
        cursor.execute(
            f"DELETE FROM {_quote(table)} WHERE {_quote(key_column)}::text = ANY(%s)", [keys]
        )
        return
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        cursor.execute(
            f"DELETE FROM {_quote(table)} WHERE {_quote(key_column)} IN "
            f"({', '.join(['%s'] * len(chunk))})",
            chunk,
        )


def _insert(cursor, table: str, change: _TableChange, rows: list) -> None:
    """Rows written back with their keys; generated columns are left to the database."""
    if not rows:
        return
    generated = _generated_columns(table)
    columns = [column for column in change.columns if column not in generated]
    names = ", ".join(_quote(column) for column in columns)
    if connection.vendor == "postgresql":
        cursor.execute(
            f"INSERT INTO {_quote(table)} ({names}) SELECT {names} FROM "
            f"json_populate_recordset(NULL::{_quote(table)}, %s::json)",
            ["[" + ",".join(rows) + "]"],
        )
        return
    offset = 1 if change.key == "rowid" else 0  # rowid comes first, then change.columns
    kept = [offset + change.columns.index(column) for column in columns]
    if change.key == "rowid":
        kept.insert(0, 0)
        names = f"rowid, {names}"
    cursor.executemany(
        f"INSERT INTO {_quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(kept))})",
        [[row[position] for position in kept] for row in rows],
    )


@functools.cache
def _generated_columns(table: str) -> frozenset[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s "
                "AND is_generated = 'ALWAYS'",
                [table],
            )
            return frozenset(name for (name,) in cursor.fetchall())
        cursor.execute(f"PRAGMA table_xinfo({_quote(table)})")
        # hidden: 2 a virtual generated column, 3 a stored one.
        return frozenset(row[1] for row in cursor.fetchall() if row[6] in (2, 3))


def seed_curriculum_loaded() -> str:
    """`manage.py load_seed_curriculum` (its output), loaded once per process as above."""

    def load():
        output = io.StringIO()
        call_command("load_seed_curriculum", stdout=output)
        return output.getvalue()

    return load_once("load_seed_curriculum", load)


def seed_translations_loaded():
    """`seed_translations_load()` (its result), loaded once per process as above."""
    return load_once("seed_translations_load", seed_translations_load)
