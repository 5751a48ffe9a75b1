"""The archive side of the package policy: entries, paths, kinds of file, sizes.

Everything here looks at a ZIP's table of contents (names, sizes, attributes), never
at the files' bytes, and returns problems as sentences for the author; it does not
raise. `package_policy` adds what needs the bytes (h5p.json and friends, pyh5p's
opinion, the counted read) and decides. The lists and limits are explained in
docs/decisions/0013-h5p-packages.md.
"""

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What H5P core lets into a package (H5PCore::$defaultContentWhitelist, plus the
# `gltf glb` that @lumieducation/h5p-server and Moodle add for 3D models) and what it
# adds for library folders ($defaultLibraryWhitelistExtras). Kept here so the decision
# record and the tests can show how ours relate to them.
H5P_CORE_CONTENT_WHITELIST = _words(
    "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav "
    "txt pdf rtf doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf md textile "
    "vtt webvtt gltf glb"
)
H5P_CORE_LIBRARY_WHITELIST_EXTRAS = _words("js css")

# Kinds H5P allows that Backpack never stores or serves: Flash, which no browser plays.
# Such a file is left out of an accepted package, and the author is told.
LEFT_OUT_EXTENSIONS = _words("swf")
# Kinds left out of content/ only: XML is a document a browser may run scripts in, and
# no content type keeps its data in XML.
LEFT_OUT_OF_CONTENT_EXTENSIONS = _words("xml")
# What `content/` keeps: H5P core's list without what a browser runs (svg, refused
# outright, and xml) and without Flash.
CONTENT_EXTENSIONS = (
    H5P_CORE_CONTENT_WHITELIST
    - _words("svg")
    - LEFT_OUT_OF_CONTENT_EXTENSIONS
    - LEFT_OUT_EXTENSIONS
)
# What a library folder (one with a library.json) keeps: H5P core's list for libraries,
# without Flash (jQuery.ui ships a .diff, downloadify a .swf, fonts come as svg…).
LIBRARY_EXTENSIONS = (
    H5P_CORE_CONTENT_WHITELIST | H5P_CORE_LIBRARY_WHITELIST_EXTRAS
) - LEFT_OUT_EXTENSIONS
# Files a browser may run as code: never outside a library folder.
CODE_EXTENSIONS = frozenset({"js", "mjs", "css", "svg", "xml", "html", "htm", "xhtml"})
# Files that say what they are by extension and what a package holds: anything else
# (php, html, exe…) is refused wherever it is, as H5P core refuses it.
KNOWN_EXTENSIONS = LIBRARY_EXTENSIONS | LEFT_OUT_EXTENSIONS

MiB = 1024 * 1024
# A package's table of contents has one record per file: 46 bytes plus its name and
# extra fields. Anything far larger than `max_files` such records is refused before
# Python's zipfile reads it into memory.
_CENTRAL_RECORD_ALLOWANCE = 46 + 1024 + 256
_READABLE_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
CHUNK_SIZE = 256 * 1024
# Errors Python raises while reading a damaged or forged archive.
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
)


@dataclass(frozen=True)
class PackageLimits:
    """Sizes and counts a package may not exceed (the reasons are in decision 0013)."""

    max_package_size: int = 100 * MiB
    max_files: int = 10_000
    max_file_size: int = 50 * MiB
    max_total_size: int = 200 * MiB
    max_compression_ratio: int = 100
    # Below this size a file cannot hide a bomb, and small JSON often compresses >100x.
    ratio_checked_from: int = 1 * MiB
    # h5p.json, content.json and library.json files are read into memory.
    max_json_size: int = 5 * MiB


def package_limits() -> PackageLimits:
    """The limits in force: the defaults, with any `H5P_PACKAGE_LIMITS` setting applied."""
    overrides = getattr(settings, "H5P_PACKAGE_LIMITS", {})
    known = {f.name for f in fields(PackageLimits)}
    return replace(PackageLimits(), **{k: v for k, v in overrides.items() if k in known})


