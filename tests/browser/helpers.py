"""Steps several browser tests share."""

from django.db import OperationalError

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles

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
    page.wait_for_url("**/")


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


def _holds(predicate) -> bool:
    try:
        return predicate()
    except OperationalError as error:
        # The test database is SQLite in memory, shared with the live server's thread by
        # table locks: a read while the server writes is simply tried again.
        if "locked" in str(error):
            return False
        raise
