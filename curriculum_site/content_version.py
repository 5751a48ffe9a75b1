"""The site's content version, and reads cached until the content changes (decision 0025).

Any change to what public pages show replaces the version (content/page_cache.py connects
the signals). Whole pages and the reads below carry the version they were made at; one of
an older version is never used. The version lives in the cache every process shares
(Redis in production), so a publish in one process is seen by all at their next request.

Within a request (`versions_read_once`, opened by curriculum_site.middleware's
CacheVersionsMiddleware) the two versions are read once, at the first entry asked for,
and the data entries below are kept in this process too (`_LocalEntries`): a signed-in
module page asked Redis twenty times, one round trip per entry, and spent a third of its
CPU on it (decision 0037, sixth pass). A process's copy is used only when its version is
the one read from the shared cache for this request, so a publish in any process is seen
at the next request as before. Outside a request (Celery tasks, commands) every read goes
to the shared cache.
"""

import pickle
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

VERSION_KEY = "content:version"
PEOPLE_VERSION_KEY = "people:version"
T = TypeVar("T")
# Data cached by version live a day at most, whatever happens to the version key.
DATA_SECONDS = 24 * 60 * 60

# The versions read for the request being served ({} until the first read), else None.
_request_versions: ContextVar[dict | None] = ContextVar("backpack_cache_versions", default=None)


@contextmanager
def versions_read_once() -> Iterator[None]:
    """Within this block the content and people versions are read from the shared cache
    once, and data entries may come from this process's copy."""
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


class _LocalEntries:
    """Entries (key → version and pickled value) this process read or wrote lately, at
    most `max_bytes` of them, the least recently used dropped first. Kept pickled, so
    that each reader gets its own copy as from Redis (a caller changing what it was given
    cannot change what the next request reads). A lock: the development server and the
    live-server tests serve requests on threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str, version: str) -> tuple[bool, object]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return False, None
            self._entries.move_to_end(key)
        return True, pickle.loads(entry[1])

    def put(self, key: str, version: str, value: object) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes // 8:
            return  # one entry never takes most of the room
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._entries[key] = (version, data)
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)


# A few MiB per worker: module bodies, routes, tags and per-person facts of the pages in
# use (the worker's memory target is 150 MiB, decision 0037).
_local = _LocalEntries(max_bytes=4 * 1024 * 1024)


def content_version_bump() -> None:
    """Everything cached from content is out of date from now on, in every process."""
    _version_replace(VERSION_KEY)


def people_version_bump() -> None:
    _version_replace(PEOPLE_VERSION_KEY)


def _version_replace(name: str) -> None:
    version = uuid.uuid4().hex
    cache.set(name, version, timeout=None)
    versions = _request_versions.get()
    if versions is not None:
        versions[name] = version  # the rest of this request reads what it wrote


def _version_and_entry(name: str, key: str, *, local: bool) -> tuple[str, object]:
    """The version `name` and the entry `key` (None when absent). Within a request, with
    `local`: the versions read once, then the entry from this process's copy when it holds
    it at that version, else from the shared cache. Otherwise version and entry in one
    read of the shared cache."""
    versions = _request_versions.get()
    if versions is not None and local and name not in versions:
        # The request's first read: the two versions alone, so that an entry this process
        # holds is not also fetched and unpickled from the shared cache.
        _versions_keep(versions, cache.get_many([VERSION_KEY, PEOPLE_VERSION_KEY]))
    version = versions.get(name) if versions is not None else None
    if version is not None and local:
        held, value = _local.get(key, version)
        if held:
            return version, (version, value)
    found = cache.get_many([key] if version is not None else [VERSION_KEY, PEOPLE_VERSION_KEY, key])
    if version is None:
        if versions is not None:
            _versions_keep(versions, found)
        version = found.get(name)
        if version is None:
            cache.add(name, uuid.uuid4().hex, timeout=None)
            version = cache.get(name)
            if versions is not None:
                versions[name] = version
    entry = found.get(key)
    if local and versions is not None and _is_entry_of(entry, version):
        _local.put(key, version, entry[1])
    return version, entry


def _versions_keep(versions: dict, found: dict) -> None:
    versions.update(
        {name: found[name] for name in (VERSION_KEY, PEOPLE_VERSION_KEY) if name in found}
    )


def _is_entry_of(entry, version) -> bool:
    return isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version


def content_version_and(key: str, *, local: bool = False) -> tuple[str, object]:
    """The current version and what `key` holds, in one read of the cache. `local`: the
    entry is a `(version, value)` pair that this process may keep a copy of (not whole
    pages: they are large, and one read fetches version and page together anyway)."""
    return _version_and_entry(VERSION_KEY, key, local=local)


def _cached(name: str, key: str, compute: Callable[[], T]) -> T:
    version, entry = _version_and_entry(name, key, local=True)
    if _is_entry_of(entry, version):
        return entry[1]
    value = compute()
    cache.set(key, (version, value), timeout=DATA_SECONDS)
    if _request_versions.get() is not None:
        _local.put(key, version, value)
    return value


def cached_for_content(
    parts: tuple[Hashable, ...], compute: Callable[[], T], *, per_language: bool = False
) -> T:
    """`compute()`, kept until the content changes. `parts` name what is computed (and for
    what); `per_language` adds the active language, for anything that holds text."""
    if per_language:
        parts = (*parts, translation.get_language())
    key = "content:data:" + ":".join(str(part) for part in parts)
    return _cached(VERSION_KEY, key, compute)


# --- Per-person facts (decision 0025) -----------------------------------------------------
# What the navigation and the module page ask about the person signed in on every page
# (may they see a producer group? a dashboard? adapt modules?) is kept per person until
# anything about people, roles, countries or producer groups changes: the *people
# version*, replaced by content/page_cache.py's receivers like the content version.


def cached_for_person(user, name: str, compute: Callable[[], T]) -> T:
    """`compute()` about `user`, kept until people, roles or groups change. Read once per
    request too: the request's user object keeps it."""
    memo = user.__dict__.setdefault("_backpack_person_facts", {})
    if name not in memo:
        memo[name] = _cached(PEOPLE_VERSION_KEY, f"people:fact:{user.pk}:{name}", compute)
    return memo[name]
