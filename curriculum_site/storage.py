"""Storage for files that no public URL may serve (see STORAGES["private"] in settings)."""

from django.core.files.storage import storages


def private_storage():
    # A callable, so migrations record a name rather than a settings-dependent object,
    # and tests can swap the backend through settings.
    return storages["private"]
