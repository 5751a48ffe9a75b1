"""Uploading SCORM packages: the two written packages are accepted and stored; hostile or
broken zips are refused with every problem named, and nothing is stored (issue 22,
point 1)."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from content.factories import UserFactory
from reference import roles
from scorm.models import ScormPackage
from scorm.package_policy import ScormPackageRejected, package_check
from scorm.services import scorm_package_create, scorm_package_delete, scorm_package_replace
from scorm.storage import package_files_list
from tests.scorm.packages import SCORM_12, SCORM_2004, package_files, upload, zipped

pytestmark = pytest.mark.django_db


def stored_prefixes():
    from curriculum_site.storage import private_storage

    try:
        folders, _files = private_storage().listdir("scorm")
    except FileNotFoundError:
        return []
    return folders


def test_both_written_packages_are_accepted_and_stored_whole():
    quiz = scorm_package_create(upload=upload(SCORM_12), uploaded_by=None)
    course = scorm_package_create(upload=upload(SCORM_2004), uploaded_by=None)
    assert (quiz.title, quiz.scorm_version, len(quiz.scos)) == (
        "Safe storage of pesticides",
        "1.2",
        1,
    )
    assert (course.edition, course.language, len(course.scos)) == (
        "SCORM 2004 4th Edition",
        "fr",
        2,
    )
    stored = package_files_list(prefix=course.storage_prefix)
    assert [name.split("/", 2)[2] for name in stored] == sorted(package_files(SCORM_2004))


def problems_of(package_upload):
    with pytest.raises(ScormPackageRejected) as refused:
        package_check(upload=package_upload)
    return refused.value.problems


def test_a_file_that_is_not_a_zip_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert problems_of(SimpleUploadedFile("course.zip", b"not a zip")) == (
        "The file is not a ZIP archive. Export the course as a SCORM package (.zip).",
    )


def test_a_package_without_a_manifest_or_with_it_in_a_folder_says_where_it_should_be():
    assert (
        "no imsmanifest.xml at its top level"
        in problems_of(upload(SCORM_12, **{"imsmanifest.xml": None}))[0]
    )
    files = {f"course/{path}": data for path, data in package_files(SCORM_12).items()}
    assert "inside the folder course/" in problems_of(zipped(files))[0]


def test_every_hostile_entry_is_listed_at_once():
    files = package_files(SCORM_12)
    files["../evil.html"] = b"x"
    files["/etc/passwd.txt"] = b"x"
    files["tools/run.php"] = b"<?php ?>"
    files["movie.swf"] = b"FWS"
    files["README"] = b"no extension"
    problems = problems_of(zipped(files))
    joined = " | ".join(problems)
    assert "climbs out of the package" in joined
    assert "absolute path" in joined
    assert "tools/run.php, a .php file, which is not web content" in joined
    assert "movie.swf, a .swf file" in joined
    assert "README, a file without an extension" in joined


def test_a_link_inside_the_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in package_files(SCORM_12).items():
            archive.writestr(path, data)
        link = zipfile.ZipInfo("shared/link.css")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    from django.core.files.uploadedfile import SimpleUploadedFile

    problems = problems_of(SimpleUploadedFile("c.zip", buffer.getvalue()))
    assert any("contains a link, shared/link.css" in problem for problem in problems)


def test_launching_a_missing_page_or_a_web_address_is_refused():
    manifest = package_files(SCORM_12)["imsmanifest.xml"]
    assert (
        "launches index.html, which is not in the package"
        in problems_of(upload(SCORM_12, **{"index.html": None}))[0]
    )
    remote = manifest.replace(b'href="index.html">', b'href="https://example.org/x.html">')
    assert (
        "launches a web address" in problems_of(upload(SCORM_12, **{"imsmanifest.xml": remote}))[0]
    )
    outside = manifest.replace(b'href="index.html">', b'href="../index.html">')
    assert "outside the package" in problems_of(upload(SCORM_12, **{"imsmanifest.xml": outside}))[0]


def test_an_entity_bomb_in_the_manifest_is_refused_before_it_expands():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><manifest>&b;</manifest>'
    )
    assert "DTD or entities" in problems_of(upload(SCORM_12, **{"imsmanifest.xml": bomb}))[0]


def test_a_refused_package_stores_nothing_and_the_same_file_twice_is_refused_by_name():
    # The private storage outlives each test's database: compare with what was there.
    before = set(stored_prefixes())
    with pytest.raises(ScormPackageRejected):
        scorm_package_create(upload=upload(SCORM_12, **{"index.html": None}), uploaded_by=None)
    assert not ScormPackage.objects.exists()
    assert set(stored_prefixes()) == before
    first = scorm_package_create(upload=upload(SCORM_12), uploaded_by=None)
    with pytest.raises(ScormPackageRejected) as refused:
        scorm_package_create(upload=upload(SCORM_12), uploaded_by=None)
    assert "already uploaded as \u201cSafe storage of pesticides\u201d" in refused.value.problems[0]
    assert ScormPackage.objects.count() == 1
    assert set(stored_prefixes()) == before | {first.storage_prefix.split("/")[1]}


def test_replacing_keeps_the_row_and_removes_the_old_files_and_a_refused_one_changes_nothing(
    django_capture_on_commit_callbacks,
):
    package = scorm_package_create(upload=upload(SCORM_12), uploaded_by=None)
    old_prefix = package.storage_prefix
    with pytest.raises(ScormPackageRejected):
        scorm_package_replace(
            package=package, upload=upload(SCORM_12, **{"index.html": None}), user=None
        )
    package.refresh_from_db()
    assert package.storage_prefix == old_prefix and package_files_list(prefix=old_prefix)
    with django_capture_on_commit_callbacks(execute=True):
        replaced = scorm_package_replace(package=package, upload=upload(SCORM_2004), user=None)
    assert replaced.pk == package.pk and replaced.scorm_version == "2004"
    assert package_files_list(prefix=old_prefix) == []
    with django_capture_on_commit_callbacks(execute=True):
        scorm_package_delete(package=replaced)
    assert package_files_list(prefix=replaced.storage_prefix) == []


def test_who_may_upload():
    trainer = UserFactory(groups=[roles.TRAINERS])
    with pytest.raises(PermissionDenied):
        scorm_package_create(upload=upload(SCORM_12), uploaded_by=trainer)
    committee = UserFactory(groups=[roles.TECHNICAL_COMMITTEE])
    assert scorm_package_create(upload=upload(SCORM_12), uploaded_by=committee).pk
