"""Packages exported from the H5P content-type hub upload as H5P core would take them
(issue 16): every real package in ../shared/h5p-samples/ is accepted, what H5P ignores
or Backpack never serves is left out, and the author is told."""

import re

import pytest
from django.urls import reverse

from h5p.models import H5PActivity
from h5p.package_policy import package_check
from h5p.services import h5p_activity_create
from tests.h5p.packages import (
    REAL_PACKAGE_NAMES,
    build_package,
    real_package,
    real_package_files,
    upload,
    valid_files,
)
from tests.h5p.player_helpers import package_as_served

MAIN_LIBRARIES = {
    "H5P.Blanks.h5p": "H5P.Blanks 1.12",
    "H5P.CoursePresentation.h5p": "H5P.CoursePresentation 1.22",
    "H5P.DragText.h5p": "H5P.DragText 1.8",
    "H5P.MultiChoice.h5p": "H5P.MultiChoice 1.14",
    "H5P.TrueFalse.h5p": "H5P.TrueFalse 1.6",
    "TrueFalse-with-stray-file.h5p": "H5P.TrueFalse 1.6",
}
FLASH_NOTICE = (
    "downloadify-1.0/resources/downloadify.swf was left out: it is a Flash file, which "
    "browsers no longer play, so Backpack never serves it. The rest of the package works "
    "without it."
)
STRAY_NOTICE = (
    "H5P_CONTENT_HERE.txt was left out: H5P reads only h5p.json at the top of a package, so "
    "it does not use other files there."
)
NOTICES = {
    "H5P.CoursePresentation.h5p": (FLASH_NOTICE,),
    "TrueFalse-with-stray-file.h5p": (STRAY_NOTICE,),
}


@pytest.mark.parametrize("name", REAL_PACKAGE_NAMES)
def test_every_real_hub_package_is_accepted(name):
    checked = package_check(upload=upload(real_package(name), name=name))

    assert checked.main_library == MAIN_LIBRARIES[name]
    assert checked.notices == NOTICES.get(name, ())


@pytest.mark.django_db
@pytest.mark.parametrize("name", REAL_PACKAGE_NAMES)
def test_a_real_package_is_stored_whole_less_what_was_left_out(name, committee_member):
    activity = h5p_activity_create(
        upload=upload(real_package(name), name=name), uploaded_by=committee_member
    )

    stored = package_as_served(activity)
    left_out = {"downloadify-1.0/resources/downloadify.swf", "H5P_CONTENT_HERE.txt"}
    assert stored == set(real_package_files(name)) - left_out
    assert activity.main_library == MAIN_LIBRARIES[name]


def test_the_hub_packages_write_versions_as_text():
    # The reason nearly every real package was refused before issue 16.
    assert '"majorVersion":"1"' in real_package_files("H5P.TrueFalse.h5p")["h5p.json"].decode()


# --- The admin tells the author what was left out -----------------------------------


def add_url():
    return reverse(H5PActivity.snippet_viewset.get_url_name("add"))


def notices_shown(response) -> list[str]:
    html = response.content.decode()
    block = re.search(r'<ul class="h5p-package-notices">(.*?)</ul>', html, re.S)
    assert block, "no notice of files left out on the page"
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block[1])
    ]


@pytest.mark.django_db
def test_the_author_is_told_which_files_were_left_out(client, committee_member):
    client.force_login(committee_member)
    name = "TrueFalse-with-stray-file.h5p"

    response = client.post(
        add_url(),
        {"package": upload(real_package(name), name=name), "title": "", "description": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert H5PActivity.objects.get().main_library == "H5P.TrueFalse 1.6"
    page = response.content.decode()
    assert "The package was saved, but 1 file was left out of it:" in page
    assert notices_shown(response) == [STRAY_NOTICE]
    # A notice, not an error: the activity was created.
    assert "created" in page


@pytest.mark.django_db
def test_a_replacement_tells_what_was_left_out_too(client, committee_member):
    client.force_login(committee_member)
    client.post(
        add_url(), {"package": upload(build_package(valid_files())), "title": "", "description": ""}
    )
    activity = H5PActivity.objects.get()
    files = {**valid_files(), "content/intro.swf": b"FWS", "notes.txt": b"x"}

    response = client.post(
        reverse(H5PActivity.snippet_viewset.get_url_name("edit"), args=[activity.pk]),
        {"package": upload(build_package(files)), "title": "Renamed", "description": ""},
        follow=True,
    )

    assert "The package was saved, but these 2 files or folders were left out of it:" in (
        response.content.decode()
    )
    assert len(notices_shown(response)) == 2


@pytest.mark.django_db
def test_a_package_with_nothing_left_out_shows_no_notice(client, committee_member):
    client.force_login(committee_member)

    response = client.post(
        add_url(),
        {"package": upload(build_package(valid_files())), "title": "", "description": ""},
        follow=True,
    )

    assert "h5p-package-notices" not in response.content.decode()


@pytest.mark.django_db
def test_a_file_name_in_a_notice_is_text_never_markup(client, committee_member):
    client.force_login(committee_member)
    files = {**valid_files(), "<img src=x onerror=alert(1)>.txt": b"x"}

    response = client.post(
        add_url(),
        {"package": upload(build_package(files)), "title": "", "description": ""},
        follow=True,
    )

    page = response.content.decode()
    assert "<img src=x onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.txt was left out" in page
