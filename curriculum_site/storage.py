"""Storage for files that no public URL may serve (see STORAGES["private"] in settings)."""

import logging
import os

from django.core.files.storage import storages
from django.db import transaction

logger = logging.getLogger(__name__)


def private_storage():
    # A callable, so migrations record a name rather than a settings-dependent object,
    # and tests can swap the backend through settings.
    return storages["private"]


def delete_after_commit(*files) -> None:
    """Delete these stored files once the current transaction commits: a deleted record
    takes its files with it, and a rolled-back delete keeps them. Empty fields are skipped."""
    for file in files:
        if file:
            name, storage = file.name, file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def stored_files(storage, folder: str = ""):
    """Every file name under `folder` of any storage backend (local disk, S3, memory),
    found through `listdir` alone; nothing when the folder does not exist."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield f"{prefix}{name}"
    for name in folders:
        yield from stored_files(storage, f"{prefix}{name}")


def private_folder_files(*, prefix: str, storage=None) -> list[str]:
    """Every stored file under the folder `prefix` of the private storage, sorted."""
    return sorted(stored_files(storage or private_storage(), prefix))


def private_folder_delete(*, prefix: str, under: str, storage=None) -> int:
    """Remove every file under the folder `prefix` (and, on a local disk, its emptied
    folders); returns how many files were removed. An extracted package (H5P, SCORM) is
    one such folder, `prefix` a random name under the app's own folder `under`.

    Refuses a prefix outside `under` or climbing out of it, so a wrong value never
    empties another app's files. A prefix already gone is not an error: a delete that
    runs twice, or after a failed extraction, finds nothing and is done.
    """
    if not prefix.startswith(f"{under}/") or ".." in prefix.split("/"):
        raise ValueError(f"not a storage folder under {under}/: {prefix!r}")
    storage = storage or private_storage()
    names = list(stored_files(storage, prefix))
    for name in names:
        storage.delete(name)
    _remove_empty_local_folders(storage, prefix)
    return len(names)


def _remove_empty_local_folders(storage, prefix: str) -> None:
    """A local disk keeps empty folders after its files are deleted; object storage has none."""
    try:
        root = storage.path(prefix)
    except NotImplementedError:
        return
    if not os.path.isdir(root):
        return
    for folder, _subfolders, _files in os.walk(root, topdown=False):
        try:
            os.rmdir(folder)
        except OSError:
            logger.warning("Storage folder %s not empty after deleting its files", folder)
