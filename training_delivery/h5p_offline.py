"""H5P activities of the modules kept on the phone, played offline (issue 18, point 1;
decision 0033-h5p-offline).

The sandboxed player frame has an opaque origin, which no service worker controls, so
the app cannot serve it package files from a cache. Instead the app downloads, while
online, every file the player reads (the activity's `h5p.json` and `content/`, the
libraries' `library.json` and the scripts and styles they declare) as one JSON document,
keeps it in IndexedDB and, offline, posts the files into a frame it builds itself; the
frame makes its own `blob:` addresses from them. Results come back with the device token.

Libraries are kept once per stored version (decision 0033, "Libraries kept once"): an
activity's document names the libraries it plays (package folder → stored version) and
carries only its own files; the app fetches each library version it does not keep yet,
once, whichever activity needs it first. A stored version is immutable (the store's
prefix holds its machine name, major.minor.patch and the hash of its files: decision
0021), so a copy on the phone never needs refreshing.
"""

import base64
import json
import posixpath

from curriculum_site.storage import private_storage
from h5p import serving
from h5p.library_store import (
    activity_file_location,
    activity_libraries,
    library_preloaded_paths,
)
from h5p.models import H5PActivity, H5PActivityLibrary
from training_delivery.module_offline import module_for_offline
from training_delivery.serializers import MAX_ID

# A package's own files the app carries: content.json and the media it names. Larger
# files (video) would fill a phone: the player then shows them missing, as on a bad line.
MAX_FILE_BYTES = 5 * 1024 * 1024


def offline_activity(*, user, module_id: int, activity_id: int):
    """(module page, activity) if the module is one of the user's groups' and holds the
    activity; else None. The same rule as the module's offline copy, so another country's
    activity, or one not placed in that module, is refused."""
    page = module_for_offline(user=user, module_id=module_id)
    if page is None or not 1 <= activity_id <= MAX_ID:
        return None
    if activity_id not in serving.page_activity_ids(page):
        return None
    activity = H5PActivity.objects.filter(pk=activity_id).exclude(storage_prefix="").first()
    return (page, activity) if activity is not None else None


def _read(prefix: str, path: str) -> str | None:
    opened = serving.package_file_open(storage_prefix=prefix, path=path)
    if opened is None:
        return None
    with opened:
        data = opened.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return None
    return base64.b64encode(data).decode("ascii")


def _content_paths(storage_prefix: str) -> list[str]:
    """Every file under the package's content/ folder (relative to the package)."""
    storage = private_storage()
    found, folders = [], ["content"]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(f"{storage_prefix}/{folder}")
        except (FileNotFoundError, OSError):
            continue
        folders.extend(posixpath.join(folder, name) for name in subfolders)
        found.extend(posixpath.join(folder, name) for name in files)
    return sorted(found)


def activity_offline_files(*, request, activity: H5PActivity) -> dict:
    """The activity as the app keeps it: each file base64-encoded, by the path the
    player asks for under its `h5pJsonPath` (package files) or `librariesPath`."""
    package: dict[str, str] = {}
    for path in ["h5p.json", *_content_paths(activity.storage_prefix)]:
        prefix, inner = activity_file_location(
            activity_id=activity.pk, storage_prefix=activity.storage_prefix, path=path
        )
        data = _read(prefix, inner)
        if data is not None:
            package[path] = data
    libraries_info = activity_libraries(activity_id=activity.pk)
    assets = serving.player_asset_urls(request)
    return {
        "id": activity.pk,
        # Changes when the package is replaced: the app then downloads it again.
        "version": f"{libraries_info.key}-{activity.storage_prefix}",
        "title": activity.localized.title,
        "object_iri": request.build_absolute_uri(f"/h5p/activities/{activity.pk}"),
        "package": package,
        # Package folder (as the player asks for it) → stored library version, fetched
        # apart (library_offline_files) and kept once however many activities play it.
        "library_versions": {
            folder: library_version_name(prefix)
            for folder, prefix in sorted(libraries_info.folders.items())
        },
        # h5p-standalone's own files, static and shared by every activity: the app keeps
        # one copy in its cache.
        "player": {
            "main": assets["main"],
            "frame_js": assets["frame_js"],
            "frame_css": assets["frame_css"],
        },
    }


def library_version_name(storage_prefix: str) -> str:
    """A stored library version's name on the phone: the last part of its prefix in the
    store, `Machine.Name-major.minor.patch-<start of its files' hash>` (library_store.
    library_prefix). Two stored copies of one version that differ (a library changed by
    hand) have two names, so the phone never mixes their files."""
    return storage_prefix.rstrip("/").rsplit("/", 1)[-1]


def offline_library(*, activity: H5PActivity, name: str) -> str | None:
    """The store prefix of the library version `name` if the activity plays it; else None
    (a name of another activity's library, or none at all, gets nothing)."""
    for prefix in H5PActivityLibrary.objects.filter(activity=activity).values_list(
        "library__storage_prefix", flat=True
    ):
        if library_version_name(prefix) == name:
            return prefix
    return None


def library_offline_files(*, storage_prefix: str) -> dict:
    """The files of one library version the player reads, base64-encoded by their path
    inside the library: its library.json and the scripts and styles it declares (what
    the player preloads: library_store.activity_libraries)."""
    files: dict[str, str] = {}
    library_json = _read(storage_prefix, "library.json")
    if library_json is None:
        return files  # the player reports a broken library itself
    files["library.json"] = library_json
    try:
        metadata = json.loads(base64.b64decode(library_json).decode("utf-8-sig"))
    except ValueError:
        return files
    for path in library_preloaded_paths(metadata):
        data = _read(storage_prefix, path)
        if data is not None:
            files[path] = data
    return files
