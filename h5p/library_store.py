"""The shared store of H5P libraries (issue 16, point 2; decision 0021).

Fifty activities need not keep fifty copies of H5P.Question: each library version a
package brings is stored once, under

    h5p/libraries/<machineName>-<major>.<minor>.<patch>-<hash>/…

where `<hash>` begins the SHA-256 of its files (`library_content_hash`). The
activity's own prefix keeps only `h5p.json` and `content/`; `H5PActivityLibrary` says
which stored library plays under which folder of the package, and the file view
assembles the package's folder layout from both (`activity_file_location`), so
h5p-standalone sees the same `<filesUrl>/<Library-1.2>/library.json` as before.

The rule for a version seen again:

- same machine name, version (major.minor.patch) and files → the stored copy is used;
- anything different (another patch of the same major.minor, or the same version with
  other files, e.g. a library changed by hand) → stored as another copy, and only the
  package that brought it uses it. Nothing stored is ever replaced: an upgrade reaches
  an activity only when its package is replaced. The admin's "H5P libraries" report
  lists every stored version, its hash and the activities using it, and marks versions
  stored in more than one copy.
"""

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from curriculum_site.content_version import cached_for_content
from curriculum_site.storage import private_storage
from h5p.extraction import (
    STORAGE_FOLDER,
    _ByteCounter,
    _MeteredReader,
    package_files_delete,
    package_files_list,
)
from h5p.models import H5PActivity, H5PActivityLibrary, H5PLibrary
from h5p.package_policy import (
    ZIP_READ_ERRORS,
    CheckedPackage,
    H5PPackageRejected,
    PackageLimits,
    damaged_problem,
    open_checked_archive,
)

logger = logging.getLogger(__name__)

LIBRARY_FOLDER = f"{STORAGE_FOLDER}/libraries"
CHUNK = 256 * 1024


def library_content_hash(files: Iterable[tuple[str, str]]) -> str:
    """SHA-256 over each file's path inside the library and the SHA-256 of its bytes."""
    digest = hashlib.sha256()
    for path, file_hash in sorted(files):
        digest.update(f"{path}\0{file_hash}\n".encode())
    return digest.hexdigest()


def _number(value) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


def library_identity(metadata: dict) -> tuple[str, int, int, int]:
    return (
        str(metadata["machineName"]),
        _number(metadata.get("majorVersion")),
        _number(metadata.get("minorVersion")),
        _number(metadata.get("patchVersion")),
    )


def library_prefix(identity: tuple[str, int, int, int], content_hash: str) -> str:
    name, major, minor, patch = identity
    return f"{LIBRARY_FOLDER}/{name}-{major}.{minor}.{patch}-{content_hash[:24]}"


def _library_members(checked: CheckedPackage) -> dict[str, list]:
    """Folder → the archive members stored in it (by their stored, versioned name)."""
    members: dict[str, list] = {folder: [] for folder in checked.libraries}
    for info in checked.members:
        folder, _sep, rest = checked.stored_name(info.filename).partition("/")
        if rest and folder in members:
            members[folder].append(info)
    return members


def libraries_store(
    *, upload, checked: CheckedPackage, limits: PackageLimits, storage: Storage | None = None
) -> dict[str, H5PLibrary]:
    """Every library of the checked package in the shared store: folder → stored library.

    Each library's files are hashed (read through the same byte counter as extraction);
    a version with those files already stored is used as it is, a new one is written
    under its own prefix and recorded. A library written by a failed call stays stored
    and unused until pruned: it is complete and immutable, and another upload may
    already use it.
    """
    storage = storage or private_storage()
    counter = _ByteCounter(limits)
    stored: dict[str, H5PLibrary] = {}
    with open_checked_archive(upload) as archive:
        for folder, infos in _library_members(checked).items():
            metadata = checked.libraries[folder]
            identity = library_identity(metadata)
            hashes = []
            for info in infos:
                rest = checked.stored_name(info.filename).partition("/")[2]
                hashes.append((rest, _member_hash(archive, info, counter)))
            content_hash = library_content_hash(hashes)
            name, major, minor, patch = identity
            existing = H5PLibrary.objects.filter(
                machine_name=name,
                major_version=major,
                minor_version=minor,
                patch_version=patch,
                content_hash=content_hash,
            ).first()
            if existing is None:
                existing = _library_write(
                    archive=archive,
                    checked=checked,
                    infos=infos,
                    identity=identity,
                    content_hash=content_hash,
                    metadata=metadata,
                    counter=counter,
                    storage=storage,
                )
            stored[folder] = existing
    return stored


