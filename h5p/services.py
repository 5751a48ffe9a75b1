"""Writes for H5P activities: create, replace and delete. Keyword-only, typed.

The order is always the same, so that a refused or failed package leaves nothing
behind and never half-changes an activity:

1. check the package (`package_policy.package_check`); nothing is stored yet;
2. store its libraries in the shared library store, each version once
   (`library_store.libraries_store`; decision 0021), then extract h5p.json and
   content/ under a fresh, unguessable prefix (`extraction.package_extract`), which
   removes its own files if anything goes wrong;
3. write the row in a transaction; if that fails, remove the new files;
4. only once the transaction commits, remove files no row points at any more
   (the old prefix on replace, the prefix on delete).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from h5p.extraction import package_extract, package_files_delete, storage_prefix_new
from h5p.library_store import activity_libraries_link, libraries_store
from h5p.models import PACKAGE_FIELDS, H5PActivity
from h5p.package_policy import CheckedPackage, package_check, package_limits

UPLOAD_PERMISSION = "h5p.add_h5pactivity"
REPLACE_PERMISSION = "h5p.change_h5pactivity"


def h5p_activity_create(
    *, upload, uploaded_by, title: str = "", description: str = ""
) -> H5PActivity:
    """A new activity from an uploaded `.h5p` file.

    Title and description default to the package's; the author may give their own.
    Raises `H5PPackageRejected` (with every problem) if the package is refused, and
    `PermissionDenied` if `uploaded_by` may not upload packages. `uploaded_by=None`
    is for loaders that run without a user (demo content).
    """
    _require(uploaded_by, UPLOAD_PERMISSION)
    limits = package_limits()
    checked = package_check(upload=upload, limits=limits)
    libraries = libraries_store(upload=upload, checked=checked, limits=limits)
    prefix = storage_prefix_new()
    package_extract(
        upload=upload, checked=checked, prefix=prefix, limits=limits, skip_folders=set(libraries)
    )
    try:
        with transaction.atomic():
            activity = H5PActivity(
                title=title.strip() or checked.title,
                description=description.strip(),
                uploaded_by=uploaded_by,
                storage_prefix=prefix,
            )
            _take_package_facts(activity, checked)
            activity.save()
            activity_libraries_link(activity=activity, libraries=libraries)
    except BaseException:
        package_files_delete(prefix=prefix)
        raise
    return activity


def h5p_activity_replace(*, activity: H5PActivity, upload, user) -> H5PActivity:
    """Swap the activity's package for a new one, keeping its title and description.

    The new package is extracted under a new prefix; the row is switched to it in a
    transaction; the old files are removed only after that commits. A refused or
    failed replacement leaves the old package and row exactly as they were.
    """
    _require(user, REPLACE_PERMISSION)
    limits = package_limits()
    checked = package_check(upload=upload, limits=limits)
    libraries = libraries_store(upload=upload, checked=checked, limits=limits)
    prefix = storage_prefix_new()
    package_extract(
        upload=upload, checked=checked, prefix=prefix, limits=limits, skip_folders=set(libraries)
    )
    try:
        with transaction.atomic():
            current = H5PActivity.objects.select_for_update().get(pk=activity.pk)
            old_prefix = current.storage_prefix
            current.storage_prefix = prefix
            current.uploaded_by = user
            _take_package_facts(current, checked)
            current.save()
            activity_libraries_link(activity=current, libraries=libraries)
            # Its translations word the same package: they follow it (decision 0020).
            H5PActivity.objects.filter(translation_key=current.translation_key).exclude(
                pk=current.pk
            ).update(**{name: getattr(current, name) for name in PACKAGE_FIELDS})
            transaction.on_commit(lambda: package_files_delete(prefix=old_prefix), robust=True)
    except BaseException:
        package_files_delete(prefix=prefix)
        raise
    return current


@transaction.atomic
def h5p_activity_update(*, activity: H5PActivity, title: str, description: str) -> H5PActivity:
    """Change what the author may change without a new package: title and description."""
    title = title.strip()
    if not title:
        raise ValueError(_("An H5P activity needs a title."))
    activity.title = title
    activity.description = description.strip()
    activity.save(update_fields=["title", "description", "updated_at"])
    return activity


def h5p_activity_delete(*, activity: H5PActivity) -> None:
    """Delete the activity; its files go once the deletion is committed.

    The files are removed by the post_delete receiver in `modules.models.h5p`, so a
    bulk delete from the admin (a queryset delete) removes them too.
    """
    activity.delete()


def _take_package_facts(activity: H5PActivity, checked: CheckedPackage) -> None:
    activity.language = checked.language
    activity.licence = checked.licence
    activity.main_library = checked.main_library
    activity.h5p_json = checked.h5p_json
    activity.package_name = checked.package_name[:255]
    activity.package_size = checked.package_size


def _require(user, permission: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(
            _("Only the technical committee may upload or replace H5P packages.")
        )
