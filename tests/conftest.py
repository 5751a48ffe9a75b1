import fcntl
import gc
import sys
import tempfile
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation

from content.factories import UserFactory
from content.services import site_structure_ensure
from modules.models import BackpackPage
from reference import roles
from reference.localized import forget as forget_localized_rows
from reference.models import Country
from tests.loaded_once import seed_curriculum_loaded, seed_translations_loaded


def _catalogues_stale() -> bool:
    """A catalogue without its .mo file, or edited since it was compiled."""
    for folder in settings.LOCALE_PATHS:
        for po in Path(folder).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                return True
    return False


def rewritten_asserts_file(rewrite, module: Path) -> Path:
    """Where pytest keeps a module's rewritten code (`rewrite` is its private module,
    `_pytest.assertion.rewrite`): the name its import hook reads."""
    return rewrite.get_cache_dir(module) / (module.name[:-3] + rewrite.PYC_TAIL)


def _assertion_rewrites_cached(config) -> None:
    """pytest rewrites the asserts of each test module it imports (so that a failure shows
    the values compared) and keeps the rewritten code beside the module, but only where
    Python may write bytecode: with PYTHONDONTWRITEBYTECODE (set on these machines, and in
    CI) every process of a run parsed and rewrote all the test modules again, 13 of the
    27 CPU-s a worker spends collecting, four workers a CI run (decision 0024, seventh
    pass). Here the first process of a run writes that cache (pytest's own checked,
    hash-based files, which it reads whatever the setting), one run at a time (CI starts
    two suites together), and a worker then only reads it. The same code, the same
    rewriting: only who does it, and how often, changes. Built on pytest's private
    functions: should they change, this does nothing and the run is only slower."""
    try:
        # Imported here, in a try: pytest's private module, whose shape may change.
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
    except (ImportError, AttributeError, KeyError):
        return
    if config.getoption("assertmode") != "rewrite":
        return
    patterns = config.getini("python_files")
    modules = [
        path
        for path in Path(__file__).parent.rglob("*.py")
        if path.name == "conftest.py" or any(fnmatch(path.name, pattern) for pattern in patterns)
    ]
    lock = Path(tempfile.gettempdir()) / "backpack-assertion-rewrites.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            for module in modules:
                cached = rewritten_asserts_file(rewrite, module)
                if rewrite._read_pyc(module, cached) is not None:
                    continue
                if not rewrite.try_makedirs(cached.parent):
                    return
                try:
                    source_hash, code = rewrite._rewrite_test(module, config)
                except SyntaxError:
                    continue  # reported by the collection, as without this cache
                rewrite._write_pyc(state, code, source_hash, cached)
        except (AttributeError, TypeError, ValueError, OSError):
            # pytest's private functions changed shape: nothing cached, nothing broken.
            return


def pytest_sessionstart(session):
    """Once per run, before any test module is imported (under pytest-xdist, in the main
    process before the workers start):

    - the interface catalogues compiled, as `make setup` does, so that `pytest` alone from a
      fresh checkout tests the French, Thai… interface (the .mo files are not committed);
      only when one is missing or older than its .po (`make setup` has just compiled them);
    - the test modules' rewritten asserts cached (above)."""
    from django.core.management import call_command

    if hasattr(session.config, "workerinput"):
        return
    if _catalogues_stale():
        call_command("compile_translations", verbosity=0)
    _assertion_rewrites_cached(session.config)


# What gives a test the database: without one of these (or the django_db marker),
# pytest-django refuses it any query, so the test runs the same on every database.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Leave out the tests that cannot touch the database (CI's second database "
        "runs only the tests whose result may depend on it; decision 0024).",
    )


def pytest_collection_modifyitems(config, items):
    """With --database-tests-only, the tests that use no database are deselected: they ran
    already, identically, in the suite on the other database."""
    if not config.getoption("database_tests_only"):
        return
    kept, left_out = [], []
    for item in items:
        uses_database = item.get_closest_marker("django_db") is not None or bool(
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if uses_database else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_collection_finish(session):
    """In each test process (each pytest-xdist worker, or the one process without it),
    everything alive once the tests are collected (Django, Wagtail and the project
    imported, the tests and their items) lives to the end of the process: put out of the
    garbage collector's sight (`gc.freeze()`), it is no longer walked at each full
    collection. In the tests measured, the collector took a fifth of the CPU and the
    freeze took back about half of that; each whole suite costs about 4 % less, and the
    migration that builds the test databases' template 18 % less (decision 0024,
    thirteenth pass). Nothing frozen is garbage now (a collection comes first); should a
    frozen object become garbage later (a cache thrown away) it is never collected, a
    bounded leak. A test that relies on `gc.collect()` or a weak reference to free
    something made at import makes that object itself, or calls `gc.unfreeze()`."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Browser tests share one Chromium per process (tests/browser/conftest.py); it is
    stopped before any other test, which then runs without Playwright's event loop."""
    if "browser" not in getattr(item, "fixturenames", ()):
        browser_conftest = sys.modules.get("tests.browser.conftest")
        if browser_conftest is not None:
            browser_conftest.chromium_stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request, django_db_modify_db_settings_parallel_suffix, django_db_keepdb, django_db_createdb
):
    """pytest-django's hook before the test databases are made: under pytest-xdist, each
    worker's database is a copy of one migrated template (tests/database_template.py), except
    with --reuse-db, which keeps a worker's database from one run to the next."""
    if hasattr(request.config, "workerinput") and (django_db_createdb or not django_db_keepdb):
        from tests import database_template

        database_template.use_templates()


