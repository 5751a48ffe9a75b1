"""The module page fetches the H5P player's files at idle and hands them to the frame, so
"Start" fetches none of them again; a page without H5P fetches nothing; a failed or
altered fetch leaves the frame to load them as before (issue 19, decision 0037)."""

import pytest
from playwright.sync_api import expect

from modules.factories import TrainingModulePageFactory
from tests.browser.test_h5p import RIGHT_ANSWERS, played_module  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

# The files a page holds: h5p-standalone, H5P core's script and style, the bundles.
HELD = ("main.bundle.js", "frame.bundle.js", "/styles/h5p.css", "/_bundle.js", "/_bundle.css")


def is_held_file(url):
    return any(url.split("?")[0].endswith(name) for name in HELD)


def record_requests(page):
    """Every request of the page and of its frames, in order, as (url, frame url)."""
    seen = []
    page.on("request", lambda request: seen.append((request.url, request.frame.url)))
    return seen


def open_and_idle(page, module):
    page.goto(module.url)
    page.wait_for_load_state("networkidle")


def play(page):
    page.get_by_role("button", name="Start activity").click()
    frame = page.frame_locator("iframe.block-h5p__frame")
    expect(frame.get_by_role("button", name=RIGHT_ANSWERS[0])).to_be_visible()
    return frame


def test_after_the_page_idled_start_fetches_none_of_the_held_files(phone, played_module):  # noqa: F811
    _, module, _ = played_module
    page = phone
    seen = record_requests(page)
    open_and_idle(page, module)
    before = [url for url, _ in seen if is_held_file(url)]
    # All five, fetched by the page itself once it had loaded.
    assert len(before) == 5, before
    del seen[:]

    frame = play(page)

    assert "held=1" in page.locator("iframe.block-h5p__frame").get_attribute("src")
    after = [url for url, _ in seen if is_held_file(url)]
    assert after == []
    # The player document is the frame's only request to the site's code (the activity's
    # pictures or fonts, if any, may follow).
    assert any("/h5p/play/" in url for url, _ in seen)
    frame.get_by_role("button", name=RIGHT_ANSWERS[0]).click()
    expect(frame.get_by_role("button", name=RIGHT_ANSWERS[0])).to_be_disabled()
    assert page.console_errors == []


def test_a_page_without_h5p_fetches_none_of_the_player(phone, backpack):
    module = TrainingModulePageFactory(parent=backpack, code="PO-02", title="Records")
    module.save_revision().publish()
    page = phone
    seen = record_requests(page)
    open_and_idle(page, module)
    page.wait_for_timeout(1500)  # longer than the idle callback's own wait

    assert [url for url, _ in seen if "h5p" in url] == []


@pytest.mark.parametrize("failure", ["404", "offline"])
def test_a_failed_fetch_leaves_the_frame_to_load_as_before(phone, played_module, failure):  # noqa: F811
    _, module, _ = played_module
    page = phone
    failed = []

    def fail_the_first(route):
        # Only the page's own fetch of the bundle fails; the frame's later one is answered.
        if not failed:
            failed.append(route.request.url)
            if failure == "404":
                route.fulfill(status=404, body="")
            else:
                route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/_bundle.js", fail_the_first)
    seen = record_requests(page)
    open_and_idle(page, module)
    assert failed
    del seen[:]

    play(page)

    assert "held" not in page.locator("iframe.block-h5p__frame").get_attribute("src")
    # Today's loading: the frame asks for h5p-standalone, H5P core and the bundles itself.
    after = [url for url, _ in seen if is_held_file(url)]
    assert len(after) == 5, after


def test_an_altered_file_is_not_run_but_fetched_again_by_the_frame(phone, played_module):  # noqa: F811
    _, module, _ = played_module
    page = phone
    altered = []

    def alter_the_first(route):
        # The page's copy of the bundle is not the server's (a stale or tampered copy): the
        # frame must not run it, and the player's policy would refuse it anyway.
        if not altered:
            response = route.fetch()
            altered.append(route.request.url)
            route.fulfill(response=response, body=response.text() + "\nwindow.altered = 1;")
        else:
            route.continue_()

    page.route("**/_bundle.js", alter_the_first)
    seen = record_requests(page)
    open_and_idle(page, module)
    assert altered
    del seen[:]

    frame = play(page)

    assert "held=1" in page.locator("iframe.block-h5p__frame").get_attribute("src")
    after = [url for url, _ in seen if is_held_file(url)]
    # Only the altered file comes again, from the network, into the frame.
    assert [url.rsplit("/", 1)[-1] for url in after] == ["_bundle.js"]
    assert frame.locator("body").evaluate("() => window.altered") is None