def _member_hash(archive, info, counter) -> str:
    digest = hashlib.sha256()
    try:
        source = archive.open(info)
    except ZIP_READ_ERRORS as error:
        raise H5PPackageRejected([damaged_problem(info.filename)]) from error
    with source:
        reader = _MeteredReader(source, info, counter)
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _library_write(
    *, archive, checked, infos, identity, content_hash, metadata, counter, storage
) -> H5PLibrary:
    prefix = library_prefix(identity, content_hash)
    size = 0
    for info in infos:
        rest = checked.stored_name(info.filename).partition("/")[2]
        target = f"{prefix}/{rest}"
        if storage.exists(target):
            # Written by another upload of the very same files (same hash), or by an
            # earlier call that failed before recording it: the same bytes.
            size += info.file_size
            continue
        try:
            source = archive.open(info)
        except ZIP_READ_ERRORS as error:
            raise H5PPackageRejected([damaged_problem(info.filename)]) from error
        with source:
            saved = storage.save(target, File(_MeteredReader(source, info, counter)))
        if saved != target:
            storage.delete(saved)
            raise RuntimeError(f"storage renamed {target!r} to {saved!r}")
        size += info.file_size
    name, major, minor, patch = identity
    title = str(metadata.get("title") or "")[:255]
    try:
        with transaction.atomic():
            return H5PLibrary.objects.create(
                machine_name=name,
                major_version=major,
                minor_version=minor,
                patch_version=patch,
                content_hash=content_hash,
                title=title,
                storage_prefix=prefix,
                file_count=len(infos),
                size=size,
            )
    except IntegrityError:
        # Another upload recorded the same library meanwhile: it has the same files.
        return H5PLibrary.objects.get(storage_prefix=prefix)


def activity_libraries_link(*, activity: H5PActivity, libraries: dict[str, H5PLibrary]) -> None:
    """Make the activity play exactly these libraries (replacing what it played before)."""
    H5PActivityLibrary.objects.filter(activity=activity).delete()
    H5PActivityLibrary.objects.bulk_create(
        [
            H5PActivityLibrary(activity=activity, library=library, folder=folder)
            for folder, library in sorted(libraries.items())
        ]
    )


def activity_file_location(*, activity_id: int, storage_prefix: str, path: str) -> tuple[str, str]:
    """(prefix, path inside it) of a file of the activity's package as the player asks for
    it: a library folder is read from the shared store, anything else from the activity's
    own prefix."""
    folder, separator, rest = path.partition("/")
    if separator:
        library_prefix_found = (
            H5PActivityLibrary.objects.filter(activity_id=activity_id, folder=folder)
            .values_list("library__storage_prefix", flat=True)
            .first()
        )
        if library_prefix_found:
            return library_prefix_found, rest
    return storage_prefix, path


def h5p_libraries_unused() -> list[H5PLibrary]:
    return list(H5PLibrary.objects.filter(activity_links__isnull=True).order_by("pk"))


def h5p_libraries_prune(*, storage: Storage | None = None) -> int:
    """Remove stored libraries no activity uses (files, then rows); how many."""
    removed = 0
    for library in h5p_libraries_unused():
        with transaction.atomic():
            locked = H5PLibrary.objects.select_for_update().filter(pk=library.pk).first()
            # Checked again under the lock: an upload may have started using it meanwhile.
            if locked is None or H5PActivityLibrary.objects.filter(library=locked).exists():
                continue
            prefix = locked.storage_prefix
            locked.delete()
            transaction.on_commit(
                lambda prefix=prefix: package_files_delete(prefix=prefix, storage=storage),
                robust=True,
            )
            removed += 1
    return removed


# --- Packages stored before the library store ---------------------------------------


