"""Reading a SCORM package's `imsmanifest.xml` (IMS Content Packaging with ADL's SCORM
extensions), for SCORM 1.2 and SCORM 2004 (2nd, 3rd and 4th editions).

The manifest is untrusted XML: it is parsed with defusedxml, which refuses DTDs, entity
declarations and external references (the "billion laughs" and XXE attacks), and it must
be smaller than the package limits allow before it is read at all.

What is read: the SCORM version, the title and language, the default organisation's items
as a table of contents, and for each launchable item the resource it starts (its `href`,
with any `xml:base` and the item's `parameters`). Namespaces differ between versions and
exporters, so elements are matched by their local names.
"""

from dataclasses import dataclass, field
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

MANIFEST_NAME = "imsmanifest.xml"
SCORM_12 = "1.2"
SCORM_2004 = "2004"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# How exporters write the version in <schemaversion> (ADL's CAM books list these).
VERSIONS = {
    "1.2": (SCORM_12, "SCORM 1.2"),
    "cam 1.3": (SCORM_2004, "SCORM 2004 2nd Edition"),
    "2004 3rd edition": (SCORM_2004, "SCORM 2004 3rd Edition"),
    "2004 4th edition": (SCORM_2004, "SCORM 2004 4th Edition"),
}
MAX_ITEMS = 2000


class ManifestProblem(Exception):
    """The manifest cannot be used; `problems` says why, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the table of contents: an item, at a depth, launching a SCO or not."""

    identifier: str
    title: str
    depth: int
    launch: str = ""  # path inside the package, with its query string; "" for a heading


@dataclass
class Manifest:
    version: str  # SCORM_12 or SCORM_2004
    edition: str  # what the author reads, e.g. "SCORM 2004 4th Edition"
    title: str
    language: str
    contents: list[ContentsEntry] = field(default_factory=list)

    @property
    def launchable(self) -> list[ContentsEntry]:
        return [entry for entry in self.contents if entry.launch]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _attribute(element, name: str) -> str:
    """An attribute by local name, whatever namespace prefix the exporter gave it."""
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value.strip()
    return ""


def manifest_read(data: bytes, *, package_files: set[str]) -> Manifest:
    """The facts of a manifest, or `ManifestProblem` listing every problem found."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ManifestProblem(
            [
                _(
                    "imsmanifest.xml declares a DTD or entities, which could make the server "
                    "read other files or run out of memory; export the package again without them."
                )
            ]
        ) from None
    except ElementTree.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else "?"
        raise ManifestProblem(
            [
                _("imsmanifest.xml is not well-formed XML (line %(line)s): %(error)s.")
                % {"line": line, "error": str(error).split(":")[0]}
            ]
        ) from None
    if _local(root.tag) != "manifest":
        raise ManifestProblem(
            [
                _("imsmanifest.xml must start with a <manifest> element; it starts with <%(tag)s>.")
                % {"tag": _local(root.tag)}
            ]
        )
    problems: list[str] = []
    version, edition = _version(root, problems)
    resources = _resources(root, package_files, problems)
    organisation = _default_organisation(root, problems)
    contents: list[ContentsEntry] = []
    title = ""
    if organisation is not None:
        title = _text(_child(organisation, "title"))
        _walk_items(organisation, 0, resources, contents, problems)
        if not any(entry.launch for entry in contents) and not problems:
            problems.append(
                _(
                    "The manifest's organisation has no item that launches a resource, so "
                    "there is nothing to play."
                )
            )
    if problems:
        raise ManifestProblem(problems)
    return Manifest(
        version=version,
        edition=edition,
        title=title or _text(_first_descendant(root, "title"))[:255],
        language=_language(root),
        contents=contents,
    )


def _version(root, problems: list[str]) -> tuple[str, str]:
    metadata = _child(root, "metadata")
    declared = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    if declared:
        known = VERSIONS.get(declared.lower())
        if known:
            return known
        problems.append(
            _(
                "The manifest declares schema version “%(version)s”; Backpack plays SCORM 1.2 "
                "and SCORM 2004 (2nd, 3rd and 4th editions)."
            )
            % {"version": declared[:60]}
        )
        return SCORM_12, ""
    # No <schemaversion> (some exporters leave it out): the namespaces tell.
    namespaces = " ".join(
        [root.tag, *(key for element in root.iter() for key in element.attrib)]
    ).lower()
    if "adlcp_v1p3" in namespaces or "imscp_v1p1" in namespaces:
        return SCORM_2004, "SCORM 2004"
    return SCORM_12, "SCORM 1.2"


def _joined_base(*bases: str) -> str:
    joined = ""
    for base in bases:
        if base:
            joined = base if base.startswith("/") else joined + base
    return joined


def _resources(root, package_files: set[str], problems: list[str]) -> dict[str, str]:
    """Launch paths of the resources that have an href, by identifier."""
    found: dict[str, str] = {}
    container = _child(root, "resources")
    if container is None:
        problems.append(_("The manifest has no <resources> element."))
        return found
    for resource in _children(container, "resource"):
        identifier = _attribute(resource, "identifier")
        href = _attribute(resource, "href")
        if not identifier or not href:
            continue
        base = _joined_base(
            root.get(XML_BASE, ""), container.get(XML_BASE, ""), resource.get(XML_BASE, "")
        )
        found[identifier] = _package_path(base + href)
    return found


def _package_path(href: str) -> str:
    """An href made a path inside the package, with its query string or fragment kept."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href  # a web address: refused where it is launched
    path = normpath(unquote(parts.path)) if parts.path else ""
    suffix = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    return path + suffix


