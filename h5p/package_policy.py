"""What an uploaded `.h5p` package must be before anything of it is stored.

An H5P package is a ZIP archive that the player later serves to learners' browsers,
so it is treated as hostile until proven otherwise. `package_check` reads only the
archive's table of contents and its three small JSON files, then reads every file
once through a byte counter without keeping it; it collects **every** problem, each
in words a committee member understands, and raises `H5PPackageRejected` with the
list. Nothing is written anywhere while checking.

Two checkers, on purpose (see docs/decisions/0013-h5p-packages.md):

- our own policy, which accepts what H5P core accepts (its whitelist, versions
  written as numbers or as text, top-level files other than h5p.json ignored) but
  keeps scripts, styles, SVG and XML out of `content/`, refuses whatever is hostile,
  and names each problem for the author. Files H5P allows but Backpack never serves
  (Flash) or H5P itself ignores (stray top-level files, `__MACOSX/`) are left out of
  an accepted package, each named in a notice;
- `pyh5p`, run afterwards as a second opinion on every member and on the package as
  a whole: whatever it still refuses is reported too, in its own words.
"""

import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pyh5p.errors import SecurityError
from pyh5p.library import LibraryId
from pyh5p.package import H5PPackage, PackagedLibrary
from pyh5p.security import ArchiveLimits, validate_archive_member

from h5p.package_archive import (
    CHUNK_SIZE,
    CONTENT_EXTENSIONS,
    H5P_CORE_CONTENT_WHITELIST,
    H5P_CORE_LIBRARY_WHITELIST_EXTRAS,
    LIBRARY_EXTENSIONS,
    ZIP_READ_ERRORS,
    PackageLimits,
    damaged_problem,
    file_placement,
    ignored_folder,
    member_problems,
    package_limits,
    path_problem,
    shown,
    size_overrun_problem,
    size_text,
    table_of_contents_problem,
)

# Re-exported: the rest of the project reads the policy's lists and limits from here.
__all__ = [
    "CONTENT_EXTENSIONS",
    "H5P_CORE_CONTENT_WHITELIST",
    "H5P_CORE_LIBRARY_WHITELIST_EXTRAS",
    "LIBRARY_EXTENSIONS",
    "ZIP_READ_ERRORS",
    "CheckedPackage",
    "H5PPackageRejected",
    "PackageLimits",
    "damaged_problem",
    "open_checked_archive",
    "package_check",
    "package_limits",
    "size_overrun_problem",
]

REQUIRED_H5P_FIELDS = ("title", "language", "mainLibrary", "embedTypes", "preloadedDependencies")
# Shown at most; a hostile package can have thousands of bad names.
MAX_PROBLEMS_LISTED = 50
# H5P core's patterns (H5PValidator): a machine name, and a version number, which
# h5p.json and library.json write as a number (1) or as text ("1").
MACHINE_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,255}")
VERSION_NUMBER = re.compile(r"[0-9]{1,5}")


class H5PPackageRejected(Exception):
    """The package was refused; `problems` says why, one sentence per problem."""

    def __init__(self, problems: Iterable[str]):
        self.problems = _shortened(list(problems))
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class CheckedPackage:
    """A package that passed every check, with the facts the activity keeps."""

    title: str
    language: str
    licence: str
    main_library: str
    h5p_json: dict[str, Any]
    # The files to extract (no folder entries, none of those left out), in archive order.
    members: tuple[zipfile.ZipInfo, ...] = field(repr=False)
    total_size: int
    package_name: str
    package_size: int
    # What was left out of the package, one sentence per file or folder, for the author.
    notices: tuple[str, ...] = ()
    # Library folders named after the machine name alone (H5P.Foo/), which are stored
    # under their versioned name (H5P.Foo-1.2/), the one the player looks for.
    folder_renames: dict[str, str] = field(default_factory=dict, repr=False)
    # Each library the package brings, by the versioned folder name the player uses, with
    # its library.json: stored once in the shared library store (h5p.library_store).
    libraries: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def stored_name(self, name: str) -> str:
        """Where the file `name` of the package is stored, relative to the activity's prefix."""
        folder, separator, rest = name.partition("/")
        return self.folder_renames.get(folder, folder) + separator + rest if separator else name


