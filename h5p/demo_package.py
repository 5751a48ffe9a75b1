"""Builds `.h5p` packages of Backpack's own knowledge-check content type.

The library lives beside this file (`knowledge_check/H5P.BackpackKnowledgeCheck-1.0/`);
a package is that folder, an `h5p.json` naming it as main library, and a
`content/content.json` with the questions. Tests use it so a real package plays in
a real browser, and the demo content uploads one, so `make demo` shows an activity.
"""

import io
import json
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

LIBRARY_FOLDER = "H5P.BackpackKnowledgeCheck-1.0"
LIBRARY_DIR = Path(__file__).resolve().parent / "knowledge_check" / LIBRARY_FOLDER
MAIN_LIBRARY = "H5P.BackpackKnowledgeCheck"

DEMO_QUESTIONS = [
    {
        "text": "Who decides how the group's income is used?",
        "answers": ["The chairperson alone", "The members, at the general assembly"],
        "correct": 2,
        "explanation": "The general assembly of members is the group's highest authority.",
    },
    {
        "text": "Why do members sell their produce together?",
        "answers": [
            "To bargain for a better price and lower transport costs",
            "Because buyers refuse to meet single farmers",
            "To avoid keeping records",
        ],
        "correct": 1,
        "explanation": "A larger, steady volume gives the group bargaining power.",
    },
]


def knowledge_check_h5p_json(*, title: str, language: str = "en") -> dict:
    """The package's h5p.json, with the fields H5P requires."""
    library = json.loads((LIBRARY_DIR / "library.json").read_text())
    return {
        "title": title,
        "language": language,
        "mainLibrary": MAIN_LIBRARY,
        "embedTypes": ["div", "iframe"],
        "license": "CC BY",
        "preloadedDependencies": [
            {
                "machineName": library["machineName"],
                "majorVersion": library["majorVersion"],
                "minorVersion": library["minorVersion"],
            }
        ],
    }


def knowledge_check_files(
    *,
    title: str = "Selling together: check your knowledge",
    questions: list[dict] | None = None,
    intro: str = "Tap the answer you think is right.",
    language: str = "en",
) -> dict[str, bytes]:
    """Every file of the package, by its path inside the package."""
    content = {"intro": intro, "questions": questions or DEMO_QUESTIONS}
    files = {
        "h5p.json": json.dumps(knowledge_check_h5p_json(title=title, language=language)).encode(),
        "content/content.json": json.dumps(content).encode(),
    }
    for path in sorted(LIBRARY_DIR.iterdir()):
        files[f"{LIBRARY_FOLDER}/{path.name}"] = path.read_bytes()
    return files


def knowledge_check_package(**kwargs) -> bytes:
    """The `.h5p` archive (a zip) of `knowledge_check_files(**kwargs)`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in knowledge_check_files(**kwargs).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def knowledge_check_upload(*, name: str = "knowledge-check.h5p", **kwargs) -> SimpleUploadedFile:
    """The package as an uploaded file, as the admin's upload form receives it."""
    return SimpleUploadedFile(name, knowledge_check_package(**kwargs), "application/zip")
