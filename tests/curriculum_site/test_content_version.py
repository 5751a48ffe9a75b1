"""The content and people versions read once per request, and entries kept in the process
(curriculum_site/content_version.py, decision 0037, sixth pass): never an entry of an older
version, never one reader's copy changed by another, and one read of the shared cache (and
no query for the page) for a signed-in module page."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum_site import content_version
from curriculum_site.content_version import (
    PEOPLE_VERSION_KEY,
    VERSION_KEY,
    cached_for_content,
    content_version_bump,
    versions_read_once,
)
from modules.factories import TrainingModulePageFactory, module_body
from modules.models import ModulePrerequisite


def counted(values):
    """A `compute` that returns the next of `values` and counts its calls."""
    calls = []

    def compute():
        calls.append(1)
        return values[len(calls) - 1]

    return compute, calls


def test_within_a_request_an_entry_is_read_from_the_shared_cache_once():
    compute, calls = counted([["first"]])
    with versions_read_once():
        assert cached_for_content(("thing",), compute) == ["first"]
    with versions_read_once(), mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        assert cached_for_content(("thing",), compute) == ["first"]
        assert cached_for_content(("thing",), compute) == ["first"]
    assert len(calls) == 1
    # The versions once, for the request; the entry from this process's copy.
    assert [call.args[0] for call in reads.call_args_list] == [[VERSION_KEY, PEOPLE_VERSION_KEY]]


def test_a_version_replaced_by_another_process_is_seen_at_the_next_request():
    compute, calls = counted(["before", "after"])
    with versions_read_once():
        assert cached_for_content(("thing",), compute) == "before"
    # Another process publishes: the shared cache has a new version, this process's copy
    # still holds the entry of the old one.
    cache.set(VERSION_KEY, "published-elsewhere", timeout=None)
    with versions_read_once():
        assert cached_for_content(("thing",), compute) == "after"
    assert len(calls) == 2


def test_a_publish_within_the_request_is_seen_by_the_rest_of_it():
    compute, calls = counted(["before", "after"])
    with versions_read_once():
        assert cached_for_content(("thing",), compute) == "before"
        content_version_bump()
        assert cached_for_content(("thing",), compute) == "after"
    with versions_read_once():
        assert cached_for_content(("thing",), compute) == "after"
    assert len(calls) == 2


def test_a_reader_changing_what_it_was_given_changes_nobody_elses_copy():
    compute, _calls = counted([{"terms": ["cocoa"]}])
    with versions_read_once():
        cached_for_content(("thing",), compute)["terms"].append("changed by the first reader")
    with versions_read_once():
        given = cached_for_content(("thing",), compute)
        given["terms"].append("changed by the second reader")
    with versions_read_once():
        assert cached_for_content(("thing",), compute) == {"terms": ["cocoa"]}


def test_outside_a_request_every_read_goes_to_the_shared_cache():
    compute, calls = counted(["value"])
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
        cached_for_content(("thing",), compute)
        cached_for_content(("thing",), compute)
    assert len(calls) == 1
    assert len(reads.call_args_list) == 2


def test_the_process_copy_keeps_the_most_recently_used_within_its_size():
    entries = content_version._LocalEntries(max_bytes=4000)
    for n in range(20):
        entries.put(f"key-{n}", "v1", "x" * 300)
    assert entries._bytes <= 4000
    assert entries.get("key-19", "v1") == (True, "x" * 300)
    assert entries.get("key-0", "v1") == (False, None)  # the oldest went first
    assert entries.get("key-19", "v2") == (False, None)  # another version: not this entry
    entries.put("big", "v1", "y" * 3000)  # more than an eighth of the room: not kept
    assert entries.get("big", "v1") == (False, None)


@pytest.mark.django_db
def test_a_signed_in_module_page_reads_the_shared_cache_once(client, backpack, trainer):
    module = TrainingModulePageFactory(parent=backpack, body=module_body(note="For trainers"))
    basics = TrainingModulePageFactory(parent=backpack)
    module.prerequisite_links = [ModulePrerequisite(prerequisite=basics)]
    module.save_revision().publish()
    client.force_login(trainer)
    for _ in range(2):  # the entries made and kept (the route is read from the second)
        assert client.get(module.url).status_code == 200

    reads = []
    outermost = []  # the local-memory cache's get_many calls its get: count the outer call

    def recorded(method):
        def read(keys, *args, **kwargs):
            if not outermost:
                reads.append(keys)
            outermost.append(1)
            try:
                return method(keys, *args, **kwargs)
            finally:
                outermost.pop()

        return read

    with (
        mock.patch.object(cache, "get_many", recorded(cache.get_many)),
        mock.patch.object(cache, "get", recorded(cache.get)),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(module.url)

    assert response.status_code == 200
    assert "For trainers" in response.content.decode()
    # Was twenty-one: one round trip to Redis per entry (Wagtail's site root paths, the
    # route, tags, links, body, person facts).
    assert reads == [[VERSION_KEY, PEOPLE_VERSION_KEY]]
    # The page comes with its route from the process's copy: the session and the user
    # are the request's only queries.
    assert not [query for query in queries if "wagtailcore_page" in query["sql"]]