def package_check(*, upload, limits: PackageLimits | None = None) -> CheckedPackage:
    """Every problem with an uploaded `.h5p` file, or the checked package.

    `upload` is a Django `UploadedFile` (or any seekable binary file with a name).
    Raises `H5PPackageRejected` listing all problems found.
    """
    limits = limits or package_limits()
    package_name = PurePosixPath(str(getattr(upload, "name", "") or "package.h5p")).name
    size = _size_of(upload)
    if size == 0:
        raise H5PPackageRejected([_("The uploaded file is empty.")])
    if size > limits.max_package_size:
        raise H5PPackageRejected(
            [
                _("The package is %(size)s; a package may be at most %(limit)s.")
                % {"size": size_text(size), "limit": size_text(limits.max_package_size)}
            ]
        )
    stream = _rewound(upload)
    problem = table_of_contents_problem(stream, limits)
    if problem:
        raise H5PPackageRejected([problem])
    try:
        archive = zipfile.ZipFile(_rewound(upload))
    except ZIP_READ_ERRORS:
        raise H5PPackageRejected(
            [
                _(
                    "This file is not an H5P package: it is not a ZIP archive. Export the "
                    "activity again from H5P and upload the .h5p file it gives you."
                )
            ]
        ) from None
    with archive:
        return _PackageInspection(archive, limits, package_name, size).run()