def member_problems(
    infos: list[zipfile.ZipInfo], limits: PackageLimits
) -> tuple[list[str], list[zipfile.ZipInfo]]:
    """Every problem with the archive's entries, and the entries that are acceptable files."""
    problems: list[str] = []
    files: list[zipfile.ZipInfo] = []
    if len(infos) > limits.max_files:
        problems.append(
            _("The package contains %(count)s files; a package may contain at most %(limit)s.")
            % {"count": len(infos), "limit": limits.max_files}
        )
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.filename
        unsafe = path_problem(name)
        if unsafe:
            problems.append(unsafe)
            continue
        key = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        if key in seen:
            if seen[key] == name:
                problems.append(
                    _("The package contains %(name)s twice; each file may appear only once.")
                    % {"name": shown(name)}
                )
            else:
                problems.append(
                    _(
                        "The package contains both %(first)s and %(second)s, whose names "
                        "differ only in capital letters or accents; one would overwrite "
                        "the other."
                    )
                    % {"first": shown(seen[key]), "second": shown(name)}
                )
            continue
        seen[key] = name
        if info.is_dir():
            continue
        problem = _entry_problem(info, limits)
        if problem:
            problems.append(problem)
            continue
        total += info.file_size
        files.append(info)
    if total > limits.max_total_size:
        problems.append(
            _("The package unpacks to %(size)s; a package may unpack to at most %(limit)s.")
            % {"size": size_text(total), "limit": size_text(limits.max_total_size)}
        )
    return problems, files


def _entry_problem(info: zipfile.ZipInfo, limits: PackageLimits) -> str | None:
    name = info.filename
    file_type = (info.external_attr >> 16) & 0o170000
    if file_type == 0o120000:
        return _(
            "The package contains a link, %(name)s, instead of a file; links could "
            "point at files outside the package."
        ) % {"name": shown(name)}
    if file_type not in (0, 0o100000):
        return _(
            "The package contains %(name)s, which is not an ordinary file (a device, "
            "pipe or similar)."
        ) % {"name": shown(name)}
    if info.flag_bits & 0x1:
        return _(
            "The file %(name)s in the package is protected by a password; export the "
            "package again without one."
        ) % {"name": shown(name)}
    if info.compress_type not in _READABLE_COMPRESSIONS:
        return _(
            "The file %(name)s is compressed in a way H5P does not use; export the "
            "package again from H5P."
        ) % {"name": shown(name)}
    if info.file_size > limits.max_file_size:
        return _(
            "The file %(name)s is %(size)s once unpacked; a single file may be at most %(limit)s."
        ) % {
            "name": shown(name),
            "size": size_text(info.file_size),
            "limit": size_text(limits.max_file_size),
        }
    if (
        info.file_size >= limits.ratio_checked_from
        and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
    ):
        return _(
            "The file %(name)s unpacks to %(size)s from only %(packed)s: more than "
            "%(ratio)s times smaller. Archives built to explode like this (“zip bombs”) "
            "are refused."
        ) % {
            "name": shown(name),
            "size": size_text(info.file_size),
            "packed": size_text(info.compress_size),
            "ratio": limits.max_compression_ratio,
        }
    return None


@dataclass(frozen=True)
class Placement:
    """Where each file of a package belongs: kept, left out with a notice, or a problem."""

    kept: list[zipfile.ZipInfo]
    problems: list[str]
    notices: list[str]


def ignored_folder(name: str) -> bool:
    """A top-level folder H5P core skips whole: its name starts with "." or "_" (__MACOSX/)."""
    return "/" in name and name[:1] in "._"


def _skipped_part(parts: list[str]) -> str | None:
    """The path down to the first name H5P core skips (one starting with "_", or with "."
    outside content/, where a hidden file is refused instead), or None."""
    for index, part in enumerate(parts[1:], start=1):
        if part.startswith("_") or (part.startswith(".") and parts[0] != "content"):
            return "/".join(parts[: index + 1])
    return None


