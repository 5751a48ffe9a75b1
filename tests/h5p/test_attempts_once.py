"""One attempt counts once, whichever version of a module showed the activity (issue 16,
point 4): the generic module, its French translation and Ghana's adaptation all hold the
same activity; a learner's attempt on the French page appears once in My progress, the
reports and their CSV, which say on which page and in which language it was taken."""

import csv
import io
import uuid

import pytest
from wagtail.models import Locale

from adaptation.services import module_adapt
from content.factories import UserFactory
from h5p import serving
from h5p.models import H5PProgress, H5PStatement
from h5p.tracking_selectors import (
    h5p_activity_report,
    h5p_module_report,
    learner_progress_by_module,
    module_activity_ids,
)
from h5p.tracking_services import h5p_statements_record
from reference.models import Country
from tests.h5p.player_helpers import knowledge_check_activity, module_with_activities, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(backpack, ghana_platform_member):
    """The generic module PO-01, its French translation and Ghana's adaptation, all live,
    all showing one activity."""
    activity = knowledge_check_activity(title="Market check")
    generic = module_with_activities(
        parent=backpack, activities=[activity], code="PO-01", title="Selling together"
    )
    french = generic.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.title = "Vendre ensemble"
    french.save_revision().publish()
    adapted = module_adapt(
        source=generic, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adapted.save_revision().publish()
    placements = module_activity_ids()
    assert all(activity.pk in placements[page.pk] for page in (generic, french, adapted))
    return activity, generic, french.specific, adapted


def test_an_attempt_on_a_translation_is_counted_once_and_says_where(versions, learner):
    activity, generic, french, adapted = versions
    h5p_statements_record(
        user=learner, activity=activity, page_id=french.pk, statements=[statement(0.75)]
    )

    [module] = learner_progress_by_module(user=learner)
    [entry] = module.activities
    assert entry.progress.attempts == 1
    assert entry.taken_on == "PO-01 Vendre ensemble (fr)" or entry.taken_on.endswith("(fr)")
    assert module.module.pk in {generic.pk, french.pk, adapted.pk}

    [row] = [row for row in h5p_activity_report() if row.activity == activity]
    assert (row.learners, row.attempts) == (1, 1)
    assert row.taken_in.endswith("(fr): 1")

    [module_row] = h5p_module_report()
    assert (module_row.learners, module_row.attempts, module_row.completed) == (1, 1, 1)
    assert module_row.taken_in.endswith("(fr): 1")
    assert module_row.module.pk == generic.pk  # read in English: the generic module names it


def test_attempts_on_several_versions_are_one_learners_attempts(versions, learner):
    activity, generic, french, adapted = versions
    for page, score in ((french, 0.5), (adapted, 1.0), (generic, 0.25)):
        h5p_statements_record(
            user=learner, activity=activity, page_id=page.pk, statements=[statement(score)]
        )

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert progress.attempts == 3
    [module] = learner_progress_by_module(user=learner)
    assert len(module.activities) == 1
    [module_row] = h5p_module_report()
    assert (module_row.learners, module_row.attempts) == (1, 3)
    assert module_row.taken_in.count(": 1") == 3
    languages = set(H5PStatement.objects.values_list("language", flat=True))
    assert languages == {"en", "fr"}


def test_the_page_comes_from_the_player_token_the_page_was_given(versions, learner, client):
    activity, _generic, french, _adapted = versions
    client.force_login(learner)
    client.get("/")
    token = serving.h5p_player_token_make(user=learner, activity=activity, page=french)
    response = client.post(
        "/api/v1/h5p/statements/",
        {
            "activity": token,
            "statements": [
                {
                    "id": str(uuid.uuid4()),
                    "timestamp": "2026-11-24T10:00:00Z",
                    "statement": statement(1.0).statement,
                }
            ],
        },
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 200, response.content
    stored = H5PStatement.objects.get()
    assert (stored.page_id, stored.language) == (french.pk, "fr")
    assert stored.statement["context"]["language"] == "fr"


def test_the_csv_has_one_row_per_module_and_says_where_attempts_were_taken(
    versions, learner, client, committee_member
):
    activity, _generic, french, _adapted = versions
    h5p_statements_record(
        user=learner, activity=activity, page_id=french.pk, statements=[statement(1.0)]
    )
    client.force_login(committee_member)

    def rows(url):
        response = client.get(url, {"export": "csv"})
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(content)))

    [module] = rows("/admin/reports/h5p-modules/")
    assert module["Attempts"] == "1" and module["Learners"] == "1"
    assert module["Taken on (page, language): attempts"].endswith("(fr): 1")
    [activity_row] = rows("/admin/reports/h5p-activities/")
    assert activity_row["Attempts"] == "1"
    assert "Vendre ensemble" in activity_row["Taken on (page, language): attempts"]


def test_my_progress_shows_the_activity_once(versions, learner, client):
    activity, _generic, french, _adapted = versions
    h5p_statements_record(
        user=learner, activity=activity, page_id=french.pk, statements=[statement(1.0)]
    )
    client.force_login(learner)
    html = client.get("/progress/").content.decode()
    assert html.count("Market check") == 1
    assert "Vendre ensemble (fr)" in html


def test_another_learner_is_another_learner(versions):
    activity, generic, french, _adapted = versions
    first, second = UserFactory(), UserFactory()
    h5p_statements_record(
        user=first, activity=activity, page_id=generic.pk, statements=[statement(1.0)]
    )
    h5p_statements_record(
        user=second, activity=activity, page_id=french.pk, statements=[statement(0.5)]
    )
    [module_row] = h5p_module_report()
    assert (module_row.learners, module_row.attempts) == (2, 2)
