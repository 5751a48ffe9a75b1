"""The backpack list and a module page cost the same number of queries with 10 or 300 modules."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from modules.factories import TrainingModulePageFactory
from modules.models import ModulePrerequisite
from reference.models import OrganisationLevel, Standard, Theme

pytestmark = pytest.mark.django_db

# A ceiling, so a regression that adds queries per page shows up even at equal counts.
# 31 since issue 8: the navigation asks once whether the signed-in person has a dashboard.
# 38 since issue 23: the navigation links Country curricula and (for trainers) the trainer
# app, and a generic module's page lists its country adaptations; a fixed number each.
MAX_QUERIES = 38


def add_modules(backpack, count):
    levels = list(OrganisationLevel.objects.all())
    themes = list(Theme.objects.all())
    fairtrade = Standard.objects.get(slug="fairtrade")
    internal_control = Theme.objects.get(slug="quality-management")
    for n in range(count):
        TrainingModulePageFactory(
            parent=backpack,
            levels=[levels[n % 4], levels[(n + 1) % 4]],
            # Every other module is on internal control, so the filtered list is never empty.
            themes=[themes[n % len(themes)], *([internal_control] if n % 2 else [])],
            standards=[fairtrade] if n % 3 == 0 else [],
        )


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    if "modules_page" in response.context:
        # Equal counts mean nothing if a page is empty or is another page than asked for.
        page = response.context["modules_page"]
        assert page.object_list
        assert page.number == int(params.get("page", 1))
    return len(context.captured_queries)


# Four to a page, so that page 2 exists with 10 modules as it does with 300.
@override_settings(BACKPACK_MODULES_PER_PAGE=4)
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"level": "moderate", "theme": "quality-management", "standard": "fairtrade"},
        {"q": "training module"},
        {"page": "2"},
    ],
)
def test_backpack_list_queries_do_not_grow_with_modules(client, backpack, params):
    add_modules(backpack, 10)
    client.get(backpack.url)  # warm caches that are per process, not per request
    with_10 = queries_for(client, backpack.url, **params)

    add_modules(backpack, 290)
    with_300 = queries_for(client, backpack.url, **params)

    assert with_300 == with_10
    assert with_300 <= MAX_QUERIES


def test_module_page_queries_do_not_grow_with_modules(client, backpack, trainer):
    add_modules(backpack, 10)
    module = TrainingModulePageFactory(parent=backpack, code="ZZ-1")
    first, second = TrainingModulePageFactory.create_batch(2, parent=backpack)
    module.prerequisite_links = [
        ModulePrerequisite(prerequisite=first),
        ModulePrerequisite(prerequisite=second),
    ]
    module.save()
    follow_up = TrainingModulePageFactory(parent=backpack)
    follow_up.prerequisite_links = [ModulePrerequisite(prerequisite=module)]
    follow_up.save()
    client.force_login(trainer)
    client.get(module.url)
    with_10 = queries_for(client, module.url)

    add_modules(backpack, 290)
    with_300 = queries_for(client, module.url)

    assert with_300 == with_10
    assert with_300 <= MAX_QUERIES
