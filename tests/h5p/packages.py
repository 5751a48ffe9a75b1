"""Builds `.h5p` packages for tests: a small valid one, and hostile variations of it;
and finds the real packages exported from the H5P hub (`real_package`).

The valid package is made of an invented content type (`H5P.TestChoice 1.2`) with a
script, a style sheet and an icon in its library folder and an image in content/,
so every kind of file the policy accepts appears once. Hostile packages start from
`valid_files()` and add, drop or rename entries, or forge what a ZIP header says.
"""

import io
import json
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

# Packages as the H5P content-type hub exports them, kept beside the repository
# (../shared/h5p-samples/): what authors really upload.
REAL_PACKAGES = Path(__file__).resolve().parents[3] / "shared" / "h5p-samples"
REAL_PACKAGE_NAMES = (
    "H5P.Blanks.h5p",
    "H5P.CoursePresentation.h5p",
    "H5P.DragText.h5p",
    "H5P.MultiChoice.h5p",
    "H5P.TrueFalse.h5p",
    "TrueFalse-with-stray-file.h5p",
)

MAIN_LIBRARY = "H5P.TestChoice"
LIBRARY_FOLDER = "H5P.TestChoice-1.2"
# The smallest valid PNG (one transparent pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def h5p_json(**changes) -> dict:
    """The valid package's h5p.json; pass field=None to leave a field out."""
    metadata = {
        "title": "Selling together",
        "language": "fr",
        "license": "CC BY-SA",
        "mainLibrary": MAIN_LIBRARY,
        "embedTypes": ["iframe"],
        "preloadedDependencies": [
            {"machineName": MAIN_LIBRARY, "majorVersion": 1, "minorVersion": 2}
        ],
    }
    metadata.update(changes)
    return {key: value for key, value in metadata.items() if value is not None}


def valid_files(**h5p_changes) -> dict[str, bytes]:
    """Every file of a valid package, by path."""
    library = {
        "title": "Test choice",
        "machineName": MAIN_LIBRARY,
        "majorVersion": 1,
        "minorVersion": 2,
        "patchVersion": 3,
        "runnable": 1,
        "preloadedJs": [{"path": "choice.js"}],
        "preloadedCss": [{"path": "choice.css"}],
    }
    content = {"question": "Why sell together?", "image": {"path": "images/pixel.png"}}
    return {
        "h5p.json": json.dumps(h5p_json(**h5p_changes)).encode(),
        "content/content.json": json.dumps(content).encode(),
        "content/images/pixel.png": PNG,
        f"{LIBRARY_FOLDER}/library.json": json.dumps(library).encode(),
        f"{LIBRARY_FOLDER}/choice.js": b"H5P.TestChoice = function () {};\n",
        f"{LIBRARY_FOLDER}/choice.css": b".h5p-test-choice { color: #333; }\n",
        f"{LIBRARY_FOLDER}/icon.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    }


def build_package(
    files: dict[str, bytes] | list[tuple[str, bytes]],
    *,
    symlinks: dict[str, str] | None = None,
    stored: bool = False,
) -> bytes:
    """A ZIP of `files` (a list allows duplicate names), plus `symlinks` (name → target)."""
    entries = list(files.items()) if isinstance(files, dict) else list(files)
    buffer = io.BytesIO()
    compression = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns on duplicate names
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = compression
                info.external_attr = 0o100644 << 16
                archive.writestr(info, data)
            for name, target in (symlinks or {}).items():
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.create_system = 3  # Unix, where the mode bits mean "symbolic link"
                info.external_attr = 0o120777 << 16
                archive.writestr(info, target)
    return buffer.getvalue()


def valid_package(**h5p_changes) -> bytes:
    return build_package(valid_files(**h5p_changes))


def with_declared_size(package: bytes, name: str, declared: int) -> bytes:
    """`package` with the uncompressed size of `name` forged in both of its ZIP headers."""
    data = bytearray(package)
    encoded = name.encode()
    forged = 0
    for signature, size_at, name_length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),  # local file header
        (b"PK\x01\x02", 24, 28, 46),  # central directory record
    ):
        at = data.find(signature)
        while at >= 0:
            (length,) = struct.unpack_from("<H", data, at + name_length_at)
            if bytes(data[at + name_at : at + name_at + length]) == encoded:
                struct.pack_into("<L", data, at + size_at, declared)
                forged += 1
            at = data.find(signature, at + 4)
    assert forged == 2, f"{name} not found in both headers"
    return bytes(data)


