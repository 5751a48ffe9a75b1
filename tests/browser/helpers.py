"""Steps several browser tests share."""

from django.conf import settings
from django.db import OperationalError
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from tests.browser.live_server import HOST

PASSWORD = "backpack-2026"


def fits_the_screen(page):
    """Nothing wider than the phone: no sideways scrolling.

    A click on a link returns once the click is dispatched, not once the next page is
    parsed: measured too early the new document has no root element yet (seen once in CI).
    So the page is measured after its document has loaded."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in_on_site(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Not "**/": the sign-in page's own address ends so, and that wait would not wait.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def signed_in(page, user):
    """Signs `user` in for `page`'s browser context without a sign-in form: a session made
    here (`force_login`, on the test's own database connection, which the live server
    shares: tests/browser/live_server.py) and its cookie put into the context. Nothing is
    loaded: the test goes where it wants next, to the page the form would have landed on
    (`/` for the site, `/admin/` for the admin) if it works from there.

    Why: signing in through a form loads two pages, the form and the page it lands on,
    about 1.8 CPU-s of Chromium and server for the admin (its dashboard), 0.8 for the site;
    the cookie costs 0.04 (decision 0024, fifteenth pass). Tests whose subject is not
    signing in sign in so. The forms are still walked in a real browser by the tests whose
    subject they are (the site's in test_public_smoke.py, the admin's in test_authoring.py)
    and by the trainer app's tests, whose sign-in also fetches the phone's tokens.

    Only the session cookie is set: a test that changes user clears the context's cookies
    first (`page.context.clear_cookies()`), as it did before a form."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                # The live server's host: a cookie is the host's whatever its port.
                "domain": HOST,
                "path": "/",
                # As the server sets it: out of the page's scripts' reach.
                "httpOnly": settings.SESSION_COOKIE_HTTPONLY,
                "sameSite": settings.SESSION_COOKIE_SAMESITE,
            }
        ]
    )


def group_with_manager(name="Asante cocoa farmers", username="abena"):
    """A Ghanaian producer group and its manager, who signs in with PASSWORD."""
    group = ProducerGroupFactory(name=name)
    manager = UserFactory(
        username=username, password=PASSWORD, groups=[roles.PRODUCER_GROUP_MANAGERS]
    )
    group.managers.add(manager)
    group.save()
    return group, manager


def wait_for(
    predicate, page, timeout=10000, failure="the server never recorded what the browser sent"
):
    """Polls `predicate` (often a database read) while letting the browser run: what the
    page sends arrives asynchronously. `failure` says what never happened."""
    waited = 0
    while not _holds(predicate):
        if waited >= timeout:
            raise AssertionError(failure)
        page.wait_for_timeout(200)
        waited += 200


# What an H5P activity's document shows of its state: its height, what moves in it (running
# animations: a finished one that keeps its end state does not move), the images still
# loading (a lazy one outside the view waits for a scroll, not for time), and whether H5P
# has drawn the content type yet.
_H5P_STATE = """() => [
  Math.ceil(document.documentElement.scrollHeight),
  document.getAnimations().filter((animation) => animation.playState === "running").length,
  Array.from(document.images).filter((image) => !image.complete && image.loading !== "lazy")
    .length,
  (document.querySelector(".h5p-content")?.innerText || "").trim().length > 0,
]"""


def h5p_settled(frame, *, in_player_host=False) -> bool:
    """The H5P activity in `frame` (a locator of the iframe the page sizes to what it shows)
    is drawn and still: its text is there, every image in it has loaded, nothing in it
    moves, and the frame is as tall as its document (80 px at least, as the players make
    it). H5P runs in the iframe's own document, or, `in_player_host`, one frame further
    down (the trainer app's player host frames the package).

    Until then what a test aims at still moves: an image loading above a question pushes
    its answers down, and a click aimed before lands on what was there (in CI, 2026-12-07,
    the single question scored 0 % after its right answer was clicked), or H5P is still
    ending a check in steps (decision 0024, ninth and tenth passes). A click that lands
    in a frame escapes Playwright's check that the element aimed at took it."""
    if frame.count() == 0:
        return False  # the page has not made the frame yet
    try:
        handle = frame.element_handle()
        still = handle.content_frame()
        if still is not None and in_player_host:
            still = still.child_frames[0] if still.child_frames else None
        if still is None:
            return False  # the frame's document, or the package's frame, is not there yet

        def look():
            """What the frame shows, if it is drawn and still at this moment; else None."""
            height, moving, loading, drawn = still.evaluate(_H5P_STATE)
            framed = handle.evaluate("(frame) => parseFloat(frame.style.height)")
            steady = drawn and loading == 0 and moving == 0 and framed == max(80, height)
            return (height, framed) if steady else None

        # Twice, a moment apart: H5P moves some things by timers of its own, between which
        # one look could find nothing moving.
        first = look()
        if first is None:
            return False
        frame.page.wait_for_timeout(150)
        return look() == first
    except PlaywrightError:
        return False  # the frame is still loading its document: asked again


def _holds(predicate) -> bool:
    try:
        return predicate()
    except OperationalError as error:
        # The test database is SQLite in memory, shared with the live server's thread by
        # table locks: a read while the server writes is simply tried again.
        if "locked" in str(error):
            return False
        raise
