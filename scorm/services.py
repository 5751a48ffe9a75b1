"""Writes for SCORM packages: create, replace, update and delete. Keyword-only, typed.

The order is the H5P one (h5p/services.py), so a refused or failed package leaves
nothing behind and never half-changes a package:

1. check the package (`package_policy.package_check`); nothing is stored yet;
2. refuse a package already uploaded (same bytes), naming the one that holds it;
3. extract it under a fresh, unguessable prefix, which removes its own files if
   anything goes wrong;
4. write the row in a transaction; if that fails, remove the new files;
5. only once the transaction commits, remove files no row points at any more.
"""

import hashlib
import zipfile
from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from h5p.package_archive import ZIP_READ_ERRORS
from scorm.models import ScormPackage
from scorm.package_policy import (
    CheckedScormPackage,
    ScormPackageRejected,
    package_check,
    package_limits,
)
from scorm.storage import (
    ExtractionFailed,
    package_extract,
    package_files_delete,
    storage_prefix_new,
)

UPLOAD_PERMISSION = "scorm.add_scormpackage"
REPLACE_PERMISSION = "scorm.change_scormpackage"


def package_digest(upload) -> str:
    """SHA-256 of the uploaded bytes: the same file uploaded twice is found by it."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(256 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _refuse_duplicate(digest: str, *, keep: ScormPackage | None = None) -> None:
    existing = ScormPackage.objects.filter(package_sha256=digest)
    if keep is not None:
        existing = existing.exclude(pk=keep.pk)
    first = existing.first()
    if first is not None:
        raise ScormPackageRejected(
            [
                _(
                    "This file was already uploaded as “%(title)s”; choose that package in "
                    "your module instead of uploading it again."
                )
                % {"title": first.title}
            ]
        )


def _extract(upload, checked: CheckedScormPackage) -> str:
    limits = package_limits()
    prefix = storage_prefix_new()
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            package_extract(
                archive=archive,
                members=checked.members,
                prefix=prefix,
                max_total=limits.max_total_size,
            )
    except (ExtractionFailed, *ZIP_READ_ERRORS) as error:
        raise ScormPackageRejected(
            [
                _(
                    "The package could not be unpacked (%(file)s is damaged or larger than "
                    "its header says); export it again."
                )
                % {"file": str(error)[:120] or "?"}
            ]
        ) from None
    finally:
        upload.seek(0)
    return prefix


def _take_package_facts(package: ScormPackage, checked: CheckedScormPackage, upload) -> None:
    manifest = checked.manifest
    package.scorm_version = manifest.version
    package.edition = manifest.edition
    package.language = manifest.language
    package.contents = [asdict(entry) for entry in manifest.contents]
    package.package_name = (getattr(upload, "name", "") or "")[:255]
    package.package_size = checked.size


def scorm_package_create(
    *, upload, uploaded_by, title: str = "", description: str = ""
) -> ScormPackage:
    """A new package from an uploaded SCORM zip. Raises `ScormPackageRejected` with every
    problem, `PermissionDenied` if `uploaded_by` may not upload (None: loaders)."""
    _require(uploaded_by, UPLOAD_PERMISSION)
    checked = package_check(upload=upload)
    digest = package_digest(upload)
    _refuse_duplicate(digest)
    prefix = _extract(upload, checked)
    try:
        with transaction.atomic():
            package = ScormPackage(
                title=(title.strip() or checked.manifest.title or upload.name)[:255],
                description=description.strip(),
                uploaded_by=uploaded_by,
                storage_prefix=prefix,
                package_sha256=digest,
            )
            _take_package_facts(package, checked, upload)
            package.save()
    except BaseException:
        package_files_delete(prefix=prefix)
        raise
    return package


def scorm_package_replace(*, package: ScormPackage, upload, user) -> ScormPackage:
    """Swap the package's files for a new upload, keeping its title and learners' data.

    Learners' attempts stay attached to the SCOs whose identifiers the new manifest keeps.
    """
    _require(user, REPLACE_PERMISSION)
    checked = package_check(upload=upload)
    digest = package_digest(upload)
    _refuse_duplicate(digest, keep=package)
    prefix = _extract(upload, checked)
    old_prefix = package.storage_prefix
    try:
        with transaction.atomic():
            package = ScormPackage.objects.select_for_update().get(pk=package.pk)
            package.storage_prefix = prefix
            package.package_sha256 = digest
            _take_package_facts(package, checked, upload)
            package.save()
    except BaseException:
        package_files_delete(prefix=prefix)
        raise
    transaction.on_commit(lambda: package_files_delete(prefix=old_prefix), robust=True)
    return package


def scorm_package_update(*, package: ScormPackage, title: str, description: str) -> ScormPackage:
    package.title = title.strip() or package.title
    package.description = description.strip()
    package.save(update_fields=["title", "description", "updated_at"])
    return package


def scorm_package_delete(*, package: ScormPackage) -> None:
    # The files go once the deletion commits (models.remove_extracted_package).
    package.delete()


def _require(user, permission: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(_("You may not upload SCORM packages."))
