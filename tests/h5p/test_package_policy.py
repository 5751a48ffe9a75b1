"""Which packages are refused, and that each refusal says why in the author's words.

These tests only check (nothing is stored); storage is covered in test_package_services.
"""

import json
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
    MAIN_LIBRARY,
    PNG,
    build_package,
    h5p_json,
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
    "program at the top level": (
        lambda: adding(**{"setup.exe": b"MZ"}),
        None,
        "The package contains a program, setup.exe, at its top level",
    ),
    "script at the top level": (
        lambda: adding(**{"run.js": b"steal()"}),
        None,
        "The package contains a JavaScript file, run.js, outside a library folder",
    ),
    "link in a folder H5P ignores": (
        lambda: build_package(valid_files(), symlinks={"__MACOSX/key.png": "/etc/passwd"}),
        None,
        "The package contains a link, __MACOSX/key.png, instead of a file",
    ),
    "zip bomb in a file H5P ignores": (
        lambda: adding(**{"notes.txt": b"0" * (3 * 1024 * 1024)}),
        None,
        "The file notes.txt unpacks to 3.0 MB from only",
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


# --- What H5P core accepts, Backpack accepts (issue 16) -----------------------------


def checked_with(files: dict[str, bytes]):
    return package_check(upload=upload(build_package(files)))


def stored_names(checked) -> set[str]:
    return {checked.stored_name(info.filename) for info in checked.members}


def test_versions_written_as_text_are_read_as_h5p_core_reads_them():
    # Packages exported from the H5P hub write "majorVersion": "1".
    files = valid_files(
        preloadedDependencies=[
            {"machineName": MAIN_LIBRARY, "majorVersion": "1", "minorVersion": "2"}
        ]
    )
    library = json.loads(files[f"{LIBRARY_FOLDER}/library.json"])
    library.update(majorVersion="1", minorVersion="2", patchVersion="3")
    files[f"{LIBRARY_FOLDER}/library.json"] = json.dumps(library).encode()

    checked = checked_with(files)

    assert checked.main_library == "H5P.TestChoice 1.2"
    assert checked.notices == ()


@pytest.mark.parametrize(
    "version", ["1.2", "one", "", "-1", "\uff11", " 1", "123456", True, None, 1.5, -1]
)
def test_versions_that_are_not_whole_numbers_are_refused(version):
    dependency = {"machineName": MAIN_LIBRARY, "majorVersion": version, "minorVersion": 2}

    with pytest.raises(H5PPackageRejected) as refused:
        package_check(upload=upload(valid_package(preloadedDependencies=[dependency])))

    assert refused.value.problems[0] == (
        "In h5p.json, entry 1 of “preloadedDependencies” must name a library with "
        "machineName, majorVersion and minorVersion."
    )


def test_files_h5p_core_allows_in_a_library_are_kept():
    # jQuery.ui ships apply-when-upgrading.diff; libraries carry readmes, fonts, models.
    extra = {
        f"{LIBRARY_FOLDER}/{name}": b"x"
        for name in (
            "apply-when-upgrading.diff",
            "fix.patch",
            "README.md",
            "notes.textile",
            "LICENSE.txt",
            "fonts/icons.woff2",
            "fonts/icons.otf",
            "models/cube.gltf",
            "strings.xml",
        )
    }

    checked = checked_with({**valid_files(), **extra})

    assert set(extra) <= stored_names(checked)
    assert checked.notices == ()


def test_files_h5p_core_allows_in_content_are_kept():
    extra = {
        f"content/{name}": b"x"
        for name in ("scan.tif", "scan.tiff", "font.woff", "notes.md", "model.glb", "data.csv")
    }

    checked = checked_with({**valid_files(), **extra})

    assert set(extra) <= stored_names(checked)


@pytest.mark.parametrize(
    "name", [f"{LIBRARY_FOLDER}/resources/downloadify.swf", "content/animation.swf"]
)
def test_flash_is_left_out_with_a_notice(name):
    checked = checked_with({**valid_files(), name: b"FWS"})

    assert name not in stored_names(checked)
    assert checked.notices == (
        f"{name} was left out: it is a Flash file, which browsers no longer play, so "
        "Backpack never serves it. The rest of the package works without it.",
    )


def test_xml_in_content_is_left_out_with_a_notice():
    checked = checked_with({**valid_files(), "content/data.xml": b"<data/>"})

    assert "content/data.xml" not in stored_names(checked)
    assert checked.notices == (
        "content/data.xml was left out: a browser can run scripts in an XML file, so "
        "Backpack does not serve XML from content/.",
    )


def test_files_beside_h5p_json_are_left_out_as_h5p_core_ignores_them():
    stray = {"H5P_CONTENT_HERE.txt": b"x", "README.md": b"x", "LICENSE": b"x", ".DS_Store": b"x"}

    checked = checked_with({**valid_files(), **stray})

    assert stored_names(checked) == set(valid_files())
    assert sorted(checked.notices) == sorted(
        f"{name} was left out: H5P reads only h5p.json at the top of a package, so it "
        "does not use other files there."
        for name in stray
    )


def test_folders_h5p_core_skips_are_left_out_whole():
    macos = {"__MACOSX/._h5p.json": b"x", "__MACOSX/content/._content.json": b"x"}

    checked = checked_with({**valid_files(), **macos, ".git/config": b"x"})

    assert stored_names(checked) == set(valid_files())
    assert checked.notices == (
        "The folder __MACOSX/ was left out: H5P ignores folders whose names start with "
        "“.” or “_” (macOS adds __MACOSX/ when it zips a folder).",
        "The folder .git/ was left out: H5P ignores folders whose names start with “.” or "
        "“_” (macOS adds __MACOSX/ when it zips a folder).",
    )


def test_a_library_folder_named_after_the_machine_name_alone_is_stored_with_its_version():
    # H5P core accepts <machineName>/ as well as <machineName>-<major>.<minor>/.
    files = {
        (name.replace(LIBRARY_FOLDER, MAIN_LIBRARY, 1)): data
        for name, data in valid_files().items()
    }

    checked = checked_with(files)

    assert stored_names(checked) == set(valid_files())


def test_the_same_library_in_two_folders_is_refused():
    files = valid_files()
    files.update(
        {name.replace(LIBRARY_FOLDER, MAIN_LIBRARY, 1): data for name, data in files.items()}
    )

    with pytest.raises(H5PPackageRejected) as refused:
        checked_with(files)

    assert refused.value.problems == [
        "The package contains the library H5P.TestChoice 1.2 twice, in the folders "
        "H5P.TestChoice/ and H5P.TestChoice-1.2/; keep one of them."
    ]


def test_a_library_that_a_library_needs_must_be_in_the_package():
    files = valid_files()
    library = json.loads(files[f"{LIBRARY_FOLDER}/library.json"])
    library["preloadedDependencies"] = [
        {"machineName": "H5P.Question", "majorVersion": "1", "minorVersion": "4"}
    ]
    files[f"{LIBRARY_FOLDER}/library.json"] = json.dumps(library).encode()

    with pytest.raises(H5PPackageRejected) as refused:
        checked_with(files)

    assert refused.value.problems == [
        "The library H5P.TestChoice 1.2 needs H5P.Question 1.4, but the package does not "
        "contain it (no folder H5P.Question-1.4/ with a library.json)."
    ]


def test_a_script_a_library_loads_must_be_in_the_package():
    files = valid_files()
    del files[f"{LIBRARY_FOLDER}/choice.js"]

    with pytest.raises(H5PPackageRejected) as refused:
        checked_with(files)

    assert refused.value.problems == [
        "H5P.TestChoice-1.2/library.json lists choice.js among the files to load, but the "
        "package does not contain it."
    ]


def test_paths_in_content_that_name_no_packaged_file_are_left_alone():
    files = valid_files()
    files["content/content.json"] = json.dumps(
        {
            "image": {"path": "images/pixel.png#tmp"},
            "video": {"path": "//videos.example.org/intro.mp4"},
            "route": {"path": "north"},
        }
    ).encode()

    assert checked_with(files).title == "Selling together"


def test_h5p_json_is_kept_as_the_package_wrote_it():
    metadata = h5p_json(
        preloadedDependencies=[
            {"machineName": MAIN_LIBRARY, "majorVersion": "1", "minorVersion": "2"}
        ]
    )
    files = valid_files()
    files["h5p.json"] = json.dumps(metadata).encode()

    assert checked_with(files).h5p_json == metadata


def test_names_h5p_core_skips_inside_libraries_and_content_are_left_out():
    # H5P core skips every name starting with "_", and with "." in a library.
    skipped = {
        f"{LIBRARY_FOLDER}/.eslintrc.json": b"{}",
        # H5P's libraries keep their translation template so; some exports carry it.
        f"{LIBRARY_FOLDER}/language/.en.json": b"{}",
        f"{LIBRARY_FOLDER}/__tests__/choice.test.ts": b"test()",
        "content/_drafts/old.png": PNG,
    }

    checked = checked_with({**valid_files(), **skipped})

    assert stored_names(checked) == set(valid_files())
    assert checked.notices == (
        "The folder H5P.TestChoice-1.2/__tests__/ was left out: H5P ignores folders whose "
        "names start with “.” or “_” (macOS adds __MACOSX/ when it zips a folder).",
        "The folder content/_drafts/ was left out: H5P ignores folders whose names start "
        "with “.” or “_” (macOS adds __MACOSX/ when it zips a folder).",
        "H5P.TestChoice-1.2/.eslintrc.json was left out: H5P ignores files whose names start "
        "with “.” or “_” (a translation template such as language/.en.json, a tool's "
        "settings).",
        "H5P.TestChoice-1.2/language/.en.json was left out: H5P ignores files whose names "
        "start with “.” or “_” (a translation template such as language/.en.json, a tool's "
        "settings).",
    )
