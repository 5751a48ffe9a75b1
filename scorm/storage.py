"""Writing a checked SCORM package into private storage, and removing it again.

Only Django's storage API is used, so the same code writes to the local disk, to
memory in tests and to object storage in production. Files keep the package's own
layout under one unguessable prefix; each is read through a counter, so a file that
unpacks to more than its header said stops the extraction (headers are not trusted).
On any failure, what was written is removed.
"""

import io
import secrets

from django.core.files import File
from django.core.files.storage import Storage

from curriculum_site.storage import private_folder_delete, private_folder_files, private_storage

STORAGE_FOLDER = "scorm"
CHUNK_SIZE = 256 * 1024


class ExtractionFailed(Exception):
    pass


def storage_prefix_new() -> str:
    """A fresh folder no one can guess: 192 random bits, URL-safe."""
    return f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}"


def package_extract(*, archive, members, prefix: str, max_total: int, storage=None) -> int:
    """Write every member under `prefix`; returns the bytes written. Removes it all and
    raises `ExtractionFailed` if the bytes break `max_total` or a file's own size."""
    storage = storage or private_storage()
    total = 0
    try:
        for info in members:
            target = f"{prefix}/{info.filename}"
            with archive.open(info) as source:
                reader = _CountedReader(source, limit=info.file_size, budget=max_total - total)
                saved = storage.save(target, File(reader, name=info.filename))
            total += reader.count
            if saved != target:
                # The prefix is new, so a renamed file means someone else writes there.
                raise RuntimeError(f"storage renamed {target!r} to {saved!r}")
    except BaseException:
        package_files_delete(prefix=prefix, storage=storage)
        raise
    return total


class _CountedReader(io.RawIOBase):
    """Reads a member in chunks and stops when it gives more than its header promised
    or more than the package may unpack to."""

    def __init__(self, source, *, limit: int, budget: int):
        self.source, self.limit, self.budget, self.count = source, limit, budget, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.source.read(min(len(buffer), CHUNK_SIZE))
        self.count += len(data)
        if self.count > self.limit or self.count > self.budget:
            raise ExtractionFailed("the file unpacks to more than its header says")
        buffer[: len(data)] = data
        return len(data)


def package_files_delete(*, prefix: str, storage: Storage | None = None) -> int:
    """Remove every file under `prefix`; a prefix already gone is not an error."""
    return private_folder_delete(prefix=prefix, under=STORAGE_FOLDER, storage=storage)


def package_files_list(*, prefix: str, storage: Storage | None = None) -> list[str]:
    return private_folder_files(prefix=prefix, storage=storage)