def activity_libraries_move_to_store(
    *, activity, storage: Storage | None = None, library_model=H5PLibrary, link_model=None
) -> int:
    """Move the library folders kept under an activity's own prefix (packages stored
    before issue 16) into the shared store; how many folders were moved.

    Copy first, check the copy, link, and only then delete the activity's own copy, so
    an interruption at any point loses nothing (run again, it finishes the job). Used
    by migration 0005 with the historical models.
    """
    link_model = link_model or H5PActivityLibrary
    storage = storage or private_storage()
    prefix = activity.storage_prefix
    try:
        folders, _files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    moved = 0
    for folder in sorted(folders):
        if folder == "content":
            continue
        library_json = f"{prefix}/{folder}/library.json"
        if not storage.exists(library_json):
            continue
        with storage.open(library_json, "rb") as opened:
            metadata = json.loads(opened.read().decode("utf-8-sig"))
        identity = library_identity(metadata)
        names = package_files_list(prefix=f"{prefix}/{folder}", storage=storage)
        hashes = []
        for name in names:
            digest = hashlib.sha256()
            with storage.open(name, "rb") as opened:
                while chunk := opened.read(CHUNK):
                    digest.update(chunk)
            hashes.append((name[len(prefix) + len(folder) + 2 :], digest.hexdigest()))
        content_hash = library_content_hash(hashes)
        target_prefix = library_prefix(identity, content_hash)
        name_, major, minor, patch = identity
        library = library_model.objects.filter(storage_prefix=target_prefix).first()
        if library is None:
            size = 0
            for name in names:
                target = f"{target_prefix}/{name[len(prefix) + len(folder) + 2 :]}"
                if not storage.exists(target):
                    with storage.open(name, "rb") as opened:
                        storage.save(target, File(opened))
                size += storage.size(target)
            library = library_model.objects.create(
                machine_name=name_,
                major_version=major,
                minor_version=minor,
                patch_version=patch,
                content_hash=content_hash,
                title=str(metadata.get("title") or "")[:255],
                storage_prefix=target_prefix,
                file_count=len(names),
                size=size,
            )
        # Every file must be in the store before the activity's copy goes.
        for name in names:
            if not storage.exists(f"{target_prefix}/{name[len(prefix) + len(folder) + 2 :]}"):
                raise RuntimeError(f"{name} was not copied to {target_prefix}")
        link_model.objects.get_or_create(
            activity_id=activity.pk, folder=folder, defaults={"library_id": library.pk}
        )
        for name in names:
            storage.delete(name)
        moved += 1
    return moved


# --- The admin's "H5P libraries" report ----------------------------------------------


class LibraryReportRow:
    def __init__(self, library: H5PLibrary, activities: list[str], copies: int, newest: str):
        self.library = library
        self.title = library.machine_name
        self.version = library.version
        self.content_hash = library.content_hash[:12]
        self.file_count = library.file_count
        self.size = library.size
        self.activities = ", ".join(activities)
        self.activity_count = len(activities)
        notes = []
        if copies > 1:
            notes.append(_("%(count)s stored copies of this version differ") % {"count": copies})
        if newest and newest != library.version:
            notes.append(_("a newer version is stored: %(version)s") % {"version": newest})
        if not activities:
            notes.append(_("unused"))
        self.notes = "; ".join(str(note) for note in notes)


def h5p_library_report() -> list[LibraryReportRow]:
    """Every stored library version with its hash, size and the activities using it;
    three queries whatever the number of libraries."""
    libraries = list(H5PLibrary.objects.order_by(*H5PLibrary._meta.ordering))
    users: dict[int, list[str]] = {}
    # Links are the originals' only; each named in the reader's language.
    for link in H5PActivityLibrary.objects.select_related("activity").order_by("activity__title"):
        users.setdefault(link.library_id, []).append(link.activity.localized.title)
    copies: dict[tuple, int] = {}
    newest: dict[tuple, tuple[int, int, int]] = {}
    for library in libraries:
        key = (library.machine_name, library.version)
        copies[key] = copies.get(key, 0) + 1
        version = (library.major_version, library.minor_version, library.patch_version)
        if version > newest.get((library.machine_name, library.major_version), (-1, -1, -1)):
            newest[(library.machine_name, library.major_version)] = version
    return [
        LibraryReportRow(
            library,
            users.get(library.pk, []),
            copies[(library.machine_name, library.version)],
            ".".join(str(part) for part in newest[(library.machine_name, library.major_version)]),
        )
        for library in libraries
    ]


