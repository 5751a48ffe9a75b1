"""Chromium as the browser tests start it (tests/browser/conftest.py): nothing but the pages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_window_loads_no_address_bar_pages(browser):
    """Each browser context opens a window, and Chromium used to load the address bar's two
    suggestion popups in it as pages of its own (0.7 CPU-s a window). The features that
    load them are turned off by name; if Chromium renames them, this says so."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<p>A page</p>")
    session = browser.new_browser_cdp_session()
    try:
        targets = session.send("Target.getTargets", {"filter": [{}]})["targetInfos"]
    finally:
        session.detach()
    assert [target["url"] for target in targets if target["type"] not in {"page", "tab"}] == []
    assert [target["url"] for target in targets if target["type"] == "page"] == ["about:blank"]
