"""Whole public pages cached for anonymous visitors and purged by any content change
(issue 19, decision 0025): never a stale page after a publish, never a page made for
someone signed in, never a page holding a CSRF token."""

import gzip

import pytest
from django.test import override_settings

from modules.factories import TrainingModulePageFactory
from reference.models import Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on(settings):
    settings.BACKPACK_PAGE_CACHE_SECONDS = 600


def served_from_cache(client, url, **kwargs):
    """Whether the page came from the cache: a cached answer is given before the address is
    resolved, so no view runs. (Not "no query": a module page renders without one from
    the kept route, tags and body, decision 0037.)"""
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.wsgi_request.resolver_match is None, response


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, backpack):
    module = TrainingModulePageFactory(parent=backpack, title="Selling together")
    first_cached, first = served_from_cache(client, module.url)
    second_cached, second = served_from_cache(client, module.url)

    assert not first_cached and second_cached
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "en"


def test_no_stale_page_after_a_publish(client, backpack):
    module = TrainingModulePageFactory(parent=backpack, title="Selling together")
    client.get(module.url)
    client.get(backpack.url)
    assert served_from_cache(client, module.url)[0]

    module.title = "Selling together, second edition"
    module.save_revision().publish()

    for url in (module.url, backpack.url):
        cached, response = served_from_cache(client, url)
        assert not cached
        assert "Selling together, second edition" in response.content.decode()


def test_no_stale_page_after_an_unpublish(client, backpack):
    module = TrainingModulePageFactory(parent=backpack, title="Selling together")
    client.get(backpack.url)
    assert "Selling together" in client.get(backpack.url).content.decode()

    module.unpublish()

    assert "Selling together" not in client.get(backpack.url).content.decode()
    assert client.get(module.url).status_code == 404


def test_a_taxonomy_edit_purges_the_pages_that_show_it(client, backpack):
    theme = Theme.objects.get(slug="producer-organisation")
    module = TrainingModulePageFactory(parent=backpack, themes=[theme])
    client.get(module.url)

    theme.name = "Working as a group"
    theme.save()

    cached, response = served_from_cache(client, module.url)
    assert not cached
    assert "Working as a group" in response.content.decode()


def test_each_language_and_query_string_has_its_own_entry(client, backpack):
    TrainingModulePageFactory(parent=backpack)
    english = client.get(backpack.url).content
    french = client.get("/fr" + backpack.url).content
    filtered = client.get(backpack.url, {"level": "moderate"}).content

    assert client.get("/fr" + backpack.url).content == french != english
    assert client.get(backpack.url, {"level": "moderate"}).content == filtered != english
    assert b'lang="fr"' in french


def test_never_for_someone_signed_in(client, backpack, trainer):
    module = TrainingModulePageFactory(parent=backpack)
    client.get(module.url)  # cached for anonymous visitors
    client.force_login(trainer)

    cached, response = served_from_cache(client, module.url)

    assert not cached
    assert "no-store" in response["Cache-Control"]
    # …and what was made for the trainer is not served to the next anonymous visitor.
    client.logout()
    assert b"csrfmiddlewaretoken" not in client.get(module.url).content


def test_never_a_page_holding_a_csrf_token_or_setting_a_cookie(client, backpack, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.urls import ResolverMatch

    from content.page_cache import PublicPageCacheMiddleware

    def with_token(request):
        request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name="wagtail_serve")
        return HttpResponse(f"<p>{get_token(request)}</p>")

    def with_cookie(request):
        request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name="wagtail_serve")
        response = HttpResponse("<p>Hello</p>")
        response.set_cookie("seen", "1")
        return response

    for view in (with_token, with_cookie):
        middleware = PublicPageCacheMiddleware(view)
        first = middleware(rf.get("/page/"))
        second = middleware(rf.get("/page/"))
        assert first is not second and second.status_code == 200
        if view is with_token:
            assert first.content != second.content  # a new token each time: not cached


def test_a_visitor_with_a_session_cookie_never_reads_the_cache(client, backpack):
    module = TrainingModulePageFactory(parent=backpack)
    client.get(module.url)
    client.cookies["sessionid"] = "whatever"

    assert not served_from_cache(client, module.url)[0]


def test_cached_pages_go_compressed_to_browsers_that_ask(client, backpack):
    module = TrainingModulePageFactory(parent=backpack)
    plain = client.get(module.url)

    compressed = client.get(module.url, HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2


@override_settings(BACKPACK_PAGE_CACHE_SECONDS=0)
def test_off_when_the_setting_says_so(client, backpack):
    module = TrainingModulePageFactory(parent=backpack)
    client.get(module.url)

    assert not served_from_cache(client, module.url)[0]
