"""What a SCORM package must be before anything of it is stored (issue 22, decision 0026).

The same safety as H5P packages (decision 0013), with the archive checks shared with
the h5p app: size and count limits, no path leaving the package, no links, devices,
passwords or zip bombs; then the SCORM part: an `imsmanifest.xml` at the top level,
read with a hardened XML parser (`scorm.manifest`), whose launchable items each start
a web page inside the package; and only the kinds of file web content is made of.
Every problem is listed, so the author fixes the package in one go.
"""

import io
import zipfile
from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.utils.translation import gettext as _

from h5p.package_archive import (
    ZIP_READ_ERRORS,
    PackageLimits,
    member_problems,
    shown,
    size_text,
    table_of_contents_problem,
)
from scorm.manifest import MANIFEST_NAME, Manifest, ManifestProblem, launch_path, manifest_read

MiB = 1024 * 1024
MAX_PROBLEMS_LISTED = 50

# The kinds of file web content is made of: what a SCO's pages load (pages, scripts,
# styles, images, fonts, sound, video, data) and the schema files exporters put beside
# the manifest. Anything else (programs, PHP, Flash, archives) is refused.
WEB_CONTENT_EXTENSIONS = frozenset(
    {
        # pages, scripts, styles, data
        *("html", "htm", "xhtml", "js", "mjs", "css", "json", "xml", "xsd", "dtd"),
        *("txt", "vtt", "webvtt", "csv", "md"),
        # images and fonts
        *("png", "jpg", "jpeg", "gif", "bmp", "webp", "svg", "ico", "tif", "tiff"),
        *("woff", "woff2", "ttf", "otf", "eot"),
        # sound and video
        *("mp3", "m4a", "wav", "ogg", "oga", "mp4", "m4v", "webm", "ogv"),
        # documents
        *("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf"),
    }
)
PAGE_EXTENSIONS = frozenset({"html", "htm", "xhtml"})
# Left by the archiver, never part of the course: not stored, not a problem.
IGNORED_PREFIXES = ("__MACOSX/",)
IGNORED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")


class ScormPackageRejected(Exception):
    """The package is refused; `problems` holds every reason, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class CheckedScormPackage:
    manifest: Manifest
    members: tuple[zipfile.ZipInfo, ...]
    size: int


def package_limits() -> PackageLimits:
    """SCORM courses carry video more often than H5P activities: larger defaults, and a
    `SCORM_PACKAGE_LIMITS` setting overrides any of them."""
    defaults = PackageLimits(
        max_package_size=200 * MiB,
        max_files=10_000,
        max_file_size=100 * MiB,
        max_total_size=400 * MiB,
        max_json_size=5 * MiB,  # the manifest's largest size
    )
    overrides = getattr(settings, "SCORM_PACKAGE_LIMITS", {})
    known = {f.name for f in fields(PackageLimits)}
    return replace(defaults, **{k: v for k, v in overrides.items() if k in known})


def package_check(*, upload, limits: PackageLimits | None = None) -> CheckedScormPackage:
    """The checked package, or `ScormPackageRejected` with every problem. Reads only."""
    limits = limits or package_limits()
    size = _size_of(upload)
    if size > limits.max_package_size:
        raise ScormPackageRejected(
            [
                _("The package is %(size)s; a SCORM package may be at most %(limit)s.")
                % {"size": size_text(size), "limit": size_text(limits.max_package_size)}
            ]
        )
    upload.seek(0)
    problem = table_of_contents_problem(upload, limits)
    if problem:
        raise ScormPackageRejected([problem])
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return _inspect(archive, size, limits)
    except zipfile.BadZipFile:
        raise ScormPackageRejected(
            [_("The file is not a ZIP archive. Export the course as a SCORM package (.zip).")]
        ) from None
    finally:
        upload.seek(0)


def _inspect(archive: zipfile.ZipFile, size: int, limits: PackageLimits) -> CheckedScormPackage:
    infos = [info for info in archive.infolist() if not _ignored(info.filename)]
    problems, files = member_problems(infos, limits)
    names = {info.filename for info in files}
    for info in files:
        extension = _extension(info.filename)
        if extension not in WEB_CONTENT_EXTENSIONS:
            problems.append(
                _(
                    "The package contains %(name)s, a .%(extension)s file, which is not web "
                    "content; a SCORM package may hold only pages, scripts, styles, images, "
                    "fonts, sound, video and documents."
                )
                % {"name": shown(info.filename), "extension": extension or "?"}
                if extension
                else _(
                    "The package contains %(name)s, a file without an extension; every file "
                    "must say what it is by its extension."
                )
                % {"name": shown(info.filename)}
            )
    manifest = None
    if MANIFEST_NAME not in names:
        nested = sorted(name for name in names if name.endswith("/" + MANIFEST_NAME))
        if nested:
            problems.append(
                _(
                    "imsmanifest.xml is inside the folder %(folder)s; it must be at the top "
                    "level of the ZIP. Zip the folder's contents, not the folder."
                )
                % {"folder": shown(nested[0].rsplit("/", 1)[0] + "/")}
            )
        else:
            problems.append(
                _(
                    "The package has no imsmanifest.xml at its top level, so it is not a SCORM "
                    "package. Export the course again as SCORM 1.2 or SCORM 2004."
                )
            )
    else:
        manifest = _manifest(archive, names, limits, problems)
    if problems:
        raise ScormPackageRejected(_shortened(problems))
    return CheckedScormPackage(manifest=manifest, members=tuple(files), size=size)


def _manifest(archive, names: set[str], limits: PackageLimits, problems: list[str]):
    info = archive.getinfo(MANIFEST_NAME)
    if info.file_size > limits.max_json_size:
        problems.append(
            _("imsmanifest.xml is %(size)s; a manifest may be at most %(limit)s.")
            % {"size": size_text(info.file_size), "limit": size_text(limits.max_json_size)}
        )
        return None
    try:
        data = archive.read(info)
    except ZIP_READ_ERRORS:
        problems.append(_("imsmanifest.xml cannot be unpacked; the package is damaged."))
        return None
    try:
        manifest = manifest_read(data, package_files=names)
    except ManifestProblem as refused:
        problems.extend(refused.problems)
        return None
    for entry in manifest.launchable:
        path = launch_path(entry.launch)
        named = {"item": entry.title[:80], "href": shown(entry.launch[:120])}
        if "://" in entry.launch or entry.launch.startswith("//"):
            problems.append(
                _(
                    "The item “%(item)s” launches a web address, %(href)s; a package played "
                    "here must contain its own pages."
                )
                % named
            )
        elif path.startswith("../") or path.startswith("/") or path == "..":
            problems.append(
                _("The item “%(item)s” launches %(href)s, outside the package.") % named
            )
        elif path not in names:
            problems.append(
                _("The item “%(item)s” launches %(href)s, which is not in the package.") % named
            )
        elif _extension(path) not in PAGE_EXTENSIONS:
            problems.append(
                _("The item “%(item)s” launches %(href)s, which is not a web page.") % named
            )
    return manifest


def _ignored(name: str) -> bool:
    return name.startswith(IGNORED_PREFIXES) or name.rsplit("/", 1)[-1] in IGNORED_NAMES


def _extension(name: str) -> str:
    last = name.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[1].lower() if "." in last.lstrip(".") else ""


def _shortened(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS_LISTED:
        return problems
    rest = len(problems) - MAX_PROBLEMS_LISTED
    return [
        *problems[:MAX_PROBLEMS_LISTED],
        _("…and %(count)s more problems.") % {"count": rest},
    ]


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return size
