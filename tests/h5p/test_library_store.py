"""Libraries shared across packages (issue 16, point 2; decision 0021): each library
version stored once, content-addressed; packages reference the versions they use; other
files for the same version get a copy of their own; stored packages are moved into the
store by a migration without losing a file."""

import importlib
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from curriculum_site.storage import private_storage
from h5p.extraction import package_extract, package_files_list, storage_prefix_new
from h5p.library_store import (
    LIBRARY_FOLDER,
    activity_libraries_move_to_store,
    h5p_library_report,
)
from h5p.models import H5PActivity, H5PActivityLibrary, H5PLibrary
from h5p.package_policy import package_check, package_limits
from h5p.services import h5p_activity_create, h5p_activity_delete, h5p_activity_replace
from tests.h5p.packages import (
    LIBRARY_FOLDER as TEST_LIBRARY,
)
from tests.h5p.packages import (
    REAL_PACKAGE_NAMES,
    build_package,
    real_package,
    real_package_files,
    upload,
    valid_files,
    valid_package,
)
from tests.h5p.player_helpers import package_as_served

pytestmark = pytest.mark.django_db


def store_files():
    return package_files_list(prefix=LIBRARY_FOLDER)


def with_library(**changes) -> bytes:
    files = valid_files()
    library = json.loads(files[f"{TEST_LIBRARY}/library.json"])
    library.update(changes.pop("library", {}))
    files[f"{TEST_LIBRARY}/library.json"] = json.dumps(library).encode()
    files.update(changes.pop("files", {}))
    return build_package(files)


def test_two_packages_with_the_same_libraries_share_one_copy(committee_member):
    first = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    files_after_first = store_files()
    second = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)

    assert store_files() == files_after_first
    [library] = H5PLibrary.objects.all()
    assert (library.machine_name, library.version) == ("H5P.TestChoice", "1.2.3")
    assert len(library.content_hash) == 64 and library.file_count == 4
    assert set(first.library_links.values_list("library", "folder")) == {(library.pk, TEST_LIBRARY)}
    assert set(second.library_links.values_list("library", "folder")) == {
        (library.pk, TEST_LIBRARY)
    }
    # The activity's own prefix keeps h5p.json and content/ only.
    own = package_files_list(prefix=second.storage_prefix)
    assert {name.removeprefix(second.storage_prefix + "/") for name in own} == {
        "h5p.json",
        "content/content.json",
        "content/images/pixel.png",
    }


def test_real_hub_packages_share_their_common_libraries(committee_member):
    for name in REAL_PACKAGE_NAMES:
        activity = h5p_activity_create(
            upload=upload(real_package(name), name=name), uploaded_by=committee_member
        )
        assert package_as_served(activity) >= {
            path
            for path in real_package_files(name)
            if not path.endswith(".swf") and path != "H5P_CONTENT_HERE.txt"
        }
    # H5P.Question, FontAwesome, Drop… are in nearly every package; each is kept once.
    folders = list(H5PActivityLibrary.objects.values_list("folder", flat=True))
    libraries = H5PLibrary.objects.all()
    assert len(folders) > libraries.count()
    question = H5PLibrary.objects.filter(machine_name="FontAwesome")
    assert question.count() == 1
    assert question.get().activity_links.count() == len(REAL_PACKAGE_NAMES)


def test_another_patch_of_the_same_version_is_stored_beside_it_and_used_only_by_its_package(
    committee_member,
):
    old = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    newer = h5p_activity_create(
        upload=upload(
            with_library(
                library={"patchVersion": 4},
                files={f"{TEST_LIBRARY}/choice.js": b"H5P.TestChoice = function () { };\n"},
            )
        ),
        uploaded_by=committee_member,
    )

    versions = sorted(H5PLibrary.objects.values_list("patch_version", flat=True))
    assert versions == [3, 4]
    assert old.library_links.get().library.patch_version == 3
    assert newer.library_links.get().library.patch_version == 4
    report = {(row.version, row.activities): row.notes for row in h5p_library_report()}
    assert "a newer version is stored: 1.2.4" in report[("1.2.3", old.title)]


