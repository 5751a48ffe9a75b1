"""Uploading, replacing and deleting H5P packages in the Wagtail admin, and who may."""

import re

import pytest
from django.urls import reverse

from h5p.extraction import package_files_list
from h5p.factories import H5PActivityFactory
from h5p.models import H5PActivity
from tests.h5p.packages import PNG, build_package, upload, valid_files, valid_package
from tests.h5p.player_helpers import package_as_served

pytestmark = pytest.mark.django_db


def url(action, *args):
    return reverse(H5PActivity.snippet_viewset.get_url_name(action), args=args)


def post_package(client, data, *, name="selling-together.h5p", title="", description=""):
    return client.post(
        url("add"), {"package": upload(data, name=name), "title": title, "description": description}
    )


def problems_shown(response):
    """The numbered problems as the author sees them (tags stripped)."""
    html = response.content.decode()
    block = re.search(r'<ol class="h5p-package-problems__list"[^>]*>(.*?)</ol>', html, re.S)
    assert block, "no list of problems on the page"
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", block[1], re.S)
    ]


def test_the_committee_sees_the_upload_form_with_its_help(client, committee_member):
    client.force_login(committee_member)

    response = client.get(url("add"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "H5P package" in page
    assert 'accept=".h5p"' in page
    assert "Leave empty to use the title given in the package." in page
    assert "files in content/ may only be images, audio, video, documents or data" in page.lower()


def test_the_committee_uploads_a_package(client, committee_member):
    client.force_login(committee_member)

    response = post_package(client, valid_package(), description="Five questions.")

    assert response.status_code == 302
    activity = H5PActivity.objects.get()
    assert activity.title == "Selling together"
    assert activity.description == "Five questions."
    assert activity.uploaded_by == committee_member
    assert len(package_as_served(activity)) == len(valid_files())


def test_a_refused_package_is_explained_point_by_point_and_nothing_is_kept(
    client, committee_member
):
    client.force_login(committee_member)
    before = package_files_list(prefix="h5p")
    files = valid_files()
    files["content/shell.php"] = b"<?php system($_GET['c']);"
    files["content/page.html"] = b"<script>document.cookie</script>"

    response = post_package(client, build_package(files))

    assert response.status_code == 200
    assert problems_shown(response) == [
        "The package contains a PHP file, content/shell.php; files in content/ may only be "
        "images, audio, video, documents or data.",
        "The package contains a web page (HTML file), content/page.html; files in content/ "
        "may only be images, audio, video, documents or data.",
    ]
    page = response.content.decode()
    assert "This package was not accepted, for the 2 reasons below." in page
    assert "Nothing was saved" in page
    assert not H5PActivity.objects.exists()
    assert package_files_list(prefix="h5p") == before


def test_file_names_in_problems_are_shown_as_text_never_as_markup(client, committee_member):
    client.force_login(committee_member)

    response = post_package(
        client, build_package({**valid_files(), "content/<img src=x onerror=alert(1)>.html": b""})
    )

    page = response.content.decode()
    assert "<img src=x onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_file_that_is_not_h5p_is_refused_by_name(client, committee_member):
    client.force_login(committee_member)

    response = post_package(client, valid_package(), name="selling-together.zip")

    assert response.status_code == 200
    assert problems_shown(response) == [
        "“selling-together.zip” is not an .h5p file. Export the activity from H5P as .h5p."
    ]
    assert not H5PActivity.objects.exists()


def test_a_package_is_required(client, committee_member):
    client.force_login(committee_member)

    response = client.post(url("add"), {"title": "No file", "description": ""})

    assert response.status_code == 200
    assert not H5PActivity.objects.exists()


def test_a_superuser_uploads_a_package(client, superuser):
    client.force_login(superuser)

    assert post_package(client, valid_package()).status_code == 302
    assert H5PActivity.objects.get().uploaded_by == superuser


def test_a_national_platform_sees_the_activities_but_cannot_upload(client, ghana_platform_member):
    H5PActivityFactory(title="Selling together")
    client.force_login(ghana_platform_member)

    listing = client.get(url("list"))
    response = post_package(client, valid_package())

    assert listing.status_code == 200
    assert "Selling together" in listing.content.decode()
    assert url("add") not in listing.content.decode()
    assert response.status_code in (302, 403)
    assert H5PActivity.objects.count() == 1


@pytest.mark.parametrize("role", ["trainer", "learner", "monitoring_viewer"])
def test_people_without_a_role_in_the_admin_cannot_reach_the_activities(role, client, request):
    H5PActivityFactory()
    client.force_login(request.getfixturevalue(role))

    assert client.get(url("list")).status_code in (302, 403)
    assert post_package(client, valid_package()).status_code in (302, 403)
    assert H5PActivity.objects.count() == 1


def test_a_national_platform_cannot_replace_or_delete_a_package(
    client, committee_member, ghana_platform_member
):
    client.force_login(committee_member)
    post_package(client, valid_package())
    activity = H5PActivity.objects.get()
    files_before = package_files_list(prefix=activity.storage_prefix)
    client.force_login(ghana_platform_member)

    edit = client.post(
        url("edit", activity.pk),
        {"title": "Renamed", "description": "", "package": upload(valid_package())},
    )
    delete = client.post(url("delete", activity.pk))

    assert edit.status_code in (302, 403) and delete.status_code in (302, 403)
    activity.refresh_from_db()
    assert activity.title == "Selling together"
    assert package_files_list(prefix=activity.storage_prefix) == files_before


def test_the_edit_form_shows_what_was_read_from_the_package(client, committee_member):
    client.force_login(committee_member)
    post_package(client, valid_package())
    activity = H5PActivity.objects.get()

    page = client.get(url("edit", activity.pk)).content.decode()

    assert "Read from the package" in page
    assert "H5P.TestChoice 1.2" in page
    assert "CC BY-SA" in page
    assert "Replace the package" in page


def test_the_committee_renames_an_activity_without_touching_its_package(client, committee_member):
    client.force_login(committee_member)
    post_package(client, valid_package())
    activity = H5PActivity.objects.get()

    response = client.post(
        url("edit", activity.pk), {"title": "Why sell together?", "description": "Quiz."}
    )

    assert response.status_code == 302
    renamed = H5PActivity.objects.get()
    assert (renamed.title, renamed.description) == ("Why sell together?", "Quiz.")
    assert renamed.storage_prefix == activity.storage_prefix


def test_the_committee_replaces_a_package_from_the_edit_form(
    client, committee_member, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    post_package(client, valid_package())
    activity = H5PActivity.objects.get()
    files = valid_files(title="Second edition")
    files["content/images/photo.png"] = PNG

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("edit", activity.pk),
            {
                "title": "Selling together",
                "description": "",
                "package": upload(build_package(files)),
            },
        )

    assert response.status_code == 302
    replaced = H5PActivity.objects.get()
    assert replaced.storage_prefix != activity.storage_prefix
    assert f"{replaced.storage_prefix}/content/images/photo.png" in package_files_list(
        prefix=replaced.storage_prefix
    )
    assert package_files_list(prefix=activity.storage_prefix) == []


def test_a_refused_replacement_is_explained_and_changes_nothing(client, committee_member):
    client.force_login(committee_member)
    post_package(client, valid_package())
    activity = H5PActivity.objects.get()
    files_before = package_files_list(prefix=activity.storage_prefix)

    response = client.post(
        url("edit", activity.pk),
        {"title": "Renamed", "description": "", "package": upload(b"PK\x03\x04 broken")},
    )

    assert response.status_code == 200
    assert problems_shown(response) == [
        "This file is not an H5P package: it is not a ZIP archive. Export the activity again "
        "from H5P and upload the .h5p file it gives you."
    ]
    unchanged = H5PActivity.objects.get()
    assert (unchanged.title, unchanged.storage_prefix) == (
        "Selling together",
        activity.storage_prefix,
    )
    assert package_files_list(prefix=activity.storage_prefix) == files_before


def test_deleting_in_the_admin_removes_the_files(
    client, committee_member, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    post_package(client, valid_package())
    activity = H5PActivity.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("delete", activity.pk))

    assert response.status_code == 302
    assert not H5PActivity.objects.exists()
    assert package_files_list(prefix=activity.storage_prefix) == []


def test_a_bulk_delete_in_the_admin_removes_every_package(
    client, committee_member, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    for _ in range(2):
        post_package(client, valid_package())
    activities = list(H5PActivity.objects.all())
    bulk_delete = (
        reverse("wagtail_bulk_action", args=("h5p", "h5pactivity", "delete"))
        + "?"
        + "&".join(f"id={a.pk}" for a in activities)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_delete)

    assert response.status_code == 302
    assert not H5PActivity.objects.exists()
    for activity in activities:
        assert package_files_list(prefix=activity.storage_prefix) == []


def test_the_list_is_searched_and_filtered(client, committee_member):
    H5PActivityFactory(title="Selling together", language="fr", main_library="H5P.TestChoice 1.2")
    H5PActivityFactory(title="Farm diaries", language="en", main_library="H5P.MultiChoice 1.16")
    client.force_login(committee_member)

    def titles(**query):
        response = client.get(url("list"), query)
        assert response.status_code == 200
        return [activity.title for activity in response.context["object_list"]]

    assert titles(q="diaries") == ["Farm diaries"]
    assert titles(language="fr") == ["Selling together"]
    assert titles(main_library="H5P.MultiChoice 1.16") == ["Farm diaries"]
    assert titles() == ["Farm diaries", "Selling together"]


def test_the_list_needs_the_same_queries_for_three_or_thirty_activities(
    client, committee_member, django_assert_max_num_queries
):
    client.force_login(committee_member)
    H5PActivityFactory.create_batch(3, uploaded_by=committee_member)
    client.get(url("list"))  # warm caches (site, locale) outside the count
    with django_assert_max_num_queries(50) as few:
        assert client.get(url("list")).status_code == 200

    H5PActivityFactory.create_batch(27, uploaded_by=committee_member)
    # Activities are translatable snippets (decision 0020): wagtail-localize's "Translate"
    # and "Sync" row buttons ask, per row, which languages lack a translation and whether
    # it is being translated: two small queries a row, nothing else grows.
    with django_assert_max_num_queries(len(few.captured_queries) + 2 * 27):
        assert client.get(url("list")).status_code == 200
