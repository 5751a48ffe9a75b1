"""Which page an address serves, kept per content version (issue 19, decision 0025):
one query instead of Wagtail's walk down the tree, and never a route that a publish,
an unpublish, a move or a new restriction has made wrong. The whole-page cache is off
here (the test settings), so every request renders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from modules.factories import TrainingModulePageFactory

pytestmark = pytest.mark.django_db


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries]


def test_a_second_request_reads_the_page_without_walking_the_tree(client, backpack):
    module = TrainingModulePageFactory(parent=backpack, title="Selling together")
    client.get(module.url)

    response, queries = page_queries(client, module.url)

    assert response.status_code == 200
    assert "Selling together" in response.content.decode()
    # Wagtail's own route reads the site, the locale and each level of the tree.
    assert not [sql for sql in queries if "wagtailcore_site" in sql]
    assert not [sql for sql in queries if "wagtailcore_pageviewrestriction" in sql]
    # Wagtail's serve view still reads the route and site where this code puts them.
    assert hasattr(response.wsgi_request, "_wagtail_route_for_request")
    assert response.wsgi_request._wagtail_site is not None


def test_an_unpublished_page_is_not_found_at_its_kept_address(client, backpack):
    module = TrainingModulePageFactory(parent=backpack)
    url = module.url
    assert client.get(url).status_code == 200

    module.unpublish()

    assert client.get(url).status_code == 404


def test_a_moved_page_leaves_its_old_address(client, backpack):
    module = TrainingModulePageFactory(parent=backpack, slug="selling-together")
    old_url = module.url
    assert client.get(old_url).status_code == 200

    module.slug = "selling-together-again"
    module.save_revision().publish()

    assert client.get(old_url).status_code == 404
    module.refresh_from_db()  # the published revision's address
    assert module.url != old_url
    assert client.get(module.url).status_code == 200


def test_a_restriction_added_to_a_parent_applies_at_once(client, backpack, learner):
    module = TrainingModulePageFactory(parent=backpack)
    assert client.get(module.url).status_code == 200

    PageViewRestriction.objects.create(page=backpack, restriction_type="login")

    assert client.get(module.url).status_code == 302  # to the sign-in page
    client.force_login(learner)
    assert client.get(module.url).status_code == 200


def test_an_address_that_is_not_found_stays_not_found(client, backpack):
    assert client.get(f"{backpack.url}no-such-module/").status_code == 404
    assert client.get(f"{backpack.url}no-such-module/").status_code == 404
