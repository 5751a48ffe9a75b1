"""Reading imsmanifest.xml: versions, the table of contents, launch addresses, language,
and hostile XML refused (issue 22, point 1)."""

import pytest

from scorm.manifest import ManifestProblem, manifest_read
from tests.scorm.packages import SCORM_12, SCORM_2004, package_files


def read(name):
    files = package_files(name)
    return manifest_read(files["imsmanifest.xml"], package_files=set(files))


def test_a_scorm_12_manifest_gives_its_version_title_and_one_sco():
    manifest = read(SCORM_12)
    assert (manifest.version, manifest.edition) == ("1.2", "SCORM 1.2")
    assert manifest.title == "Safe storage of pesticides"
    assert [(e.identifier, e.title, e.depth, e.launch) for e in manifest.contents] == [
        ("ITEM-QUIZ", "Storage quiz", 0, "index.html")
    ]


def test_a_multi_sco_2004_manifest_is_a_table_of_contents_with_bases_and_parameters():
    manifest = read(SCORM_2004)
    assert (manifest.version, manifest.edition) == ("2004", "SCORM 2004 4th Edition")
    assert manifest.language == "fr"
    assert [(e.title, e.depth, e.launch) for e in manifest.contents] == [
        ("Introduction", 0, "content/intro.html"),
        ("Évaluation", 0, ""),  # a heading: nothing to launch
        ("Contrôle final", 1, "content/check.html?level=1"),
    ]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<manifest><metadata><schemaversion>1.2</schemaversion></metadata>&lol2;</manifest>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;</manifest>"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["entity expansion", "external entity"])
def test_entities_and_dtds_are_refused(data):
    with pytest.raises(ManifestProblem) as refused:
        manifest_read(data, package_files=set())
    assert "DTD or entities" in refused.value.problems[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<manifest><organizations>", "not well-formed XML (line 1)"),
        (b"<package/>", "must start with a <manifest> element; it starts with <package>"),
        (
            b"<manifest><metadata><schemaversion>CAM 1.1</schemaversion></metadata>"
            b"<organizations/><resources/></manifest>",
            "declares schema version \u201cCAM 1.1\u201d",
        ),
        (
            b"<manifest><organizations><organization identifier='o'><item identifier='i' "
            b"identifierref='missing'><title>Part one</title></item></organization>"
            b"</organizations><resources/></manifest>",
            "The item \u201cPart one\u201d launches the resource \u201cmissing\u201d",
        ),
        (
            b"<manifest><organizations><organization identifier='o'><item identifier='i'>"
            b"<title>Only a heading</title></item></organization></organizations>"
            b"<resources/></manifest>",
            "no item that launches a resource",
        ),
        (b"<manifest><resources/></manifest>", "no <organizations> element"),
    ],
)
def test_a_manifest_that_cannot_be_played_says_why(data, expected):
    with pytest.raises(ManifestProblem) as refused:
        manifest_read(data, package_files=set())
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
