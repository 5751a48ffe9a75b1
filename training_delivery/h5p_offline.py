"""H5P activities of the modules kept on the phone, played offline (issue 18, point 1;
decision 0033-h5p-offline).

The sandboxed player frame has an opaque origin, which no service worker controls, so
the app cannot serve it package files from a cache. Instead the app downloads, while
online, every file the player reads (the activity's `h5p.json` and `content/`, the
libraries' `library.json` and the scripts and styles they declare) as one JSON document,
keeps it in IndexedDB and, offline, posts the files into a frame it builds itself; the
frame makes its own `blob:` addresses from them. Results come back with the device token.
"""

import base64
import posixpath

from curriculum_site.storage import private_storage
from h5p import serving
from h5p.library_store import activity_file_location, activity_libraries
from h5p.models import H5PActivity
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
    libraries: dict[str, str] = {}
    for path, _kind in libraries_info.preload:
        folder, _, inner = path.partition("/")
        prefix = libraries_info.folders.get(folder)
        data = _read(prefix, inner) if prefix else None
        if data is not None:
            libraries[path] = data
    assets = serving.player_asset_urls(request)
    return {
        "id": activity.pk,
        # Changes when the package is replaced: the app then downloads it again.
        "version": f"{libraries_info.key}-{activity.storage_prefix}",
        "title": activity.localized.title,
        "object_iri": request.build_absolute_uri(f"/h5p/activities/{activity.pk}"),
        "package": package,
        "libraries": libraries,
        # h5p-standalone's own files, static and shared by every activity: the app keeps
        # one copy in its cache.
        "player": {
            "main": assets["main"],
            "frame_js": assets["frame_js"],
            "frame_css": assets["frame_css"],
        },
    }
