"""Headless Debian Chromium driven by Playwright. No test downloads a browser of its own."""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI runs on two cores beside PostgreSQL and Redis; Playwright's five seconds for an
# element to appear were sometimes too few there. A real failure still fails, later.
expect.set_options(timeout=15_000)


@pytest.fixture
def browser():
    """Per test, not per session: inside Playwright's sync context Django's context-local
    `connections` hands out another connection object, so a Playwright context left open
    across tests would make the database restore between tests miss its snapshot
    (pytest-django issue 1117). Closing it after each test keeps setup and teardown on
    the ordinary connection."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()
        # Close the connections the test opened inside this context, or PostgreSQL keeps
        # a session on the test database and cannot drop it at the end of the run.
        connections.close_all()


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
def phone(browser, live_server):
    """A page in a 360 px wide viewport, collecting console errors."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
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
