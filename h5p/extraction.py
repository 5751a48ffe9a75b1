"""Writing a checked package into the private storage, and removing it again.

Only Django's storage API is used (save, listdir, delete), so the same code writes
to the local disk in development, to memory in tests and to object storage in
production. Files keep the package's own layout under one prefix, which is what
`h5p-standalone` expects:

    <prefix>/h5p.json
    <prefix>/content/content.json, <prefix>/content/images/…
    <prefix>/<Library.Name-1.2>/library.json, … (a library folder named without its
    version, as H5P core allows, is stored under the versioned name the player uses)

Each file is streamed in chunks through a byte counter, so memory stays bounded
and a file that unpacks to more than its header promised (or more than the
limits) stops the extraction, even though `package_check` already read it once:
headers are never trusted.
"""

import io
import secrets

from django.core.files import File
from django.core.files.storage import Storage

from curriculum_site.storage import private_folder_delete, private_folder_files, private_storage
from h5p.package_policy import (
    ZIP_READ_ERRORS,
    CheckedPackage,
    H5PPackageRejected,
    PackageLimits,
    damaged_problem,
    open_checked_archive,
    size_overrun_problem,
)

STORAGE_FOLDER = "h5p"


def storage_prefix_new() -> str:
    """A fresh folder no one can guess: 192 random bits, URL-safe."""
    return f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}"


def package_extract(
    *,
    upload,
    checked: CheckedPackage,
    prefix: str,
    limits: PackageLimits,
    storage: Storage | None = None,
    skip_folders: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """Write every file of `checked` under `prefix`; on any failure remove what was written.

    Files in `skip_folders` (the library folders, kept in the shared library store by
    `h5p.library_store`) are not written. Returns the stored names. Raises
    `H5PPackageRejected` if the bytes break a limit or cannot be unpacked.
    """
    storage = storage or private_storage()
    counter = _ByteCounter(limits)
    stored: list[str] = []
    try:
        with open_checked_archive(upload) as archive:
            for info in checked.members:
                stored_name = checked.stored_name(info.filename)
                if "/" in stored_name and stored_name.split("/", 1)[0] in skip_folders:
                    continue
                target = f"{prefix}/{stored_name}"
                try:
                    source = archive.open(info)
                except ZIP_READ_ERRORS as error:
                    raise H5PPackageRejected([damaged_problem(info.filename)]) from error
                # Errors of the storage itself (disk full, network) propagate as they are:
                # only what the reader raises is the package's fault.
                with source:
                    saved = storage.save(target, File(_MeteredReader(source, info, counter)))
                if saved != target:
                    # The prefix is new, so a renamed file means someone else writes there.
                    raise RuntimeError(f"storage renamed {target!r} to {saved!r}")
                stored.append(saved)
    except BaseException:
        package_files_delete(prefix=prefix, storage=storage)
        raise
    return stored


def package_files_delete(*, prefix: str, storage: Storage | None = None) -> int:
    """Remove every file under `prefix` (and, on a local disk, its emptied folders).

    Returns how many files were removed. Never raises for a missing prefix: a delete
    that runs twice, or after a failed extraction, finds nothing and is done.
    """
    return private_folder_delete(prefix=prefix, under=STORAGE_FOLDER, storage=storage)


def package_files_list(*, prefix: str, storage: Storage | None = None) -> list[str]:
    """Every stored file under `prefix`, sorted (for checks and tests)."""
    return private_folder_files(prefix=prefix, storage=storage)


class _ByteCounter:
    def __init__(self, limits: PackageLimits):
        self.limits = limits
        self.total = 0


class _MeteredReader(io.RawIOBase):
    """A member of the archive, read in chunks; refuses to give more bytes than allowed."""

    def __init__(self, source, info, counter: _ByteCounter):
        self.source = source
        self.info = info
        self.counter = counter
        self.produced = 0
        self.name = info.filename

    def readable(self):
        return True

    def seekable(self):
        return False

    def tell(self):
        return self.produced

    def seek(self, offset, whence=io.SEEK_SET):
        # Storages rewind before reading; that is a no-op at the start, impossible after.
        if offset == 0 and whence == io.SEEK_SET and self.produced == 0:
            return 0
        raise io.UnsupportedOperation("an archive member is read once, front to back")

    def readinto(self, buffer):
        try:
            chunk = self.source.read(len(buffer))
        except ZIP_READ_ERRORS as error:
            raise H5PPackageRejected([damaged_problem(self.info.filename)]) from error
        self.produced += len(chunk)
        self.counter.total += len(chunk)
        problem = size_overrun_problem(
            self.info, produced=self.produced, total=self.counter.total, limits=self.counter.limits
        )
        if problem:
            raise H5PPackageRejected([problem])
        buffer[: len(chunk)] = chunk
        return len(chunk)