class _PackageInspection:
    """One pass over an open archive, collecting problems instead of stopping at the first."""

    def __init__(self, archive: zipfile.ZipFile, limits: PackageLimits, name: str, size: int):
        self.archive = archive
        self.limits = limits
        self.package_name = name
        self.package_size = size
        self.problems: list[str] = []
        self.infos = archive.infolist()
        self.files: list[zipfile.ZipInfo] = []
        self.notices: list[str] = []
        self.folder_renames: dict[str, str] = {}

    def run(self) -> CheckedPackage:
        member_issues, files = member_problems(self.infos, self.limits)
        self.problems.extend(member_issues)
        names = {info.filename for info in files if not ignored_folder(info.filename)}
        library_folders = {
            name.split("/", 1)[0]
            for name in names
            if re.fullmatch(r"[^/]+/library\.json", name) and not name.startswith("content/")
        }
        nested = sorted(name for name in names if name.endswith("/h5p.json"))
        if "h5p.json" not in names and nested:
            # A folder zipped whole: everything else is out of place for that one reason.
            self.problems.append(
                _(
                    "h5p.json is inside the folder %(folder)s instead of at the top of the "
                    "package: zip the folder's contents, not the folder, or export the "
                    "package again from H5P."
                )
                % {"folder": shown(nested[0].rsplit("/", 1)[0] + "/")}
            )
            raise H5PPackageRejected(self.problems)
        placement = file_placement(files, library_folders)
        self.problems.extend(placement.problems)
        self.notices = placement.notices
        # From here on only the files that will be stored count.
        self.files = placement.kept
        names = {info.filename for info in self.files}
        metadata = self._check_h5p_json(names)
        libraries = self._read_libraries(library_folders)
        self._check_preloaded_files(libraries, names)
        content = self._read_content_json(names)
        if metadata is not None:
            self._check_main_library(metadata, libraries)
            if content is not None:
                self._check_media_references(content, names)
        if not self.problems and metadata is not None:
            self._second_opinion(metadata, content, libraries, names)
        if not self.problems:
            self._read_everything_once()
        if self.problems:
            raise H5PPackageRejected(self.problems)
        return CheckedPackage(
            title=metadata["title"].strip()[:255],
            language=metadata["language"],
            licence=str(metadata.get("license") or ""),
            main_library=_main_library_label(metadata),
            h5p_json=metadata,
            members=tuple(self.files),
            total_size=sum(info.file_size for info in self.files),
            package_name=self.package_name,
            package_size=self.package_size,
            notices=tuple(_shortened_notices(self.notices)),
            folder_renames=self.folder_renames,
            libraries={folder: library.metadata for folder, library in libraries.items()},
        )

    # --- h5p.json, library.json, content.json ---------------------------------------

    def _check_h5p_json(self, names: set[str]) -> dict[str, Any] | None:
        if "h5p.json" not in names:
            if not any(info.filename == "h5p.json" for info in self.infos):
                self.problems.append(
                    _(
                        "The package has no h5p.json, the file that describes it, so it is "
                        "not an H5P package."
                    )
                )
            return None
        metadata = self._read_json("h5p.json")
        if metadata is None:
            return None
        missing = [key for key in REQUIRED_H5P_FIELDS if key not in metadata]
        for key in missing:
            self.problems.append(
                _(
                    "h5p.json does not give the package's %(what)s: the field “%(field)s” "
                    "is missing."
                )
                % {"what": _field_meaning(key), "field": key}
            )
        for key in ("title", "language", "mainLibrary"):
            if key in metadata and not (isinstance(metadata[key], str) and metadata[key].strip()):
                self.problems.append(
                    _("In h5p.json, the field “%(field)s” must be a piece of text.")
                    % {"field": key}
                )
        for key in ("embedTypes", "preloadedDependencies"):
            if key in metadata and not isinstance(metadata[key], list):
                self.problems.append(
                    _("In h5p.json, the field “%(field)s” must be a list.") % {"field": key}
                )
        for index, dependency in enumerate(metadata.get("preloadedDependencies") or []):
            if not _dependency_is_valid(dependency):
                self.problems.append(
                    _(
                        "In h5p.json, entry %(number)s of “preloadedDependencies” must name a "
                        "library with machineName, majorVersion and minorVersion."
                    )
                    % {"number": index + 1}
                )
        if isinstance(metadata.get("language"), str) and len(metadata["language"]) > 16:
            self.problems.append(
                _("In h5p.json, the language “%(language)s” is not a language code.")
                % {"language": shown(metadata["language"][:40])}
            )
        if len(str(metadata.get("license") or "")) > 64:
            self.problems.append(_("In h5p.json, the licence is longer than 64 characters."))
        return metadata

    def _read_json(self, name: str) -> dict[str, Any] | None:
        # The entry that passed the checks (and would be extracted), not zipfile's pick.
        info = next(info for info in self.files if info.filename == name)
        if info.file_size > self.limits.max_json_size:
            self.problems.append(
                _("%(name)s is %(size)s; a description file may be at most %(limit)s.")
                % {
                    "name": shown(name),
                    "size": size_text(info.file_size),
                    "limit": size_text(self.limits.max_json_size),
                }
            )
            return None
        try:
            with self.archive.open(info) as source:
                raw = source.read(self.limits.max_json_size + 1)
        except ZIP_READ_ERRORS:
            self.problems.append(
                _("The package is damaged: %(name)s cannot be unpacked.") % {"name": shown(name)}
            )
            return None
        try:
            parsed = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.problems.append(
                _("%(name)s is not written in UTF-8 text.") % {"name": shown(name)}
            )
            return None
        except json.JSONDecodeError as error:
            self.problems.append(
                _("%(name)s is not valid JSON: %(error)s at line %(line)s, column %(column)s.")
                % {
                    "name": shown(name),
                    "error": error.msg,
                    "line": error.lineno,
                    "column": error.colno,
                }
            )
            return None
        if not isinstance(parsed, dict):
            self.problems.append(
                _("%(name)s must hold a JSON object ({…}).") % {"name": shown(name)}
            )
            return None
        return parsed

    def _read_libraries(self, library_folders: set[str]) -> dict[str, PackagedLibrary]:
        """Each library's parsed library.json, by the versioned folder name the player uses.

        As in H5P core, a library's folder is named `<machineName>-<major>.<minor>` or
        just `<machineName>`; the second is stored under the first (`folder_renames`).
        """
        libraries: dict[str, PackagedLibrary] = {}
        found_in: dict[str, str] = {}
        files_by_folder: dict[str, dict[str, bytes]] = {}
        for info in self.files:
            folder, _sep, rest = info.filename.partition("/")
            # pyh5p's checks only look at which files exist, not at their bytes.
            files_by_folder.setdefault(folder, {})[rest] = b""
        for folder in sorted(library_folders):
            metadata = self._read_json(f"{folder}/library.json")
            if metadata is None:
                continue
            if not _dependency_is_valid(metadata):
                self.problems.append(
                    _(
                        "%(name)s must give the library's machineName, majorVersion and "
                        "minorVersion."
                    )
                    % {"name": shown(f"{folder}/library.json")}
                )
                continue
            versioned = _folder_name(metadata)
            if folder not in (versioned, metadata["machineName"]):
                self.problems.append(
                    _(
                        "The library folder %(folder)s/ holds the library %(library)s, whose "
                        "folder should be called %(expected)s/."
                    )
                    % {
                        "folder": shown(folder),
                        "library": _library_label(metadata),
                        "expected": shown(versioned),
                    }
                )
                continue
            if versioned in found_in:
                self.problems.append(
                    _(
                        "The package contains the library %(library)s twice, in the folders "
                        "%(first)s/ and %(second)s/; keep one of them."
                    )
                    % {
                        "library": _library_label(metadata),
                        "first": shown(found_in[versioned]),
                        "second": shown(folder),
                    }
                )
                continue
            found_in[versioned] = folder
            if folder != versioned:
                self.folder_renames[folder] = versioned
            libraries[versioned] = PackagedLibrary(
                LibraryId.parse(metadata), files_by_folder.get(folder, {}), metadata
            )
        return libraries

    def _check_preloaded_files(self, libraries: dict[str, PackagedLibrary], names: set[str]):
        """Every script and style a library.json says to load is in the package (as in H5P core)."""
        folders = {versioned: folder for folder, versioned in self.folder_renames.items()}
        for versioned, library in sorted(libraries.items()):
            folder = folders.get(versioned, versioned)
            for key in ("preloadedJs", "preloadedCss"):
                entries = library.metadata.get(key)
                if not isinstance(entries, list):
                    continue
                for entry in entries:
                    path = entry.get("path") if isinstance(entry, dict) else None
                    if not isinstance(path, str):
                        continue
                    if f"{folder}/{path.replace(chr(92), '/').lstrip('/')}" not in names:
                        self.problems.append(
                            _(
                                "%(name)s lists %(file)s among the files to load, but the "
                                "package does not contain it."
                            )
                            % {"name": shown(f"{folder}/library.json"), "file": shown(path)}
                        )

    def _read_content_json(self, names: set[str]) -> dict[str, Any] | None:
        if "content/content.json" not in names:
            self.problems.append(
                _(
                    "The package has no content/content.json, the file with the activity's "
                    "questions and texts, so there is nothing to play."
                )
            )
            return None
        return self._read_json("content/content.json")

    def _check_main_library(
        self, metadata: dict[str, Any], libraries: dict[str, PackagedLibrary]
    ) -> None:
        main = metadata.get("mainLibrary")
        dependencies = metadata.get("preloadedDependencies")
        if not isinstance(main, str) or not isinstance(dependencies, list):
            return
        declared = [
            dependency
            for dependency in dependencies
            if _dependency_is_valid(dependency) and dependency["machineName"] == main
        ]
        if not declared:
            self.problems.append(
                _(
                    "h5p.json names %(library)s as the main library but does not list it "
                    "among “preloadedDependencies”."
                )
                % {"library": shown(main)}
            )
            return
        reported: set[str] = set()
        for dependency in dependencies:
            if not _dependency_is_valid(dependency):
                continue
            folder = _folder_name(dependency)
            if folder in libraries or folder in reported:
                continue
            reported.add(folder)
            if dependency["machineName"] == main:
                self.problems.append(
                    _(
                        "The package does not contain its main library, %(library)s: there is "
                        "no folder %(folder)s/ with a library.json. Export the package again "
                        "with its libraries included."
                    )
                    % {"library": shown(main), "folder": shown(folder)}
                )
            else:
                self.problems.append(
                    _(
                        "The package needs the library %(library)s but does not contain it "
                        "(no folder %(folder)s/ with a library.json)."
                    )
                    % {"library": shown(dependency["machineName"]), "folder": shown(folder)}
                )
        self._check_library_dependencies(dependencies, libraries, reported)

    def _check_library_dependencies(
        self,
        dependencies: list[Any],
        libraries: dict[str, PackagedLibrary],
        reported: set[str],
    ) -> None:
        """The libraries that the player loads, and those they load in turn, are all here.

        The player fetches each library.json it meets among preloadedDependencies; one
        missing stops it, so (as in H5P core) the package is refused.
        """
        to_visit = [_folder_name(d) for d in dependencies if _dependency_is_valid(d)]
        visited: set[str] = set()
        while to_visit:
            folder = to_visit.pop()
            if folder in visited or folder not in libraries:
                continue
            visited.add(folder)
            library = libraries[folder].metadata
            needed = library.get("preloadedDependencies")
            if not isinstance(needed, list):
                continue
            for dependency in needed:
                if not _dependency_is_valid(dependency):
                    self.problems.append(
                        _(
                            "In %(name)s, “preloadedDependencies” must name each library with "
                            "machineName, majorVersion and minorVersion."
                        )
                        % {"name": shown(f"{folder}/library.json")}
                    )
                    continue
                wanted = _folder_name(dependency)
                if wanted in libraries:
                    to_visit.append(wanted)
                elif wanted not in reported:
                    reported.add(wanted)
                    self.problems.append(
                        _(
                            "The library %(needer)s needs %(library)s, but the package does "
                            "not contain it (no folder %(folder)s/ with a library.json)."
                        )
                        % {
                            "needer": _library_label(library),
                            "library": _library_label(dependency),
                            "folder": shown(wanted),
                        }
                    )

    def _check_media_references(self, content: dict[str, Any], names: set[str]) -> None:
        for reference in sorted(set(_media_paths(content))):
            if _is_web_address(reference):
                continue  # a web address (e.g. a video elsewhere), not a packaged file
            path = reference.split("#", 1)[0]  # the editor marks new files "#tmp"
            target = f"content/{path}"
            if path_problem(target):
                self.problems.append(
                    _("content.json points at %(path)s, a path outside the package.")
                    % {"path": shown(reference)}
                )
            elif "." not in path.rsplit("/", 1)[-1]:
                # Every packaged file has an extension: this "path" names something else.
                continue
            elif target not in names:
                self.problems.append(
                    _("content.json uses the file %(path)s, which is not in the package.")
                    % {"path": shown(target)}
                )

    # --- pyh5p's opinion and the final read -----------------------------------------

    def _second_opinion(
        self,
        metadata: dict[str, Any],
        content: dict[str, Any] | None,
        libraries: dict[str, PackagedLibrary],
        names: set[str],
    ) -> None:
        """What pyh5p refuses that our policy let through (should be nothing; reported if not)."""
        pyh5p_limits = ArchiveLimits(
            max_files=self.limits.max_files,
            max_file_size=self.limits.max_file_size,
            max_total_size=self.limits.max_total_size,
            max_compression_ratio=float("inf"),  # ours applies from a size floor; see above
            allowed_extensions=LIBRARY_EXTENSIONS,
        )
        for info in self.infos:
            if not info.is_dir() and info.filename not in names:
                continue  # left out with a notice: never stored
            try:
                validate_archive_member(info.filename, info, pyh5p_limits)
            except SecurityError as error:
                self.problems.append(_pyh5p_problem(str(error)))
        package = H5PPackage(
            metadata=metadata,
            content=content,
            libraries=tuple(libraries.values()),
            files=dict.fromkeys(names, b""),
        )
        for issue in package.validate(require_content=True):
            # Media references are ours to judge (above): pyh5p takes any "path" with a
            # colon for unsafe, and the editor's "#tmp" mark for part of the file name.
            if issue.keyword in ("path", "asset"):
                continue
            self.problems.append(_pyh5p_problem(str(issue)))

    def _read_everything_once(self) -> None:
        """Decompress every file, counting the bytes that really come out (never the headers)."""
        total = 0
        for info in self.files:
            produced = 0
            try:
                with self.archive.open(info) as source:
                    while chunk := source.read(CHUNK_SIZE):
                        produced += len(chunk)
                        total += len(chunk)
                        problem = size_overrun_problem(
                            info, produced=produced, total=total, limits=self.limits
                        )
                        if problem:
                            self.problems.append(problem)
                            return
            except ZIP_READ_ERRORS:
                self.problems.append(damaged_problem(info.filename))
                return
            if produced != info.file_size:
                self.problems.append(damaged_problem(info.filename))
                return


