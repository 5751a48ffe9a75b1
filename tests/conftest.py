import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from content.factories import UserFactory
from content.services import site_structure_ensure
from reference import roles
from reference.localized import forget as forget_localized_rows
from reference.models import Country


def pytest_sessionstart(session):
    """The interface catalogues compiled, as `make setup` does, so that `pytest` alone from
    a fresh checkout tests the French, Thai… interface (the .mo files are not committed)."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


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
def backpack(db):
    """The real site tree (home page at the root, backpack under it), as the seed makes it."""
    return site_structure_ensure()


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