def file_placement(files: list[zipfile.ZipInfo], library_folders: set[str]) -> Placement:
    """Which kinds of file may sit where (CONTENT_EXTENSIONS, LIBRARY_EXTENSIONS), and
    which files H5P core would not use or Backpack never serves, left out with a notice."""
    kept: list[zipfile.ZipInfo] = []
    problems: list[str] = []
    notices: list[str] = []
    stray_folders: list[str] = []
    ignored_folders: list[str] = []
    ignored_files: list[str] = []
    for info in files:
        name = info.filename
        parts = name.split("/")
        extension = _extension(name)
        skipped = _skipped_part(parts)
        if ignored_folder(name):
            if parts[0] not in ignored_folders:
                ignored_folders.append(parts[0])
        elif skipped == name:
            ignored_files.append(name)
        elif skipped:
            if skipped not in ignored_folders:
                ignored_folders.append(skipped)
        elif len(parts) == 1:
            if name == "h5p.json":
                kept.append(info)
            elif extension in CODE_EXTENSIONS or (extension and extension not in KNOWN_EXTENSIONS):
                problems.append(_outside_problem(name, extension))
            else:
                notices.append(
                    _(
                        "%(name)s was left out: H5P reads only h5p.json at the top of a "
                        "package, so it does not use other files there."
                    )
                    % {"name": shown(name)}
                )
        elif any(part.startswith(".") for part in parts):
            problems.append(
                _(
                    "The package contains a hidden file, %(name)s (a name starting with a "
                    "dot); remove it and export the package again."
                )
                % {"name": shown(name)}
            )
        elif not extension:
            problems.append(
                _(
                    "The package contains a file without an extension, %(name)s; every "
                    "file must show its type by its extension."
                )
                % {"name": shown(name)}
            )
        elif parts[0] in library_folders | {"content"} and extension in LEFT_OUT_EXTENSIONS:
            notices.append(
                _(
                    "%(name)s was left out: it is a Flash file, which browsers no longer "
                    "play, so Backpack never serves it. The rest of the package works "
                    "without it."
                )
                % {"name": shown(name)}
            )
        elif parts[0] == "content":
            if extension in LEFT_OUT_OF_CONTENT_EXTENSIONS:
                notices.append(
                    _(
                        "%(name)s was left out: a browser can run scripts in an XML file, "
                        "so Backpack does not serve XML from content/."
                    )
                    % {"name": shown(name)}
                )
            elif extension not in CONTENT_EXTENSIONS:
                problems.append(
                    _(
                        "The package contains %(kind)s, %(name)s; files in content/ may "
                        "only be images, audio, video, documents or data."
                    )
                    % {"kind": _kind(extension), "name": shown(name)}
                )
            else:
                kept.append(info)
        elif parts[0] in library_folders:
            if extension not in LIBRARY_EXTENSIONS:
                problems.append(
                    _(
                        "The package contains %(kind)s, %(name)s; library folders may "
                        "only hold scripts, styles, fonts, images, audio, video and data."
                    )
                    % {"kind": _kind(extension), "name": shown(name)}
                )
            else:
                kept.append(info)
        elif extension in CODE_EXTENSIONS or extension not in KNOWN_EXTENSIONS:
            problems.append(_outside_problem(name, extension))
        elif parts[0] not in stray_folders:
            stray_folders.append(parts[0])
    for folder in stray_folders:
        problems.append(
            _(
                "The folder %(folder)s/ in the package is neither content/ nor a library "
                "(it has no library.json); remove it and export the package again."
            )
            % {"folder": shown(folder)}
        )
    for folder in ignored_folders:
        notices.append(
            _(
                "The folder %(folder)s/ was left out: H5P ignores folders whose names start "
                "with “.” or “_” (macOS adds __MACOSX/ when it zips a folder)."
            )
            % {"folder": shown(folder)}
        )
    for name in ignored_files:
        notices.append(
            _(
                "%(name)s was left out: H5P ignores files whose names start with “.” or “_” "
                "(a translation template such as language/.en.json, a tool's settings)."
            )
            % {"name": shown(name)}
        )
    return Placement(kept=kept, problems=problems, notices=notices)


def _outside_problem(name: str, extension: str) -> str:
    if extension in CODE_EXTENSIONS:
        return _(
            "The package contains %(kind)s, %(name)s, outside a library folder; "
            "scripts, styles, SVG and XML files are accepted only inside a library "
            "folder (one with a library.json)."
        ) % {"kind": _kind(extension), "name": shown(name)}
    if "/" not in name:
        return _(
            "The package contains %(kind)s, %(name)s, at its top level, where only "
            "h5p.json belongs; content goes in content/ and each library in its own folder."
        ) % {"kind": _kind(extension), "name": shown(name)}
    return _("The package contains %(kind)s, %(name)s, which an H5P package may not hold.") % {
        "kind": _kind(extension),
        "name": shown(name),
    }