def open_checked_archive(upload) -> zipfile.ZipFile:
    """The upload as a ZIP archive again, for extraction after `package_check`."""
    return zipfile.ZipFile(_rewound(upload))


# --- Helpers ------------------------------------------------------------------------


def _dependency_is_valid(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("machineName"), str)
        and MACHINE_NAME.fullmatch(value["machineName"]) is not None
        and _version_text(value.get("majorVersion")) is not None
        and _version_text(value.get("minorVersion")) is not None
    )


def _version_text(value: Any) -> str | None:
    """A version number as H5P core reads it, or None: 1 and "1" are both 1, True is not."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and VERSION_NUMBER.fullmatch(value):
        return value
    return None


def _folder_name(library: dict[str, Any]) -> str:
    """The folder the player looks for: `<machineName>-<major>.<minor>`, as written."""
    return f"{library['machineName']}-{_version(library)}"


def _library_label(library: dict[str, Any]) -> str:
    """E.g. "H5P.Question 1.4", for the author."""
    return shown(f"{library['machineName']} {_version(library)}")


def _main_library_label(metadata: dict[str, Any]) -> str:
    """E.g. "H5P.MultiChoice 1.16": the main library with the version the package uses."""
    for dependency in metadata["preloadedDependencies"]:
        if dependency["machineName"] == metadata["mainLibrary"]:
            return f"{dependency['machineName']} {_version(dependency)}"
    return metadata["mainLibrary"]


def _version(library: dict[str, Any]) -> str:
    major = _version_text(library["majorVersion"])
    minor = _version_text(library["minorVersion"])
    return f"{major}.{minor}"


def _is_web_address(reference: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:)?//", reference, re.IGNORECASE))


def _media_paths(value: Any) -> Iterable[str]:
    """Every file that content.json refers to: H5P keeps them under a "path" key."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "path" and isinstance(item, str):
                yield item
            else:
                yield from _media_paths(item)
    elif isinstance(value, list):
        for item in value:
            yield from _media_paths(item)


