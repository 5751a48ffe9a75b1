"""The site's content version, and reads cached until the content changes (decision 0025).

Any change to what public pages show replaces the version (content/page_cache.py connects
the signals). Whole pages and the reads below carry the version they were made at; one of
an older version is never used. The version lives in the cache every process shares
(Redis in production), so a publish in one process is seen by all at their next request.
"""

import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

VERSION_KEY = "content:version"
T = TypeVar("T")
# Data cached by version live a day at most, whatever happens to the version key.
DATA_SECONDS = 24 * 60 * 60


def content_version_bump() -> None:
    """Everything cached from content is out of date from now on, in every process."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def content_version_and(key: str) -> tuple[str, object]:
    """The current version and what `key` holds, in one read of the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version, found.get(key)


def cached_for_content(
    parts: tuple[Hashable, ...], compute: Callable[[], T], *, per_language: bool = False
) -> T:
    """`compute()`, kept until the content changes. `parts` name what is computed (and for
    what); `per_language` adds the active language, for anything that holds text."""
    if per_language:
        parts = (*parts, translation.get_language())
    key = "content:data:" + ":".join(str(part) for part in parts)
    version, entry = content_version_and(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(key, (version, value), timeout=DATA_SECONDS)
    return value


# --- Per-person facts (decision 0025) -----------------------------------------------------
# What the navigation and the module page ask about the person signed in on every page
# (may they see a producer group? a dashboard? adapt modules?) is kept per person until
# anything about people, roles, countries or producer groups changes: the *people
# version*, replaced by content/page_cache.py's receivers like the content version.
PEOPLE_VERSION_KEY = "people:version"


def people_version_bump() -> None:
    cache.set(PEOPLE_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def cached_for_person(user, name: str, compute: Callable[[], T]) -> T:
    """`compute()` about `user`, kept until people, roles or groups change. Read once per
    request too: the request's user object keeps it."""
    memo = user.__dict__.setdefault("_backpack_person_facts", {})
    if name in memo:
        return memo[name]
    key = f"people:fact:{user.pk}:{name}"
    found = cache.get_many([PEOPLE_VERSION_KEY, key])
    version = found.get(PEOPLE_VERSION_KEY)
    if version is None:
        cache.add(PEOPLE_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(PEOPLE_VERSION_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        value = entry[1]
    else:
        value = compute()
        cache.set(key, (version, value), timeout=DATA_SECONDS)
    memo[name] = value
    return value
