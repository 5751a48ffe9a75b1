"""Storage for files that no public URL may serve (see STORAGES["private"] in settings)."""

from django.core.files.storage import storages
from django.db import transaction


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