def _field_meaning(key: str) -> str:
    return {
        "title": _("title"),
        "language": _("language"),
        "mainLibrary": _("main library, the content type that plays it"),
        "embedTypes": _("embed types"),
        "preloadedDependencies": _("list of the libraries it needs"),
    }[key]


def _pyh5p_problem(detail: str) -> str:
    return _("The H5P package checker also refused the package: %(detail)s") % {"detail": detail}


def _shortened(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS_LISTED:
        return problems
    hidden = len(problems) - MAX_PROBLEMS_LISTED
    return [
        *problems[:MAX_PROBLEMS_LISTED],
        ngettext(
            "… and %(count)s more problem of the same kinds.",
            "… and %(count)s more problems of the same kinds.",
            hidden,
        )
        % {"count": hidden},
    ]


def _shortened_notices(notices: list[str]) -> list[str]:
    if len(notices) <= MAX_PROBLEMS_LISTED:
        return notices
    hidden = len(notices) - MAX_PROBLEMS_LISTED
    return [
        *notices[:MAX_PROBLEMS_LISTED],
        ngettext(
            "… and %(count)s more file left out for the same reasons.",
            "… and %(count)s more files left out for the same reasons.",
            hidden,
        )
        % {"count": hidden},
    ]


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        stream = _rewound(upload)
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
    return size


def _rewound(upload):
    stream = getattr(upload, "file", upload)
    stream.seek(0)
    return stream
