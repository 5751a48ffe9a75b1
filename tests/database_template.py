"""Test databases cloned from one migrated template (decision 0024).

Under pytest-xdist every worker used to make its own test database by running all the
migrations (about 280 of them: a minute of CPU each time, twice per suite). Here the first
worker migrates a template database once, and every worker gets a copy of it: PostgreSQL's
`CREATE DATABASE … TEMPLATE`, SQLite's backup API into the worker's in-memory database. The
migrations still run, from the first one, on every suite's database engine.

The template is named after a hash of every installed app's migration files, so a changed
migration never meets an old template; the run's controller removes it at the end
(`remove_templates`), so each run starts from nothing, as CI from a fresh clone does.
"""

import fcntl
import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

from django.apps import apps
from django.db import connections

LOCK_FOLDER = Path(tempfile.gettempdir())


def _migrations_hash() -> str:
    digest = hashlib.sha256()
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        for path in sorted(Path(app.path, "migrations").glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _template_name(connection) -> str:
    """Named after the run's database (`test_x`, without the worker's `_gw0`) and the hash."""
    worker_name = connection.creation._get_test_db_name()
    run_name = worker_name.rsplit("_gw", 1)[0] if connection.vendor == "postgresql" else "sqlite"
    return f"{run_name}_template_{_migrations_hash()}"


def _sqlite_template_path(name: str) -> Path:
    return LOCK_FOLDER / f"backpack-{name}.sqlite3"


class _Lock:
    """One worker at a time builds or copies the template."""

    def __init__(self, name):
        self.path = LOCK_FOLDER / f"backpack-{name}.lock"

    def __enter__(self):
        self.file = open(self.path, "w")
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exc_info):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def _build_template(connection, name: str) -> None:
    """Django's own test-database creation, migrations included. On PostgreSQL under the
    template's name (built under a temporary one and renamed when complete, so a run stopped
    halfway never leaves a template that looks whole); on SQLite in this worker's in-memory
    database (migrating into a file would write a journal at every step), then saved to the
    template file the same way."""
    creation = connection.creation
    if connection.vendor != "postgresql":
        # The class's method: the connection's own is replaced by `use_templates`.
        type(creation).create_test_db(creation, verbosity=0, autoclobber=True, serialize=False)
        building = _sqlite_template_path(f"{name}_building")
        saved = sqlite3.connect(building)
        try:
            connection.connection.backup(saved)
        finally:
            saved.close()
        os.replace(building, _sqlite_template_path(name))
        return
    building = f"{name}_building"
    test_settings = connection.settings_dict["TEST"]
    saved_test_name = test_settings.get("NAME")
    saved_name = connection.settings_dict["NAME"]
    test_settings["NAME"] = building
    try:
        type(creation).create_test_db(creation, verbosity=0, autoclobber=True, serialize=False)
        connection.close()
    finally:
        test_settings["NAME"] = saved_test_name
        connection.settings_dict["NAME"] = saved_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')


def _template_exists(connection, name: str) -> bool:
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    return _sqlite_template_path(name).exists()


def _copy_template(connection, name: str, test_database_name: str) -> None:
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_database_name}"')
            cursor.execute(f'CREATE DATABASE "{test_database_name}" TEMPLATE "{name}"')
        return
    connection.ensure_connection()
    template = sqlite3.connect(_sqlite_template_path(name))
    try:
        template.backup(connection.connection)
    finally:
        template.close()


def create_test_db_from_template(connection, *, verbosity=1, serialize=True, **_ignored):
    """What `BaseDatabaseCreation.create_test_db` does, with the migrations replaced by a
    copy of the template."""
    from django.conf import settings

    name = _template_name(connection)
    test_database_name = connection.creation._get_test_db_name()
    with _Lock(name):
        if not _template_exists(connection, name):
            _build_template(connection, name)
            if connection.vendor == "sqlite":
                # This worker's database is the one just saved as the template.
                connection.ensure_connection()
                return _test_database_ready(connection, test_database_name, serialize)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = test_database_name
        connection.settings_dict["NAME"] = test_database_name
        _copy_template(connection, name, test_database_name)
    return _test_database_ready(connection, test_database_name, serialize)


def _test_database_ready(connection, test_database_name, serialize):
    """The end of Django's `create_test_db`."""
    from django.core.management import call_command

    if serialize:
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    call_command("createcachetable", database=connection.alias)
    connection.ensure_connection()
    return test_database_name


def use_templates() -> None:
    """Every connection's test database made from the template (an xdist worker's run)."""
    for connection in connections.all():
        if connection.vendor not in {"postgresql", "sqlite"}:
            continue
        if connection.vendor == "sqlite" and not connection.creation.is_in_memory_db(
            connection.creation._get_test_db_name()
        ):
            continue
        connection.creation.create_test_db = lambda connection=connection, **options: (
            create_test_db_from_template(connection, **options)
        )


def remove_templates() -> None:
    """Called by the run's controller once every worker has finished."""
    import psycopg

    for connection in connections.all():
        if connection.vendor == "sqlite":
            for path in LOCK_FOLDER.glob("backpack-sqlite_template_*"):
                path.unlink(missing_ok=True)
            continue
        if connection.vendor != "postgresql":
            continue
        base = connection.settings_dict["TEST"].get("NAME") or (
            "test_" + connection.settings_dict["NAME"]
        )
        prefix = f"{base}_template_"
        options = connection.settings_dict
        with psycopg.connect(
            dbname="postgres",
            host=options.get("HOST") or None,
            port=options.get("PORT") or None,
            user=options.get("USER") or None,
            password=options.get("PASSWORD") or None,
            autocommit=True,
        ) as database:
            names = database.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [prefix.replace("_", r"\_") + "%"],
            ).fetchall()
            for (name,) in names:
                database.execute(f'DROP DATABASE IF EXISTS "{name}"')