def pytest_sessionfinish(session):
    """The run's controller removes the template databases its workers made."""
    if hasattr(session.config, "workerinput") or not getattr(
        session.config.option, "numprocesses", None
    ):
        return
    from tests import database_template

    database_template.remove_templates()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The site tree (home page, backpack, every country's curriculum, their permissions)
    built once per test database, after the migrations (decision 0024). A test that uses the
    database finds it there, and `backpack` below finds it with one query. Tests with
    `transaction=True, serialized_rollback=True` get the same database back (the snapshot
    is taken again here, tree included)."""
    from django.db import connections

    with django_db_blocker.unblock():
        site_structure_ensure()
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: throttling counts (the API's sign-in allows ten
    tries a minute) must not carry over from the tests that ran before."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. The test client serves requests in the
    test's own thread, so a request to /fr/… leaves French active for the test after it,
    and a `reverse()` there would give a French address."""
    translation.activate(settings.LANGUAGE_CODE)
    forget_localized_rows()
    yield
    translation.activate(settings.LANGUAGE_CODE)
    forget_localized_rows()


@pytest.fixture
def test_connection_kept_open():
    """Django closes the database connection when a request starts and when it finishes
    (`close_old_connections` on the request signals); inside a test that connection holds
    the test's transaction. Django's own test client stops that for the requests it makes;
    a test that calls the WSGI application itself, or sends the request signals, asks for
    this (SQLite's in-memory database never closes, which hides the problem there)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def backpack(db):
    """The real site tree (home page at the root, backpack under it), as the seed makes it.

    Built once per test database by `django_db_setup` above, and every test's changes are
    rolled back, so a test finds it with one query. `site_structure_ensure()` checks every
    country's curriculum and its page permissions (a hundred queries: 55 CPU-s over a run
    of the SQLite suite, decision 0024, fifth pass); it runs here only when the tree is
    not there, after a test with `transaction=True` emptied the database."""
    found = (
        BackpackPage.objects.filter(depth=3, locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .first()
    )
    return found if found is not None else site_structure_ensure()


@pytest.fixture
def seed_curriculum(db):
    """The seed curriculum as `manage.py load_seed_curriculum` loads it (its output). Ask for
    it first, before fixtures that write: loaded for real once per process, then written back
    as rows (tests/loaded_once.py)."""
    return seed_curriculum_loaded()


@pytest.fixture
def seed_translated(db):
    """The seed's translations of the data alone (`seed_translations_load()`, its result),
    loaded once per process the same way. Ask for it first."""
    return seed_translations_loaded()


@pytest.fixture
def home(backpack):
    return backpack.get_parent().specific


@pytest.fixture
def committee_member(db):
    return UserFactory(username="committee", groups=[roles.TECHNICAL_COMMITTEE])


@pytest.fixture
def second_committee_member(db):
    return UserFactory(username="reviewer", groups=[roles.TECHNICAL_COMMITTEE])


@pytest.fixture
def ghana_platform_member(db):
    return UserFactory(
        username="ghana", groups=[Country.objects.get(slug="ghana").national_platform_group]
    )


@pytest.fixture
def trainer(db):
    return UserFactory(username="trainer", groups=[roles.TRAINERS])


@pytest.fixture
def learner(db):
    """Signed in, no role."""
    return UserFactory(username="learner")


@pytest.fixture
def monitoring_viewer(db):
    return UserFactory(username="viewer", groups=[roles.MONITORING_VIEWERS])


@pytest.fixture
def ghana_viewer(db):
    """A donor's M&E officer, in the Monitoring viewers role, granted Ghana only."""
    viewer = UserFactory(username="donor", groups=[roles.MONITORING_VIEWERS])
    Country.objects.get(slug="ghana").monitoring_viewers.add(viewer)
    return viewer


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def role_group(db):
    return lambda name: Group.objects.get(name=name)
