"""Creating, replacing and deleting H5P activities: what ends up in storage and in the database."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from curriculum_site.storage import private_storage
from h5p.extraction import package_extract, package_files_list
from h5p.library_store import activity_file_location
from h5p.models import H5PActivity
from h5p.package_policy import H5PPackageRejected, PackageLimits, package_check
from h5p.services import (
    h5p_activity_create,
    h5p_activity_delete,
    h5p_activity_replace,
    h5p_activity_update,
)
from tests.h5p.packages import (
    LIBRARY_FOLDER,
    PNG,
    build_package,
    upload,
    valid_files,
    valid_package,
    with_corrupted_data,
)

pytestmark = pytest.mark.django_db


def all_stored_h5p_files():
    return package_files_list(prefix="h5p")


def stored(activity):
    """The package as the player sees it: the activity's own files, and its libraries'
    from the shared store under their folders (decision 0021)."""
    prefix = activity.storage_prefix + "/"
    names = {
        name.removeprefix(prefix) for name in package_files_list(prefix=activity.storage_prefix)
    }
    for link in activity.library_links.select_related("library"):
        library_prefix = link.library.storage_prefix + "/"
        names |= {
            f"{link.folder}/{name.removeprefix(library_prefix)}"
            for name in package_files_list(prefix=link.library.storage_prefix)
        }
    return names


def read(activity, path):
    prefix, inner = activity_file_location(
        activity_id=activity.pk, storage_prefix=activity.storage_prefix, path=path
    )
    with private_storage().open(f"{prefix}/{inner}") as file:
        return file.read()


def test_a_package_is_stored_in_its_own_layout_under_an_unguessable_prefix(committee_member):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)

    assert stored(activity) == set(valid_files())
    assert read(activity, "content/images/pixel.png") == PNG
    assert (
        read(activity, f"{LIBRARY_FOLDER}/choice.js")
        == valid_files()[f"{LIBRARY_FOLDER}/choice.js"]
    )
    prefix = activity.storage_prefix
    assert prefix.startswith("h5p/") and len(prefix.removeprefix("h5p/")) >= 32
    other = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    assert other.storage_prefix != prefix


def test_the_activity_keeps_the_facts_of_the_package(committee_member):
    data = valid_package()

    activity = h5p_activity_create(
        upload=upload(data, name="selling.h5p"), uploaded_by=committee_member
    )

    activity.refresh_from_db()
    assert activity.title == "Selling together"
    assert activity.language == "fr"
    assert activity.licence == "CC BY-SA"
    assert activity.main_library == "H5P.TestChoice 1.2"
    assert activity.h5p_json["mainLibrary"] == "H5P.TestChoice"
    assert activity.package_name == "selling.h5p"
    assert activity.package_size == len(data)
    assert activity.uploaded_by == committee_member


def test_the_author_may_give_a_title_and_description_of_their_own(committee_member):
    activity = h5p_activity_create(
        upload=upload(valid_package()),
        uploaded_by=committee_member,
        title="  Why sell together?  ",
        description="Five questions on collective marketing.",
    )

    assert activity.title == "Why sell together?"
    assert activity.description == "Five questions on collective marketing."


def test_a_refused_package_leaves_no_row_and_no_files(committee_member):
    before = all_stored_h5p_files()
    files = valid_files()
    files["content/shell.php"] = b"<?php"

    with pytest.raises(H5PPackageRejected) as refused:
        h5p_activity_create(upload=upload(build_package(files)), uploaded_by=committee_member)

    assert "content/shell.php" in refused.value.problems[0]
    assert not H5PActivity.objects.exists()
    assert all_stored_h5p_files() == before


def test_bytes_beyond_the_limits_stop_the_extraction_and_remove_what_was_written():
    data = build_package({**valid_files(), "content/video.mp4": b"\x00\x01" * 30_000})
    checked = package_check(upload=upload(data))

    with pytest.raises(H5PPackageRejected) as refused:
        package_extract(
            upload=upload(data),
            checked=checked,
            prefix="h5p/extraction-test",
            limits=PackageLimits(max_total_size=20_000),
        )

    assert refused.value.problems == [
        "The package unpacks to more than 19.5 KB, the most a package may hold."
    ]
    assert package_files_list(prefix="h5p/extraction-test") == []


def test_data_found_damaged_while_extracting_is_refused_and_nothing_is_left():
    checked = package_check(upload=upload(valid_package()))
    # Same layout, one file's bytes spoiled after the check passed on the original.
    forged = with_corrupted_data(valid_package(), "content/images/pixel.png")

    with pytest.raises(H5PPackageRejected) as refused:
        package_extract(
            upload=upload(forged),
            checked=checked,
            prefix="h5p/damaged-test",
            limits=PackageLimits(),
        )

    assert refused.value.problems[0].startswith(
        "The package is damaged: content/images/pixel.png cannot be unpacked."
    )
    assert package_files_list(prefix="h5p/damaged-test") == []


def test_a_storage_failure_is_not_blamed_on_the_package(committee_member, monkeypatch):
    storage = private_storage()
    before = all_stored_h5p_files()
    real_save = storage.save
    calls = []

    def save_then_fail(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("No space left on device")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(storage, "save", save_then_fail)
    with pytest.raises(OSError, match="No space left"):
        h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)

    assert not H5PActivity.objects.exists()
    assert all_stored_h5p_files() == before


def test_files_are_removed_when_the_row_cannot_be_written(committee_member, monkeypatch):
    before = all_stored_h5p_files()

    def fail(self, *args, **kwargs):
        raise IntegrityError("the database refused the row")

    monkeypatch.setattr(H5PActivity, "save", fail)
    with pytest.raises(IntegrityError):
        h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)

    assert all_stored_h5p_files() == before


@pytest.mark.parametrize("role", ["learner", "trainer", "ghana_platform_member"])
def test_only_the_committee_may_upload_packages(role, request):
    user = request.getfixturevalue(role)
    before = all_stored_h5p_files()

    with pytest.raises(PermissionDenied):
        h5p_activity_create(upload=upload(valid_package()), uploaded_by=user)

    assert not H5PActivity.objects.exists()
    assert all_stored_h5p_files() == before


def test_superusers_may_upload_packages(superuser):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=superuser)

    assert activity.uploaded_by == superuser


def new_version():
    files = valid_files(title="Selling together, second edition", language="en")
    files["content/images/photo.png"] = PNG
    return build_package(files)


def test_replacing_swaps_to_the_new_files_and_removes_the_old_after_commit(
    committee_member, second_committee_member, django_capture_on_commit_callbacks
):
    activity = h5p_activity_create(
        upload=upload(valid_package()), uploaded_by=committee_member, title="Why sell together?"
    )
    old_prefix = activity.storage_prefix

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        replaced = h5p_activity_replace(
            activity=activity, upload=upload(new_version()), user=second_committee_member
        )
        # Until the swap commits, the old files are still there for players mid-activity.
        assert package_files_list(prefix=old_prefix) != []
    for callback in callbacks:
        callback()

    replaced.refresh_from_db()
    assert replaced.storage_prefix != old_prefix
    assert "content/images/photo.png" in stored(replaced)
    assert package_files_list(prefix=old_prefix) == []
    assert replaced.title == "Why sell together?"  # the author's name for it stays
    assert replaced.language == "en"
    assert replaced.h5p_json["title"] == "Selling together, second edition"
    assert replaced.uploaded_by == second_committee_member


def test_a_refused_replacement_leaves_the_old_package_and_row_as_they_were(committee_member):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    before_files = all_stored_h5p_files()
    before_row = H5PActivity.objects.values().get(pk=activity.pk)

    with pytest.raises(H5PPackageRejected):
        h5p_activity_replace(activity=activity, upload=upload(b"not a zip"), user=committee_member)

    assert all_stored_h5p_files() == before_files
    assert H5PActivity.objects.values().get(pk=activity.pk) == before_row


def test_a_replacement_that_fails_at_the_swap_keeps_the_old_files_and_drops_the_new(
    committee_member, monkeypatch, django_capture_on_commit_callbacks
):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    before_files = all_stored_h5p_files()
    before_row = H5PActivity.objects.values().get(pk=activity.pk)

    def fail(self, *args, **kwargs):
        raise IntegrityError("the database refused the swap")

    monkeypatch.setattr(H5PActivity, "save", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IntegrityError):
        h5p_activity_replace(activity=activity, upload=upload(new_version()), user=committee_member)

    assert all_stored_h5p_files() == before_files
    assert H5PActivity.objects.values().get(pk=activity.pk) == before_row


def test_a_national_platform_may_not_replace_a_package(committee_member, ghana_platform_member):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)

    with pytest.raises(PermissionDenied):
        h5p_activity_replace(
            activity=activity, upload=upload(new_version()), user=ghana_platform_member
        )

    assert stored(activity) == set(valid_files())


def test_deleting_an_activity_removes_its_files_once_committed(
    committee_member, django_capture_on_commit_callbacks
):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    prefix = activity.storage_prefix

    with django_capture_on_commit_callbacks(execute=True):
        h5p_activity_delete(activity=activity)

    assert not H5PActivity.objects.exists()
    assert package_files_list(prefix=prefix) == []


def test_a_rolled_back_delete_keeps_the_files(committee_member):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    pk = activity.pk

    with pytest.raises(RuntimeError), transaction.atomic():
        h5p_activity_delete(activity=activity)
        raise RuntimeError("something later in the same request failed")

    assert H5PActivity.objects.filter(pk=pk).exists()
    assert stored(H5PActivity.objects.get(pk=pk)) == set(valid_files())


def test_a_bulk_delete_removes_the_files_of_every_activity(
    committee_member, django_capture_on_commit_callbacks
):
    activities = [
        h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
        for _ in range(3)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        H5PActivity.objects.filter(pk__in=[a.pk for a in activities]).delete()

    for activity in activities:
        assert package_files_list(prefix=activity.storage_prefix) == []


def test_renaming_needs_a_title(committee_member):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)

    with pytest.raises(ValueError):
        h5p_activity_update(activity=activity, title="  ", description="")

    activity.refresh_from_db()
    assert activity.title == "Selling together"


def test_a_library_folder_named_without_its_version_is_stored_under_the_versioned_name(
    committee_member,
):
    # H5P core accepts <machineName>/; the player looks for <machineName>-<major>.<minor>/.
    files = {
        name.replace(LIBRARY_FOLDER, "H5P.TestChoice", 1): data
        for name, data in valid_files().items()
    }

    activity = h5p_activity_create(
        upload=upload(build_package(files)), uploaded_by=committee_member
    )

    assert stored(activity) == set(valid_files())


def test_files_left_out_of_a_package_are_never_stored(committee_member):
    files = {
        **valid_files(),
        f"{LIBRARY_FOLDER}/downloadify.swf": b"FWS",
        "H5P_CONTENT_HERE.txt": b"x",
        "__MACOSX/._h5p.json": b"x",
    }

    activity = h5p_activity_create(
        upload=upload(build_package(files)), uploaded_by=committee_member
    )

    assert stored(activity) == set(valid_files())
