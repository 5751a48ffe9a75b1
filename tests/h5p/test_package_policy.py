"""Which packages are refused, and that each refusal says why in the author's words.

These tests only check (nothing is stored); storage is covered in test_package_services.
"""

import os

import pytest

from h5p.package_policy import (
    CONTENT_EXTENSIONS,
    H5P_CORE_CONTENT_WHITELIST,
    H5P_CORE_LIBRARY_WHITELIST_EXTRAS,
    LIBRARY_EXTENSIONS,
    H5PPackageRejected,
    PackageLimits,
    package_check,
)
from tests.h5p.packages import (
    LIBRARY_FOLDER,
    PNG,
    build_package,
    upload,
    valid_files,
    valid_package,
    with_declared_size,
)

SMALL = PackageLimits(max_files=10, max_file_size=40_000, max_total_size=100_000)


def adding(**extra):
    files = valid_files()
    files.update(extra)
    return build_package(files)


def without(*names, **h5p_changes):
    files = valid_files(**h5p_changes)
    for name in names:
        files = {path: data for path, data in files.items() if not path.startswith(name)}
    return build_package(files)


def with_entries(*entries):
    return build_package([*valid_files().items(), *entries])


# Each hostile package, the limits it is checked against, and the words of its refusal.
HOSTILE = {
    "path traversal": (
        lambda: with_entries(("content/../../evil.png", PNG)),
        None,
        "The package contains a path that climbs out of the package, content/../../evil.png",
    ),
    "absolute path": (
        lambda: with_entries(("/etc/cron.d/evil.png", PNG)),
        None,
        "The package contains an absolute path, /etc/cron.d/evil.png",
    ),
    "backslash trick": (
        lambda: with_entries(("content\\..\\..\\evil.png", PNG)),
        None,
        "The package contains a path with a backslash, content\\..\\..\\evil.png",
    ),
    "drive letter": (
        lambda: with_entries(("C:/Windows/evil.png", PNG)),
        None,
        "The package contains a path with a Windows drive letter, C:/Windows/evil.png",
    ),
    "control character": (
        lambda: with_entries(("content/images/evil\x1b[2J.png", PNG)),
        None,
        "The package contains a file name with invisible control characters, "
        "content/images/evil\\x1b[2J.png",
    ),
    "symbolic link": (
        lambda: build_package(valid_files(), symlinks={"content/images/key.png": "/etc/passwd"}),
        None,
        "The package contains a link, content/images/key.png, instead of a file",
    ),
    "zip bomb: high compression ratio": (
        lambda: adding(**{"content/data.csv": b"0" * (3 * 1024 * 1024)}),
        None,
        "The file content/data.csv unpacks to 3.0 MB from only",
    ),
    "zip bomb: too large in total": (
        lambda: adding(**{f"content/part{n}.csv": b"0" * 30_000 for n in range(3)}),
        PackageLimits(max_total_size=80_000),
        "; a package may unpack to at most 78.1 KB.",
    ),
    "too many files": (
        lambda: adding(**{f"content/images/p{n}.png": PNG for n in range(5)}),
        SMALL,
        "The package contains 12 files; a package may contain at most 10.",
    ),
    "single file too large": (
        lambda: build_package({**valid_files(), "content/video.mp4": os.urandom(50_000)}),
        SMALL,
        "The file content/video.mp4 is 48.8 KB once unpacked; a single file may be at most "
        "39.1 KB.",
    ),
    "header lies about the size": (
        lambda: with_declared_size(valid_package(), "content/images/pixel.png", 10),
        None,
        "The package is damaged: content/images/pixel.png cannot be unpacked.",
    ),
    "PHP in content": (
        lambda: adding(**{"content/shell.php": b"<?php system($_GET['c']);"}),
        None,
        "The package contains a PHP file, content/shell.php; files in content/ may only be "
        "images, audio, video, documents or data.",
    ),
    "HTML in content": (
        lambda: adding(**{"content/page.html": b"<script>steal()</script>"}),
        None,
        "The package contains a web page (HTML file), content/page.html; files in content/",
    ),
    "SVG in content": (
        lambda: adding(**{"content/images/logo.svg": b"<svg onload='steal()'/>"}),
        None,
        "The package contains an SVG image (which can carry scripts), content/images/logo.svg",
    ),
    "JavaScript outside a library folder": (
        lambda: adding(**{"scripts/steal.js": b"steal()"}),
        None,
        "The package contains a JavaScript file, scripts/steal.js, outside a library folder",
    ),
    "program in a library folder": (
        lambda: adding(**{f"{LIBRARY_FOLDER}/setup.exe": b"MZ"}),
        None,
        f"The package contains a program, {LIBRARY_FOLDER}/setup.exe; library folders may only",
    ),
    "stray top-level file": (
        lambda: adding(**{"notes.txt": b"hello"}),
        None,
        "The package contains a .txt file, notes.txt, at its top level",
    ),
    "folder that is not a library": (
        lambda: adding(**{"extras/photo.png": PNG}),
        None,
        "The folder extras/ in the package is neither content/ nor a library",
    ),
    "hidden file": (
        lambda: adding(**{"content/.htaccess": b"Options +ExecCGI"}),
        None,
        "The package contains a hidden file, content/.htaccess",
    ),
    "file without extension": (
        lambda: adding(**{"content/payload": b"\x7fELF"}),
        None,
        "The package contains a file without an extension, content/payload",
    ),
    "duplicate names": (
        lambda: with_entries(("content/images/pixel.png", PNG)),
        None,
        "The package contains content/images/pixel.png twice",
    ),
    "names differing only in case": (
        lambda: with_entries(("content/images/PIXEL.png", PNG)),
        None,
        "The package contains both content/images/pixel.png and content/images/PIXEL.png",
    ),
    "missing h5p.json": (
        lambda: without("h5p.json"),
        None,
        "The package has no h5p.json, the file that describes it",
    ),
    "h5p.json in a folder": (
        lambda: build_package({f"activity/{k}": v for k, v in valid_files().items()}),
        None,
        "h5p.json is inside the folder activity/ instead of at the top of the package",
    ),
    "malformed h5p.json": (
        lambda: adding(**{"h5p.json": b'{"title": "Selling together",'}),
        None,
        "h5p.json is not valid JSON: Expecting property name enclosed in double quotes at "
        "line 1, column 30.",
    ),
    "h5p.json not an object": (
        lambda: adding(**{"h5p.json": b'["title"]'}),
        None,
        "h5p.json must hold a JSON object",
    ),
    "missing required field": (
        lambda: valid_package(embedTypes=None),
        None,
        "h5p.json does not give the package's embed types: the field “embedTypes” is missing.",
    ),
    "missing main library": (
        lambda: without(f"{LIBRARY_FOLDER}/"),
        None,
        "The package does not contain its main library, H5P.TestChoice: there is no folder "
        "H5P.TestChoice-1.2/ with a library.json.",
    ),
    "main library not among dependencies": (
        lambda: valid_package(mainLibrary="H5P.Other"),
        None,
        "h5p.json names H5P.Other as the main library but does not list it",
    ),
    "missing content.json": (
        lambda: without("content/content.json"),
        None,
        "The package has no content/content.json",
    ),
    "media missing from content": (
        lambda: without("content/images/pixel.png"),
        None,
        "content.json uses the file content/images/pixel.png, which is not in the package.",
    ),
    "not a zip at all": (
        lambda: b"%PDF-1.7\n% a document renamed to .h5p\n",
        None,
        "This file is not an H5P package: it is not a ZIP archive.",
    ),
    "empty file": (lambda: b"", None, "The uploaded file is empty."),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_each_hostile_package_is_refused_with_its_own_message(case):
    build, limits, expected = HOSTILE[case]

    with pytest.raises(H5PPackageRejected) as refused:
        package_check(upload=upload(build()), limits=limits or PackageLimits())

    assert len(refused.value.problems) == 1, refused.value.problems
    assert expected in refused.value.problems[0]


def test_no_two_hostile_packages_share_a_message():
    messages = []
    for build, limits, _expected in HOSTILE.values():
        with pytest.raises(H5PPackageRejected) as refused:
            package_check(upload=upload(build()), limits=limits or PackageLimits())
        messages.append(refused.value.problems[0])

    assert len(set(messages)) == len(messages)


def test_a_valid_package_is_accepted_with_the_facts_of_its_h5p_json():
    checked = package_check(upload=upload(valid_package(), name="selling-together.h5p"))

    assert checked.title == "Selling together"
    assert checked.language == "fr"
    assert checked.licence == "CC BY-SA"
    assert checked.main_library == "H5P.TestChoice 1.2"
    assert checked.h5p_json["embedTypes"] == ["iframe"]
    assert checked.package_name == "selling-together.h5p"
    assert {info.filename for info in checked.members} == set(valid_files())


def test_every_problem_of_a_package_is_listed_not_only_the_first():
    package = with_entries(
        ("../escape.png", PNG),
        ("content/shell.php", b"<?php"),
        ("content/page.html", b"<p>"),
        ("tools/run.js", b"run()"),
    )

    with pytest.raises(H5PPackageRejected) as refused:
        package_check(upload=upload(package))

    problems = "\n".join(refused.value.problems)
    assert len(refused.value.problems) == 4
    for name in ("../escape.png", "content/shell.php", "content/page.html", "tools/run.js"):
        assert name in problems


def test_thousands_of_problems_are_summed_up_after_the_first_fifty():
    package = adding(**{f"content/page{n}.html": b"<p>" for n in range(120)})

    with pytest.raises(H5PPackageRejected) as refused:
        package_check(upload=upload(package))

    assert len(refused.value.problems) == 51
    assert refused.value.problems[-1] == "… and 70 more problems of the same kinds."


def test_a_package_larger_than_the_upload_limit_is_refused_before_it_is_opened():
    with pytest.raises(H5PPackageRejected) as refused:
        package_check(upload=upload(valid_package()), limits=PackageLimits(max_package_size=100))

    assert refused.value.problems[0].startswith("The package is ")
    assert "a package may be at most 100 bytes" in refused.value.problems[0]


def test_web_addresses_in_content_are_not_mistaken_for_missing_files():
    files = valid_files()
    files["content/content.json"] = (
        b'{"video": {"path": "https://www.youtube.com/watch?v=abc"}, '
        b'"image": {"path": "images/pixel.png"}}'
    )

    assert package_check(upload=upload(build_package(files))).title == "Selling together"


def test_the_content_list_is_h5p_cores_without_anything_a_browser_runs():
    assert CONTENT_EXTENSIONS < H5P_CORE_CONTENT_WHITELIST
    assert not CONTENT_EXTENSIONS & {"svg", "xml", "js", "css", "html", "htm", "php", "swf"}


def test_libraries_may_hold_scripts_styles_svg_and_xml_and_nothing_core_refuses():
    assert {"js", "css", "svg", "xml"} <= LIBRARY_EXTENSIONS
    assert LIBRARY_EXTENSIONS <= H5P_CORE_CONTENT_WHITELIST | H5P_CORE_LIBRARY_WHITELIST_EXTRAS
    assert not LIBRARY_EXTENSIONS & {"html", "htm", "php", "swf"}
