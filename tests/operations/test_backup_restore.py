"""Backup and restore: everything comes back, and a bad archive changes nothing.

Run on SQLite and (in CI's second run) on PostgreSQL with pg_dump and pg_restore. The
tests commit (transaction=True), since pg_dump reads the database from its own connection.
"""

import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import ProducerGroup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site_with_files(settings, tmp_path):
    """Two groups, a public image and a private photo, on disk like a small production."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    ProducerGroupFactory(name="Asante cocoa farmers")
    ProducerGroupFactory(name="Volta coffee growers")
    storages["default"].save("images/cocoa-pods.jpg", ContentFile(b"\xff\xd8 pods"))
    storages["private"].save("sessions/2026/photo.jpg", ContentFile(b"\xff\xd8 farmers"))
    return tmp_path


def group_names():
    return sorted(ProducerGroup.objects.values_list("name", flat=True))


def stored(alias, name):
    with storages[alias].open(name, "rb") as opened:
        return opened.read()


def test_restore_brings_back_the_database_and_every_file(site_with_files, capsys):
    archive = site_with_files / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    assert "Backup written to" in capsys.readouterr().out
    before = group_names()

    ProducerGroup.objects.filter(name__startswith="Volta").delete()
    ProducerGroup.objects.filter(name__startswith="Asante").update(name="Renamed by mistake")
    ProducerGroupFactory(name="Made after the backup")
    storages["default"].delete("images/cocoa-pods.jpg")
    storages["private"].delete("sessions/2026/photo.jpg")
    storages["private"].save("sessions/2026/photo.jpg", ContentFile(b"overwritten"))
    storages["private"].save("sessions/2026/later.jpg", ContentFile(b"after the backup"))

    call_command("restore", str(archive), "--noinput")

    assert "Restored the" in capsys.readouterr().out
    assert group_names() == before
    assert stored("default", "images/cocoa-pods.jpg") == b"\xff\xd8 pods"
    assert stored("private", "sessions/2026/photo.jpg") == b"\xff\xd8 farmers"
    assert not storages["private"].exists("sessions/2026/later.jpg")


def rewritten(source, target, *, change):
    """A copy of the archive `source` with `change(name, data)` applied to each member."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def with_manifest(edit):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return change


def damaged_photo(name, data):
    return b"tampered" if name == "media/private/sessions/2026/photo.jpg" else data


def migration_dropped(manifest):
    manifest["migrations"] = [
        key for key in manifest["migrations"] if key != ["organisation_levels", "0001_initial"]
    ]


def migration_added(manifest):
    manifest["migrations"].append(["organisation_levels", "9999_from_the_future"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (damaged_photo, "photo.jpg in the archive is damaged"),
        (with_manifest(migration_dropped), "organisation_levels.0001_initial"),
        (with_manifest(migration_added), "does not know"),
        (with_manifest(lambda manifest: manifest.update(vendor="oracle")), "oracle database"),
        (lambda name, data: None if name == "manifest.json" else data, "no manifest.json"),
        (with_manifest(lambda manifest: manifest.pop("members")), "manifest.json is damaged"),
    ],
)
def test_a_bad_archive_is_refused_and_nothing_changes(site_with_files, change, message):
    archive = site_with_files / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    bad = rewritten(archive, site_with_files / "bad.tar.gz", change=change)
    ProducerGroupFactory(name="Made after the backup")
    storages["private"].save("sessions/2026/later.jpg", ContentFile(b"after the backup"))

    with pytest.raises(CommandError, match="Nothing was restored") as refusal:
        call_command("restore", str(bad), "--noinput")

    assert message in str(refusal.value)
    assert "Made after the backup" in group_names()
    assert storages["private"].exists("sessions/2026/later.jpg")


def test_a_file_that_is_no_archive_is_refused(site_with_files):
    not_an_archive = site_with_files / "notes.tar.gz"
    not_an_archive.write_bytes(b"minutes of the committee meeting")

    with pytest.raises(CommandError, match="not a readable Backpack backup"):
        call_command("restore", str(not_an_archive), "--noinput")

    assert len(group_names()) == 2