# --- Serving libraries at stable addresses (issue 19, point 5; decision 0025) ----------


@dataclass(frozen=True)
class ActivityLibraries:
    """The libraries an activity plays, as the player fetches them: `key` names this set
    (the activity's links, each a content-addressed stored library), so an address made of
    it never serves other files; `folders` maps each package folder (`H5P.Question-1.4`)
    to its stored prefix; `preload` lists, in load order, the files the player will ask
    for (each library.json, then the scripts and styles the libraries declare).

    `bundle`, when the package allows it, is what lets the player start in one round trip
    after its page (issue 19: < 1 s at 1.6 Mbps and 150 ms): every library.json it will
    read, handed to it inside the page (`library_json`, with their script and style lists
    emptied), and those scripts and styles concatenated in the order H5P loads them
    (`scripts`, `styles`: (folder, path) pairs), served as one file each."""

    key: str
    folders: dict[str, str]
    preload: tuple[tuple[str, str], ...]  # (path under the libraries address, kind)
    bundle: "PlayerBundle | None" = None


@dataclass(frozen=True)
class PlayerBundle:
    package_json: dict  # h5p.json
    library_json: dict[str, dict]  # folder -> library.json without preloadedJs/Css
    scripts: tuple[tuple[str, str], ...]
    styles: tuple[tuple[str, str], ...]


# The bundles' names under the libraries address: a package folder is always
# `Machine.Name-major.minor`, never one of these.
BUNDLE_SCRIPT = "_bundle.js"
BUNDLE_STYLE = "_bundle.css"


def activity_libraries(*, activity_id: int) -> ActivityLibraries:
    """Kept until the content changes (an H5P activity saved, its package replaced): the
    player page and every library file ask for it."""
    return cached_for_content(
        ("h5p-libraries", activity_id), lambda: _activity_libraries_read(activity_id)
    )


def _activity_libraries_read(activity_id: int) -> ActivityLibraries:
    links = sorted(
        H5PActivityLibrary.objects.filter(activity_id=activity_id).values_list(
            "folder", "library__storage_prefix"
        )
    )
    folders = dict(links)
    digest = hashlib.sha256("\n".join(f"{f}={p}" for f, p in links).encode()).hexdigest()
    storage = private_storage()
    preload: list[tuple[str, str]] = [(f"{folder}/library.json", "fetch") for folder in folders]
    metadata_by_folder: dict[str, dict] = {}
    for folder, prefix in links:
        try:
            with storage.open(f"{prefix}/library.json", "rb") as opened:
                metadata = json.load(opened)
        except (OSError, ValueError):
            continue  # the player reports a broken library itself
        if isinstance(metadata, dict):
            metadata_by_folder[folder] = metadata
        for kind, entries in (("style", "preloadedCss"), ("script", "preloadedJs")):
            for entry in _entries(metadata, entries):
                preload.append((f"{folder}/{entry}", kind))
    storage_prefix = (
        H5PActivity.objects.filter(pk=activity_id).values_list("storage_prefix", flat=True).first()
    )
    bundle = _player_bundle(storage_prefix, metadata_by_folder, storage) if storage_prefix else None
    return ActivityLibraries(
        key=digest[:20], folders=folders, preload=tuple(preload), bundle=bundle
    )


def _entries(metadata, name: str) -> list[str]:
    """The paths a library.json lists under preloadedJs or preloadedCss."""
    entries = metadata.get(name) if isinstance(metadata, dict) else None
    paths = []
    for entry in entries if isinstance(entries, list) else []:
        path = entry.get("path") if isinstance(entry, dict) else None
        if isinstance(path, str) and path:
            paths.append(path)
    return paths


def library_preloaded_paths(metadata) -> list[str]:
    """The styles, then the scripts, a library.json declares (preloadedCss, preloadedJs):
    with library.json itself, what the player reads of a library."""
    return [*_entries(metadata, "preloadedCss"), *_entries(metadata, "preloadedJs")]


