"""A committee member uploads H5P packages in the admin and reads why one was refused."""

import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from h5p.models import H5PActivity
from reference import roles
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import signed_in
from tests.h5p.packages import build_package, real_package, valid_files, valid_package

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]
PASSWORD = "backpack-2026"


@pytest.fixture
def desktop(phone):
    phone.set_viewport_size({"width": 1280, "height": 900})
    return phone


def choose_package(page, name, data):
    page.locator("input[type=file][name=package]").set_input_files(
        {"name": name, "mimeType": "application/zip", "buffer": data}
    )


def test_a_refused_package_is_explained_then_a_good_one_is_uploaded(desktop):
    amara = UserFactory(username="amara", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    page = desktop
    signed_in(page, amara)
    page.goto("/admin/snippets/modules/h5pactivity/")
    page.get_by_role("link", name="Add H5P activity").first.click()

    hostile = valid_files()
    hostile["content/shell.php"] = b"<?php system($_GET['c']);"
    hostile["scripts/steal.js"] = b"fetch('/admin/')"
    choose_package(page, "quiz.h5p", build_package(hostile))
    page.get_by_role("button", name="Save").click()

    problems = page.locator(".h5p-package-problems")
    expect(problems).to_contain_text("This package was not accepted, for the 2 reasons below.")
    items = problems.get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_have_text(
        "The package contains a PHP file, content/shell.php; files in content/ may only be "
        "images, audio, video, documents or data."
    )
    expect(items.nth(1)).to_contain_text("scripts/steal.js, outside a library folder")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "h5p-package-refused.png", full_page=True)
    assert not H5PActivity.objects.exists()

    choose_package(page, "selling-together.h5p", valid_package())
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("H5P activity 'Selling together' created.")).to_be_visible()
    assert H5PActivity.objects.get().title == "Selling together"


def test_a_real_hub_package_is_uploaded_and_the_author_told_what_was_left_out(desktop):
    # Exported from the H5P hub, with a stray file beside h5p.json (issue 16).
    amara = UserFactory(username="amara", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    page = desktop
    signed_in(page, amara)
    page.goto("/admin/snippets/modules/h5pactivity/add/")

    name = "TrueFalse-with-stray-file.h5p"
    choose_package(page, name, real_package(name))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("created.")).to_be_visible()
    notices = page.locator(".h5p-package-notices")
    expect(notices).to_have_text(
        "H5P_CONTENT_HERE.txt was left out: H5P reads only h5p.json at the top of a package, "
        "so it does not use other files there."
    )
    expect(
        page.get_by_text("The package was saved, but 1 file was left out of it:")
    ).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "h5p-package-notice.png", full_page=True)
    assert H5PActivity.objects.get().main_library == "H5P.TrueFalse 1.6"