def test_the_same_version_with_other_files_gets_its_own_copy_and_is_flagged(committee_member):
    first = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    changed = h5p_activity_create(
        upload=upload(with_library(files={f"{TEST_LIBRARY}/choice.css": b".h5p-test-choice {}\n"})),
        uploaded_by=committee_member,
    )

    copies = H5PLibrary.objects.filter(machine_name="H5P.TestChoice")
    assert copies.count() == 2
    assert len(set(copies.values_list("content_hash", flat=True))) == 2
    assert first.library_links.get().library != changed.library_links.get().library
    # Each activity plays the bytes it was uploaded with.
    with private_storage().open(
        f"{changed.library_links.get().library.storage_prefix}/choice.css"
    ) as opened:
        assert opened.read() == b".h5p-test-choice {}\n"
    notes = {row.notes for row in h5p_library_report()}
    assert any("2 stored copies of this version differ" in note for note in notes)


def test_replacing_a_package_moves_the_activity_to_the_libraries_of_the_new_one(
    committee_member, django_capture_on_commit_callbacks
):
    activity = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        replaced = h5p_activity_replace(
            activity=activity,
            upload=upload(with_library(library={"patchVersion": 9})),
            user=committee_member,
        )
    assert replaced.library_links.get().library.version == "1.2.9"
    # The old version stays stored, unused, until pruned.
    unused = H5PLibrary.objects.get(patch_version=3)
    assert not unused.activity_links.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("h5p_libraries_prune", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not H5PLibrary.objects.filter(pk=unused.pk).exists()
    assert package_files_list(prefix=unused.storage_prefix) == []
    assert H5PLibrary.objects.filter(patch_version=9).exists()


def test_deleting_an_activity_keeps_the_libraries_others_use(
    committee_member, django_capture_on_commit_callbacks
):
    first = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    second = h5p_activity_create(upload=upload(valid_package()), uploaded_by=committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        h5p_activity_delete(activity=first)
        call_command("h5p_libraries_prune", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert package_as_served(second) == set(valid_files())


def test_the_library_report_lists_versions_and_the_activities_using_them(client, committee_member):
    h5p_activity_create(
        upload=upload(valid_package()), uploaded_by=committee_member, title="Selling"
    )
    client.force_login(committee_member)
    html = client.get("/admin/reports/h5p-libraries/").content.decode()
    assert "H5P.TestChoice" in html and "1.2.3" in html and "Selling" in html
    response = client.get("/admin/reports/h5p-libraries/", {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "H5P.TestChoice,1.2.3," in content


def test_a_package_stored_before_the_store_is_moved_into_it_without_losing_a_file(
    committee_member,
):
    # A package extracted whole under its prefix, as before issue 16.
    data = valid_package()
    checked = package_check(upload=upload(data), limits=package_limits())
    prefix = storage_prefix_new()
    package_extract(upload=upload(data), checked=checked, prefix=prefix, limits=package_limits())
    activity = H5PActivity.objects.create(
        title="Old", main_library="H5P.TestChoice 1.2", storage_prefix=prefix
    )
    before = {
        name.removeprefix(prefix + "/"): private_storage().open(name).read()
        for name in package_files_list(prefix=prefix)
    }
    assert f"{TEST_LIBRARY}/choice.js" in before

    migration = importlib.import_module("h5p.migrations.0005_move_libraries_to_store_h5p_lrs")
    migration.move_libraries(apps, None)
    # Running it again (after an interruption) changes nothing.
    assert activity_libraries_move_to_store(activity=activity) == 0

    assert package_as_served(activity) == set(before)
    own = {name.removeprefix(prefix + "/") for name in package_files_list(prefix=prefix)}
    assert own == {"h5p.json", "content/content.json", "content/images/pixel.png"}
    link = activity.library_links.get()
    for path, data_before in before.items():
        if path.startswith(TEST_LIBRARY + "/"):
            stored = f"{link.library.storage_prefix}/{path.split('/', 1)[1]}"
            assert private_storage().open(stored).read() == data_before
    # The same library uploaded now is recognised as the same content.
    again = h5p_activity_create(upload=upload(data), uploaded_by=committee_member)
    assert again.library_links.get().library == link.library
