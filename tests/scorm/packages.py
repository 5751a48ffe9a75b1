"""SCORM packages for tests: two written here following ADL's specifications (a SCORM
1.2 quiz and a SCORM 2004 4th Edition course of two SCOs, in tests/scorm/packages/),
zipped on demand, and hostile variations of them."""

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.factories import TrainingModulePageFactory, module_body
from scorm.services import scorm_package_create

FOLDER = Path(__file__).resolve().parent / "packages"
SCORM_12 = "scorm12-quiz"
SCORM_2004 = "scorm2004-course"


def package_files(name: str) -> dict[str, bytes]:
    root = FOLDER / name
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def zipped(files: dict[str, bytes], *, name="course.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def upload(name: str = SCORM_12, **changes) -> SimpleUploadedFile:
    """The package `name` zipped, with files replaced (bytes) or removed (None)."""
    files = package_files(name)
    for path, data in changes.items():
        if data is None:
            files.pop(path, None)
        else:
            files[path] = data
    return zipped(files, name=f"{name}.zip")


def package(name: str = SCORM_12, **kwargs):
    return scorm_package_create(upload=upload(name), uploaded_by=None, **kwargs)


def module_with_package(*, parent, package, publish=True, **kwargs):
    module = TrainingModulePageFactory(
        parent=parent,
        body=[*module_body(), {"type": "scorm_package", "value": {"package": package.pk}}],
        **kwargs,
    )
    if publish:
        module.save_revision().publish()
    return module