def _default_organisation(root, problems: list[str]):
    organisations = _child(root, "organizations")
    if organisations is None:
        problems.append(_("The manifest has no <organizations> element."))
        return None
    candidates = _children(organisations, "organization")
    if not candidates:
        problems.append(_("The manifest's <organizations> element lists no organisation."))
        return None
    wanted = _attribute(organisations, "default")
    for organisation in candidates:
        if _attribute(organisation, "identifier") == wanted:
            return organisation
    return candidates[0]


def _walk_items(parent, depth, resources, contents, problems) -> None:
    for item in _children(parent, "item"):
        if len(contents) >= MAX_ITEMS:
            problems.append(
                _("The manifest lists more than %(limit)s items.") % {"limit": MAX_ITEMS}
            )
            return
        identifier = _attribute(item, "identifier")
        title = _text(_child(item, "title"))[:255] or identifier
        reference = _attribute(item, "identifierref")
        launch = ""
        if reference:
            if reference not in resources:
                problems.append(
                    _(
                        "The item “%(item)s” launches the resource “%(resource)s”, which the "
                        "manifest does not describe (or describes without an href)."
                    )
                    % {"item": title[:80], "resource": reference[:80]}
                )
            else:
                launch = _with_parameters(resources[reference], _attribute(item, "parameters"))
        contents.append(
            ContentsEntry(identifier=identifier[:255], title=title, depth=depth, launch=launch)
        )
        _walk_items(item, depth + 1, resources, contents, problems)


def _with_parameters(href: str, parameters: str) -> str:
    """The item's `parameters` appended to its resource's href (IMS CP's rule)."""
    if not parameters:
        return href
    parameters = parameters.lstrip("?&") if parameters[0] in "?&" else parameters
    if parameters.startswith("#"):
        return href.split("#", 1)[0] + parameters
    joiner = "&" if "?" in href else "?"
    return href + joiner + parameters


def _first_descendant(root, name: str):
    for element in root.iter():
        if _local(element.tag) == name:
            return element
    return None


def _language(root) -> str:
    """The package's language: LOM's general/language, else the first xml:lang given."""
    for element in root.iter():
        if _local(element.tag) == "language" and _text(element):
            return _text(element)[:16]
    for element in root.iter():
        if element.get(XML_LANG):
            return element.get(XML_LANG)[:16]
    return ""


def launch_path(launch: str) -> str:
    """The file part of a launch address (without query string or fragment)."""
    return urlsplit(launch).path