def _folder_name(dependency) -> str | None:
    """The folder h5p-standalone reads a dependency from (`Machine.Name-major.minor`)."""
    if not isinstance(dependency, dict) or not isinstance(dependency.get("machineName"), str):
        return None
    return (
        f"{dependency['machineName']}-{dependency.get('majorVersion')}"
        f".{dependency.get('minorVersion')}"
    )


def _player_bundle(storage_prefix: str, metadata: dict[str, dict], storage) -> PlayerBundle | None:
    """The libraries the player will load (the package's preloaded dependencies, followed
    as h5p-standalone follows them), dependencies before what needs them; None when the
    package is anything but plain (a missing library, a cycle, a style that imports
    another): the player then loads file by file as H5P does."""
    try:
        with storage.open(f"{storage_prefix}/h5p.json", "rb") as opened:
            package = json.loads(opened.read().decode("utf-8-sig"))
    except (OSError, ValueError):
        return None
    order: list[str] = []
    visiting: set[str] = set()

    def visit(folder: str) -> bool:
        if folder in order:
            return True
        if folder in visiting or folder not in metadata:
            return False  # a cycle, or a library the package does not carry
        visiting.add(folder)
        for dependency in metadata[folder].get("preloadedDependencies") or []:
            name = _folder_name(dependency)
            if name is None or not visit(name):
                return False
        visiting.discard(folder)
        order.append(folder)
        return True

    roots = package.get("preloadedDependencies") if isinstance(package, dict) else None
    if not isinstance(roots, list) or not roots:
        return None
    for dependency in roots:
        name = _folder_name(dependency)
        if name is None or not visit(name):
            return None
    scripts = tuple(
        (folder, path) for folder in order for path in _entries(metadata[folder], "preloadedJs")
    )
    styles = tuple(
        (folder, path) for folder in order for path in _entries(metadata[folder], "preloadedCss")
    )
    # The player asks for the library.json of every library it reaches: all of them are
    # handed over, with nothing left to load but the two bundles.
    library_json = {
        folder: {**metadata[folder], "preloadedJs": [], "preloadedCss": []} for folder in order
    }
    return PlayerBundle(
        package_json=package, library_json=library_json, scripts=scripts, styles=styles
    )


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _absolute_css_urls(css: str, base: str) -> str:
    """Relative url(…) in a library's style sheet made absolute from the file's own
    address, so that it still names the right font or image inside the bundle."""

    def replace(match):
        quote, url = match.group(1), match.group(2).strip()
        if url.startswith(("data:", "http:", "https:", "//", "/", "#", "blob:")):
            return match.group(0)
        return f"url({quote}{urljoin(base, url)}{quote})"

    return _CSS_URL.sub(replace, css)


def player_bundle_text(*, activity_id: int, kind: str, libraries_url: str) -> str | None:
    """The bundle of one kind ("script" or "style") for the activity, or None when it has
    none. Kept per content version like the library list; the address holds the key."""
    libraries = activity_libraries(activity_id=activity_id)
    if libraries.bundle is None:
        return None
    return cached_for_content(
        ("h5p-bundle", activity_id, libraries.key, kind, libraries_url),
        lambda: _bundle_text(libraries, kind, libraries_url),
    )


def _bundle_text(libraries: ActivityLibraries, kind: str, libraries_url: str) -> str | None:
    storage = private_storage()
    parts = []
    files = libraries.bundle.scripts if kind == "script" else libraries.bundle.styles
    for folder, path in files:
        try:
            with storage.open(f"{libraries.folders[folder]}/{path}", "rb") as opened:
                text = opened.read().decode("utf-8-sig")
        except (OSError, KeyError, UnicodeDecodeError):
            return None
        if kind == "style":
            if "@import" in text:
                return None  # only valid at the top of a style sheet: not bundled
            text = _absolute_css_urls(text, f"{libraries_url}/{folder}/{path}")
            parts.append(f"/* {folder}/{path} */\n{text}\n")
        else:
            # Each file as the separate script it was: a missing final semicolon or a
            # last line that is a comment must not run into the next file.
            parts.append(f"/* {folder}/{path} */\n{text}\n;\n")
    return "".join(parts)
