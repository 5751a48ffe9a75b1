"""Backup and restore of a whole Backpack: the database and every stored file (decision 0018).

One archive (a gzipped tar) holds:

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite,
  its online backup), taken first: every file the database names was stored before the
  dump, and files are never overwritten, so the media copied after it include them all
  (unless deleted during the backup);
- `media/<storage>/<name>` for each file of the default and private storages, read
  through Django's storage API, whatever their backend (disk, S3);
- `manifest.json`, last: the format, the database vendor, the migrations applied, and
  the size and SHA-256 of every other member.

A restore checks the whole archive before it changes anything: a readable manifest, the
same database vendor, the same schema as this code (the migrations), every member present
with its size and checksum, and a database file its tool can read. Only then is the
database replaced, in one transaction (`pg_restore --single-transaction`, SQLite's backup
API), so a failure leaves it as it was; then the files are written back and files the
archive does not have are removed, so the storages hold what they held at the backup.
"""

import dataclasses
import datetime
import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from curriculum_site.storage import stored_files

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
STORAGE_ALIASES = ("default", "private")
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive cannot be restored here; the message says why. Nothing was changed."""


@dataclasses.dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    files: dict[str, int]
    size: int


# --- Backup ---------------------------------------------------------------------------


def backup_write(*, path: Path, alias: str = "default") -> BackupSummary:
    """Write the archive to `path`, through a temporary name beside it, so a backup that
    fails half way never leaves a partial archive under the final name."""
    path = Path(path)
    connection = connections[alias]
    vendor = _supported_vendor(connection.vendor)
    members = {}
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tarfile.open(partial, "w:gz") as archive, tempfile.TemporaryDirectory() as work:
            dump = Path(work) / DATABASE_FILES[vendor]
            _database_dump(connection, dump)
            with dump.open("rb") as opened:
                members[dump.name] = _add(archive, dump.name, opened, dump.stat().st_size)
            applied = sorted(MigrationRecorder(connection).applied_migrations())
            files = {}
            for storage_alias in STORAGE_ALIASES:
                storage = storages[storage_alias]
                files[storage_alias] = 0
                for name in sorted(stored_files(storage)):
                    with storage.open(name, "rb") as opened:
                        member = f"media/{storage_alias}/{name}"
                        members[member] = _add(archive, member, opened, storage.size(name))
                    files[storage_alias] += 1
            manifest = {
                "format": ARCHIVE_FORMAT,
                "created_at": timezone.now().isoformat(),
                "vendor": vendor,
                "database": dump.name,
                "migrations": [list(key) for key in applied],
                "members": members,
            }
            content = json.dumps(manifest, indent=1).encode()
            _add(archive, MANIFEST, io.BytesIO(content), len(content))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(path=path, vendor=vendor, files=files, size=path.stat().st_size)


class _Hashing(io.RawIOBase):
    """Reads through to `source`, hashing what passes."""

    def __init__(self, source):
        self.source = source
        self.sha256 = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.source.read(size)
        self.sha256.update(data)
        return data


def _add(archive: tarfile.TarFile, name: str, opened, size: int) -> dict:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.datetime.now().timestamp())
    reader = _Hashing(opened)
    archive.addfile(info, reader)
    return {"size": size, "sha256": reader.sha256.hexdigest()}


def _supported_vendor(vendor: str) -> str:
    if vendor not in DATABASE_FILES:
        raise ArchiveRefused(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _database_dump(connection, target: Path) -> None:
    if connection.vendor == "postgresql":
        _pg_tool(
            connection,
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
        )
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()


def _pg_tool(connection, tool: str, *args: str) -> subprocess.CompletedProcess:
    """Run a PostgreSQL client tool on the connection's database; its own error on failure."""
    settings = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": str(settings.get("HOST") or ""),
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": str(settings.get("USER") or ""),
        "PGPASSWORD": str(settings.get("PASSWORD") or ""),
        "PGDATABASE": str(settings["NAME"]),
    }
    if shutil.which(tool) is None:
        raise ArchiveRefused(
            f"{tool} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(
        [tool, *args],
        env={key: value for key, value in environment.items() if value},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ArchiveRefused(f"{tool} failed: {result.stderr.strip()}")
    return result


# --- Restore ----------------------------------------------------------------------------


def backup_restore(*, path: Path, alias: str = "default") -> BackupSummary:
    """Replace the database and the stored files with the archive's, once it is checked."""
    path = Path(path)
    connection = connections[alias]
    with tempfile.TemporaryDirectory() as work:
        manifest = _checked_archive(path, connection=connection, work=Path(work))
        database = Path(work) / manifest["database"]
        _database_restore(connection, database)
    files = _media_restore(path, manifest)
    return BackupSummary(
        path=path, vendor=manifest["vendor"], files=files, size=path.stat().st_size
    )


def _checked_archive(path: Path, *, connection, work: Path) -> dict:
    """The manifest of an archive fit to restore here, its database file extracted into
    `work`; ArchiveRefused, naming the problem, otherwise."""
    if not path.is_file():
        raise ArchiveRefused(f"There is no file {path}.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _manifest(archive)
            _check_compatible(manifest, connection=connection)
            _check_members(archive, manifest, work=work)
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as error:
        raise ArchiveRefused(f"{path} is not a readable Backpack backup ({error}).") from None
    _check_database_file(connection, work / manifest["database"])
    return manifest


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        opened = archive.extractfile(MANIFEST)
    except KeyError:
        raise ArchiveRefused(
            "The archive has no manifest.json: it is not a Backpack backup."
        ) from None
    try:
        manifest = json.load(opened)
        if manifest["format"] != ARCHIVE_FORMAT:
            raise ArchiveRefused(
                f"The archive is in format {manifest['format']}; this code reads format "
                f"{ARCHIVE_FORMAT}."
            )
        applied = {tuple(key) for key in manifest["migrations"]}
        if not all(isinstance(entry, dict) for entry in manifest["members"].values()):
            raise ValueError
        manifest["applied"] = applied
        if manifest["database"] not in manifest["members"]:
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveRefused("The archive's manifest.json is damaged.") from None
    return manifest


def _check_compatible(manifest: dict, *, connection) -> None:
    if manifest.get("vendor") != connection.vendor:
        raise ArchiveRefused(
            f"The archive holds a {manifest.get('vendor')} database; this site runs on "
            f"{connection.vendor}."
        )
    missing, unknown = schema_differences(manifest["applied"])
    if missing or unknown:
        parts = []
        if missing:
            parts.append(
                f"{len(missing)} migrations of this code are not in it (first: "
                f"{'.'.join(missing[0])})"
            )
        if unknown:
            parts.append(
                f"it has {len(unknown)} migrations this code does not know (first: "
                f"{'.'.join(unknown[0])})"
            )
        raise ArchiveRefused(
            "The archive was made with a different schema: "
            + "; ".join(parts)
            + ". Restore it with the version of Backpack that made it, then upgrade."
        )


def schema_differences(applied: set) -> tuple[list, list]:
    """(migrations of this code missing from `applied`, migrations in `applied` unknown to
    this code), for installed apps. A squashed migration counts as applied when its name
    or every migration it replaces is."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    installed = {config.label for config in apps.get_app_configs()}
    on_disk = loader.disk_migrations
    squashed_into = {
        replaced: key for key, migration in on_disk.items() for replaced in migration.replaces
    }
    missing = []
    for key, migration in on_disk.items():
        if key in applied or squashed_into.get(key) in applied:
            continue
        if migration.replaces and all(replaced in applied for replaced in migration.replaces):
            continue
        missing.append(key)
    unknown = [key for key in applied if key[0] in installed and key not in on_disk]
    return sorted(missing), sorted(unknown)


def _check_members(archive: tarfile.TarFile, manifest: dict, *, work: Path) -> None:
    """Every member the manifest lists is there, whole; the database file is extracted."""
    expected = dict(manifest["members"])
    for member in archive:
        if member.name == MANIFEST:
            continue
        if (
            member.name not in expected
            or not member.isfile()
            or not _known_place(member.name, manifest)
        ):
            raise ArchiveRefused(
                f"The archive holds {member.name}, which its manifest does not list."
            )
        listed = expected.pop(member.name)
        digest = hashlib.sha256()
        opened = archive.extractfile(member)
        target = (work / member.name).open("wb") if member.name == manifest["database"] else None
        try:
            while chunk := opened.read(CHUNK):
                digest.update(chunk)
                if target:
                    target.write(chunk)
        finally:
            if target:
                target.close()
        if member.size != listed.get("size") or digest.hexdigest() != listed.get("sha256"):
            raise ArchiveRefused(f"{member.name} in the archive is damaged (its checksum differs).")
    if expected:
        raise ArchiveRefused(f"The archive lacks {len(expected)} files, first {min(expected)}.")


def _known_place(name: str, manifest: dict) -> bool:
    """The database file, or a file of a known storage by a plain relative name."""
    if name == manifest["database"]:
        return True
    if posixpath.normpath(name) != name or name.startswith("/") or ".." in name.split("/"):
        return False
    parts = name.split("/", 2)
    return len(parts) == 3 and parts[0] == "media" and parts[1] in STORAGE_ALIASES


def _check_database_file(connection, database: Path) -> None:
    if connection.vendor == "postgresql":
        _pg_tool(connection, "pg_restore", "--list", str(database))
        return
    try:
        copy = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        raise ArchiveRefused(f"The archive's SQLite database is damaged ({error}).") from None
    if result != "ok":
        raise ArchiveRefused(f"The archive's SQLite database is damaged ({result}).")


def _database_restore(connection, database: Path) -> None:
    # Our own connection would hold locks on the tables pg_restore drops.
    connection.close()
    if connection.vendor == "postgresql":
        _pg_tool(
            connection,
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database),
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(database)
    try:
        # All pages in one step: the copy commits whole or not at all.
        source.backup(connection.connection)
    finally:
        source.close()


def _media_restore(path: Path, manifest: dict) -> dict[str, int]:
    archived = {alias: set() for alias in STORAGE_ALIASES}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not member.name.startswith("media/"):
                continue
            _media, alias, name = member.name.split("/", 2)
            storage = storages[alias]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise RuntimeError(
                    f"The {alias} storage kept {name} as {saved}; the database is restored, "
                    "run the restore again."
                )
            archived[alias].add(name)
    for alias, names in archived.items():
        storage = storages[alias]
        for name in set(stored_files(storage)) - names:
            storage.delete(name)
    return {alias: len(names) for alias, names in archived.items()}
