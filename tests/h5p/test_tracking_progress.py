"""Progress per learner and activity, module completion, and "My progress" (issue 3,
points 5 and 7)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.factories import UserFactory
from h5p.models import XAPI_VERB_ANSWERED, H5PProgress
from h5p.tracking_selectors import (
    learner_progress_by_module,
    module_activity_ids,
    module_completed_for,
)
from h5p.tracking_services import StateIn, h5p_statements_record
from tests.h5p.player_helpers import (
    activity_blocks,
    at,
    knowledge_check_activity,
    module_with_activities,
    statement,
)

pytestmark = pytest.mark.django_db


def record(user, activity, *statements, state=None):
    return h5p_statements_record(
        user=user, activity=activity, statements=list(statements), state=state
    )


@pytest.fixture
def activity(db):
    return knowledge_check_activity()


def test_attempts_best_and_last_score_and_completion(learner, activity):
    record(learner, activity, statement(0.5, minutes=1))
    record(learner, activity, statement(1.0, minutes=2), statement(0.25, minutes=3))

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert progress.attempts == 3
    assert progress.best_score == 1.0 and progress.best_percent == 100
    assert progress.last_score == 0.25 and progress.last_percent == 25
    assert progress.completed and progress.completed_at == at(1)
    assert progress.last_played_at == at(3)


def test_the_last_score_is_the_latest_made_not_the_latest_received(learner, activity):
    # A phone that was offline delivers its older try after a newer one from elsewhere.
    record(learner, activity, statement(0.75, minutes=30))
    record(learner, activity, statement(0.25, minutes=10))

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert (progress.attempts, progress.last_score, progress.best_score) == (2, 0.75, 0.75)


def test_answering_one_question_is_not_an_attempt(learner, activity):
    record(
        learner,
        activity,
        statement(1.0, verb=XAPI_VERB_ANSWERED, parent=True),
        statement(verb="http://adlnet.gov/expapi/verbs/attempted"),
    )

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert (progress.attempts, progress.best_score, progress.completed) == (0, None, False)


def test_a_single_question_content_type_answers_without_a_parent(learner, activity):
    # H5P.MultiChoice and friends end a try with "answered" and no parent activity.
    record(learner, activity, statement(0.5, verb=XAPI_VERB_ANSWERED))

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert (progress.attempts, progress.best_score, progress.completed) == (1, 0.5, True)


def test_a_try_left_incomplete_is_an_attempt_but_not_a_completion(learner, activity):
    record(learner, activity, statement(0.5, verb=XAPI_VERB_ANSWERED, completion=False))

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert (progress.attempts, progress.completed) == (1, False)


def test_progress_is_per_learner(learner, activity):
    other = UserFactory()
    record(learner, activity, statement(1.0))
    record(other, activity, statement(0.25))

    assert H5PProgress.objects.get(user=learner).best_score == 1.0
    assert H5PProgress.objects.get(user=other).best_score == 0.25


def test_resume_state_is_kept_unless_a_newer_one_exists(learner, activity):
    record(learner, activity, state=StateIn(data='{"answers": [0, null]}', saved_at=at(5)))
    record(learner, activity, state=StateIn(data='{"answers": [null, null]}', saved_at=at(1)))
    assert H5PProgress.objects.get(user=learner).state == '{"answers": [0, null]}'

    record(learner, activity, state=StateIn(data='{"answers": [0, 1]}', saved_at=at(6)))
    assert H5PProgress.objects.get(user=learner).state == '{"answers": [0, 1]}'


# --- Modules -------------------------------------------------------------------------


def test_a_module_is_completed_when_all_its_activities_are(backpack, learner):
    first, second = knowledge_check_activity(), knowledge_check_activity()
    module = module_with_activities(parent=backpack, activities=[first, second])
    without = module_with_activities(parent=backpack, activities=[])

    assert module_completed_for(user=learner, module=module) is False
    record(learner, first, statement(1.0))
    assert module_completed_for(user=learner, module=module) is False
    record(learner, second, statement(0.5, verb=XAPI_VERB_ANSWERED, parent=True))
    assert module_completed_for(user=learner, module=module) is False  # one question only
    record(learner, second, statement(0.5))
    assert module_completed_for(user=learner, module=module) is True
    assert module_completed_for(user=learner, module=without) is None


def test_a_module_s_activities_are_those_of_its_published_version(backpack):
    published, drafted = knowledge_check_activity(), knowledge_check_activity()
    module = module_with_activities(parent=backpack, activities=[published])
    unpublished = module_with_activities(parent=backpack, activities=[drafted], publish=False)
    # A draft that adds an activity changes nothing until it is published.
    module.body = list(module.body.raw_data) + activity_blocks(drafted)
    module.save_revision()

    placements = module_activity_ids()
    assert placements[module.pk] == [published.pk]
    assert unpublished.pk not in placements

    module.get_latest_revision().publish()
    assert module_activity_ids()[module.pk] == sorted([published.pk, drafted.pk])


# --- My progress -----------------------------------------------------------------------


def test_my_progress_lists_each_module_with_its_activities_and_scores(client, backpack, learner):
    first = knowledge_check_activity(title="Check one")
    second = knowledge_check_activity(title="Check two")
    module = module_with_activities(
        parent=backpack, activities=[first, second], code="PO-01", title="Selling together"
    )
    module_with_activities(parent=backpack, activities=[knowledge_check_activity()], code="QM-02")
    record(learner, first, statement(0.75, minutes=1), statement(0.5, minutes=2))
    record(UserFactory(), second, statement(1.0))  # someone else's

    client.force_login(learner)
    response = client.get("/progress/")

    assert response.status_code == 200
    [item] = response.context["modules"]
    assert item.module.pk == module.pk and (item.done, item.total, item.completed) == (1, 2, False)
    html = response.content.decode()
    assert "PO-01 Selling together" in html and "QM-02" not in html
    assert "1 of 2 activities done" in html
    assert "75%" in html and "50%" in html  # best and last
    assert "Check two" in html and "Not yet" in html
    # Issue 23, point 8: the site's table style, whose headers never break inside a word.
    assert '<table class="data-table">' in html


def test_my_progress_needs_a_signed_in_learner(client, backpack):
    response = client.get("/progress/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_progress_runs_the_same_queries_however_much_was_played(backpack, learner):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            modules = learner_progress_by_module(user=learner)
            [item.module.url for item in modules]
        return len(captured), len(modules)

    activity = knowledge_check_activity()
    module_with_activities(parent=backpack, activities=[activity])
    record(learner, activity, statement(1.0))
    few, count = queries()
    assert count == 1
    for _ in range(5):
        more = knowledge_check_activity()
        module_with_activities(parent=backpack, activities=[more])
        record(learner, more, statement(0.5))

    many, count = queries()
    assert count == 6
    # Page urls are cached per site; the lists themselves are a fixed number of queries.
    assert many <= few + 1