def size_overrun_problem(
    info: zipfile.ZipInfo, *, produced: int, total: int, limits: PackageLimits
) -> str | None:
    """A problem if the bytes unpacked so far break a limit or the file's declared size."""
    if produced > info.file_size:
        return _(
            "The file %(name)s unpacks to more than its package entry says; the package "
            "is damaged or forged."
        ) % {"name": shown(info.filename)}
    if produced > limits.max_file_size:
        return _(
            "The file %(name)s is larger than %(limit)s once unpacked; a single file may be "
            "at most %(limit)s."
        ) % {"name": shown(info.filename), "limit": size_text(limits.max_file_size)}
    if total > limits.max_total_size:
        return _("The package unpacks to more than %(limit)s, the most a package may hold.") % {
            "limit": size_text(limits.max_total_size)
        }
    return None


def damaged_problem(name: str) -> str:
    return _(
        "The package is damaged: %(name)s cannot be unpacked. Export the package again from H5P."
    ) % {"name": shown(name)}


def path_problem(name: str) -> str | None:
    """Why a member's name is unsafe, or None. One reason per name, the most telling first."""
    named = {"name": shown(name)}
    if not name:
        return _("The package contains a file without a name.")
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        return (
            _("The package contains a file name with invisible control characters, %(name)s.")
            % named
        )
    if re.match(r"^[A-Za-z]:", name):
        return (
            _(
                "The package contains a path with a Windows drive letter, %(name)s; files "
                "must sit inside the package."
            )
            % named
        )
    if name.startswith("/"):
        return (
            _("The package contains an absolute path, %(name)s; files must sit inside the package.")
            % named
        )
    if "\\" in name:
        return (
            _(
                "The package contains a path with a backslash, %(name)s; H5P packages "
                "separate folders with forward slashes only."
            )
            % named
        )
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return (
            _(
                "The package contains a path that climbs out of the package, %(name)s; "
                "“..” is not allowed in paths."
            )
            % named
        )
    if any(part in ("", ".") for part in parts) or ":" in name:
        return _("The package contains an unusual path, %(name)s.") % named
    if len(name) > 255:
        return _("The package contains a path longer than 255 characters, %(name)s.") % {
            "name": shown(name[:60] + "…")
        }
    return None


def table_of_contents_problem(stream, limits: PackageLimits) -> str | None:
    """Refuse an oversized ZIP table of contents before zipfile loads it into memory."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    tail_length = min(size, 22 + 65535)
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None  # not a ZIP: zipfile says so next, and we word it then
    entries, directory_size = struct.unpack("<10xHL6x", tail[at : at + 22])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        return _(
            "The package uses the ZIP64 format, which only archives far larger than an H5P "
            "package need; export it again from H5P."
        )
    if entries > limits.max_files:
        return _(
            "The package contains %(count)s files; a package may contain at most %(limit)s."
        ) % {"count": entries, "limit": limits.max_files}
    if directory_size > limits.max_files * _CENTRAL_RECORD_ALLOWANCE:
        return _(
            "The package's list of files is %(size)s long, far more than %(limit)s files "
            "need; the package is damaged or forged."
        ) % {"size": size_text(directory_size), "limit": limits.max_files}
    return None


def _kind(extension: str) -> str:
    """What an author calls a file of this type, with its article."""
    kinds = (
        ("php phtml php3 php4 php5 phar", _("a PHP file")),
        ("html htm xhtml shtml", _("a web page (HTML file)")),
        ("js mjs", _("a JavaScript file")),
        ("css", _("a style sheet (CSS file)")),
        ("svg", _("an SVG image (which can carry scripts)")),
        ("xml", _("an XML file")),
        ("swf", _("a Flash file")),
        ("exe sh bat cmd com msi dll jar py pl cgi", _("a program")),
    )
    for extensions, kind in kinds:
        if extension in extensions.split():
            return kind
    return _("a .%(extension)s file") % {"extension": extension}


def _extension(name: str) -> str:
    last = name.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[1].lower() if "." in last.lstrip(".") else ""


def shown(name: str) -> str:
    """A name as the author can read it: control characters made visible, length bounded."""
    visible = "".join(
        repr(character)[1:-1] if unicodedata.category(character) in ("Cc", "Cf") else character
        for character in name
    )
    return visible if len(visible) <= 200 else visible[:200] + "…"


def size_text(number: int) -> str:
    return str(filesizeformat(number)).replace("\xa0", " ")
