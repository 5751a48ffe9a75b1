"""Headless Debian Chromium driven by Playwright. No test downloads a browser of its own."""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.browser.live_server import SharedConnectionLiveServer, tests_request_serving

CHROMIUM = "/usr/bin/chromium"
# The features Playwright turns off on Linux (its chromiumSwitches, Playwright 1.6x; the
# Windows and Edge ones left out), and three of our own. Chromium keeps one value per
# switch, so a --disable-features of ours replaces Playwright's: the list is whole here.
# Each window Chromium opens (one per browser context, so one per test or more) loaded the
# address bar's two suggestion popups as WebUI pages in a renderer of their own, ready for
# typing into an address bar that no test sees: 0.7 CPU-s a window, 67 of the 339 CPU-s
# Chromium spent on one suite's browser tests (decision 0024, sixth pass).
# test_chromium_flags.py checks that a window opens nothing but its page.
CHROMIUM_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    # Ours: the address bar's suggestion popups, and the spare renderer Chromium starts
    # ahead of the next page (every test opens a fresh context, which starts its own).
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
    "SpareRendererForSitePerProcess",
]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=" + ",".join(CHROMIUM_DISABLED_FEATURES),
]
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI runs on two cores beside PostgreSQL and Redis; Playwright's five seconds for an
# element to appear were sometimes too few there. A real failure still fails, later.
expect.set_options(timeout=15_000)


class _Chromium:
    """One Chromium per test process (per pytest-xdist worker), started by the first browser
    test and kept for the next ones; each test gets its own context (`phone`, `desktop`…),
    so no cookies or storage carry over. Stopped before any test that is not a browser test
    (tests/conftest.py), and at the end of the run.

    While Playwright's sync API is started, an event loop counts as running in this thread,
    and Django's context-local `connections` then hands out other connection objects than the
    ones the test database was set up on (pytest-django issue 1117): the restore between
    tests would miss its snapshot (`serialized_rollback`), and SQLite's in-memory database
    would not be the live server's. So the connections made before Playwright started are
    put in that other storage too: while it runs, Django uses the same ones."""

    playwright = None
    browser = None

    @classmethod
    def start(cls):
        if cls.browser is not None:
            return cls.browser
        if not Path(CHROMIUM).exists():
            pytest.fail(
                f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium."
            )
        before = {alias: connections[alias] for alias in connections}
        cls.playwright = sync_playwright().start()
        for alias, connection in before.items():
            setattr(connections._connections, alias, connection)
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        return cls.browser

    @classmethod
    def stop(cls):
        if cls.playwright is None:
            return
        try:
            if cls.browser is not None:
                cls.browser.close()
        finally:
            cls.browser = None
            cls.playwright.stop()
            cls.playwright = None


def chromium_stop():
    _Chromium.stop()


@pytest.fixture(scope="session")
def _chromium_stopped_at_the_end(django_db_setup):
    """Stops the process's Chromium before the test databases are dropped."""
    yield
    _Chromium.stop()


@pytest.fixture(scope="session")
def _site_server_thread(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        server = SharedConnectionLiveServer()
        server.start()
    yield server
    server.stop()


@pytest.fixture
def site_server(_site_server_thread, db):
    """The site served on 127.0.0.1 from the test's own database connection
    (tests/browser/live_server.py): a browser test runs inside the test's transaction, like
    any other test, unless its `django_db` mark asks for `transaction=True`. Not named
    `live_server`: pytest-django makes every test that uses a fixture of that name
    transactional, which is what this one avoids."""
    _site_server_thread.allowed_host.enable()
    tests_request_serving(True)
    yield _site_server_thread
    tests_request_serving(False)
    _site_server_thread.allowed_host.disable()


@pytest.fixture
def browser(_chromium_stopped_at_the_end, django_db_blocker):
    """The process's Chromium (above). Contexts the test left open are closed after it."""
    with django_db_blocker.unblock():
        browser = _Chromium.start()
    contexts = set(browser.contexts)
    yield browser
    for context in browser.contexts:
        if context not in contexts:
            context.close()


SITE_REFUSAL = "Site policy refused:"
SITE_REFUSALS_SCRIPT = f"""
if (window.top === window) {{
  document.addEventListener("securitypolicyviolation", (event) => {{
    console.warn("{SITE_REFUSAL} " + event.effectiveDirective + " " + event.blockedURI);
  }});
}}
"""


class ConsoleErrors(list):
    """Console errors and uncaught exceptions seen while the test ran."""


@pytest.fixture
def phone(browser, site_server):
    """A page in a 360 px wide viewport, collecting console errors."""
    context = browser.new_context(viewport=PHONE, base_url=site_server.url)
    page = context.new_page()
    errors = ConsoleErrors()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    # Policy refusals in the site's own pages (the top document). Inside the H5P player a
    # package's content meets the player's policy, which its own tests check.
    page.add_init_script(SITE_REFUSALS_SCRIPT)
    site_refusals = []
    page.on(
        "console",
        lambda message: (
            message.text.startswith(SITE_REFUSAL) and site_refusals.append(message.text)
        ),
    )
    page.console_errors = errors
    yield page
    SCREENSHOTS.mkdir(exist_ok=True)
    context.close()
    # Whatever else the test checked: nothing the site's own pages do may break its policy.
    assert not site_refusals, site_refusals