def with_corrupted_data(package: bytes, name: str) -> bytes:
    """`package` with the first stored byte of `name` flipped; headers left as they were."""
    data = bytearray(package)
    encoded = name.encode()
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
        if bytes(data[at + 30 : at + 30 + name_length]) == encoded:
            data[at + 30 + name_length + extra_length] ^= 0xFF
            return bytes(data)
        at = data.find(b"PK\x03\x04", at + 4)
    raise AssertionError(f"{name} not found")


def upload(data: bytes, name: str = "selling-together.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def real_package(name: str) -> bytes:
    """The bytes of a real hub package; the test is skipped only if the folder is absent."""
    if not REAL_PACKAGES.is_dir():
        pytest.skip(f"the real H5P packages are not here: {REAL_PACKAGES} is missing")
    return (REAL_PACKAGES / name).read_bytes()


def real_package_files(name: str) -> dict[str, bytes]:
    """Every file of a real package, by path (folder entries left out)."""
    with zipfile.ZipFile(io.BytesIO(real_package(name))) as archive:
        return {
            info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()
        }


def package_from_real_libraries(
    sample: str, *, libraries: list[str], content: dict, title: str
) -> bytes:
    """A package of our own content played by real hub libraries taken from `sample`.

    `libraries` are the folders the content uses ("H5P.DragQuestion-1.13"), the main
    library first; the libraries they load are brought along, as an H5P export does.
    """
    files = real_package_files(sample)
    needed: list[str] = []
    to_visit = list(libraries)
    while to_visit:
        folder = to_visit.pop(0)
        if folder in needed:
            continue
        needed.append(folder)
        library = json.loads(files[f"{folder}/library.json"])
        to_visit += [
            f"{d['machineName']}-{d['majorVersion']}.{d['minorVersion']}"
            for d in library.get("preloadedDependencies", [])
        ]
    dependencies = []
    for folder in needed:
        machine_name, version = folder.rsplit("-", 1)
        major, minor = version.split(".")
        # Written as the hub writes them: versions as text.
        dependencies.append(
            {"machineName": machine_name, "majorVersion": major, "minorVersion": minor}
        )
    metadata = {
        "title": title,
        "language": "en",
        "mainLibrary": dependencies[0]["machineName"],
        "embedTypes": ["div"],
        "license": "U",
        "preloadedDependencies": dependencies,
    }
    package = {
        "h5p.json": json.dumps(metadata).encode(),
        "content/content.json": json.dumps(content).encode(),
    }
    for name, data in files.items():
        if name.split("/", 1)[0] in needed:
            package[name] = data
    return build_package(package)


def true_false(question, *, correct):
    """Parameters of H5P.TrueFalse 1.6, as its editor writes them."""
    return {
        "question": question,
        "correct": "true" if correct else "false",
        "behaviour": {
            "enableRetry": True,
            "enableSolutionsButton": True,
            "enableCheckButton": True,
            "confirmCheckDialog": False,
            "confirmRetryDialog": False,
            "autoCheck": False,
        },
        "l10n": {
            "trueText": "True",
            "falseText": "False",
            "score": "You got @score of @total points",
            "checkAnswer": "Check",
            "showSolutionButton": "Show solution",
            "tryAgain": "Retry",
            "wrongAnswerMessage": "Wrong answer",
            "correctAnswerMessage": "Correct answer",
            "scoreBarLabel": "You got :num out of :total points",
        },
    }
