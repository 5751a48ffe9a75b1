"""Statements an LRS can use (issue 16, point 5): the learner as a pseudonymous account,
an id, a timestamp, the activity's stable IRI; valid against xAPI 1.0.3."""

import copy
import uuid

import pytest
from django.test import override_settings

from content.factories import UserFactory
from h5p import xapi
from h5p.models import XAPI_VERB_ANSWERED, H5PStatement
from h5p.tracking_services import StatementIn, h5p_statements_record
from modules.factories import TrainingModulePageFactory
from tests.h5p.player_helpers import at, knowledge_check_activity

# What H5P's player sends from inside the sandbox: its random anonymous actor, and object
# ids that are addresses of the player frame (with the token in them).
FRAME = "http://testserver/h5p/play/TOKEN/files"
H5P_STATEMENT = {
    "actor": {
        "account": {"name": "7b1e0c7e-random", "homePage": "null"},
        "objectType": "Agent",
    },
    "verb": {"id": XAPI_VERB_ANSWERED, "display": {"en-US": "answered"}},
    "object": {
        "id": f"{FRAME}?subContentId=1b7c9c0e",
        "objectType": "Activity",
        "definition": {
            "extensions": {"http://h5p.org/x-api/h5p-local-content-id": 1},
            "name": {"en-US": "Is the soil dry?"},
            "interactionType": "true-false",
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        },
    },
    "context": {
        "contextActivities": {
            "parent": [{"id": FRAME, "objectType": "Activity"}],
            "category": [
                {"id": "http://h5p.org/libraries/H5P.TrueFalse-1.6", "objectType": "Activity"}
            ],
        }
    },
    "result": {
        "score": {"min": 0, "max": 1, "raw": 1, "scaled": 1},
        "completion": True,
        "success": True,
        "response": "true",
    },
}


def normalised(user_id=7, activity_id=3, language="fr", statement=None):
    return xapi.statement_normalise(
        statement=copy.deepcopy(statement or H5P_STATEMENT),
        statement_id=uuid.UUID("3f6f6b39-1d43-4a4e-9b7e-3a8b9b0b0b01"),
        timestamp=at(5),
        user_id=user_id,
        activity_id=activity_id,
        language=language,
    )


def test_the_learner_is_a_stable_pseudonymous_account_of_the_site():
    statement = normalised(user_id=7)
    actor = statement["actor"]
    assert actor["objectType"] == "Agent"
    assert actor["account"]["homePage"] == "http://testserver"
    name = actor["account"]["name"]
    assert len(name) == 64 and name != "7"
    # The same learner always, another learner never.
    assert normalised(user_id=7)["actor"] == actor
    assert normalised(user_id=8)["actor"]["account"]["name"] != name


def test_the_pseudonym_survives_a_new_secret_key_when_the_actor_secret_is_set():
    with override_settings(H5P_XAPI_ACTOR_SECRET="actor-secret", SECRET_KEY="one"):
        first = xapi.learner_pseudonym(7)
    with override_settings(H5P_XAPI_ACTOR_SECRET="actor-secret", SECRET_KEY="two"):
        assert xapi.learner_pseudonym(7) == first
    with override_settings(SECRET_KEY="two"):
        assert xapi.learner_pseudonym(7) != first


def test_id_timestamp_object_and_context_are_set_by_the_server():
    statement = normalised(activity_id=3, language="fr")
    assert statement["id"] == "3f6f6b39-1d43-4a4e-9b7e-3a8b9b0b0b01"
    assert statement["timestamp"] == "2026-11-24T09:05:00Z"
    assert statement["object"]["id"] == "http://testserver/h5p/activities/3?subContentId=1b7c9c0e"
    assert statement["object"]["definition"]["name"] == {"en-US": "Is the soil dry?"}
    parent = statement["context"]["contextActivities"]["parent"]
    assert parent == [{"id": "http://testserver/h5p/activities/3", "objectType": "Activity"}]
    category = statement["context"]["contextActivities"]["category"]
    assert category == H5P_STATEMENT["context"]["contextActivities"]["category"]
    assert statement["context"]["language"] == "fr"
    assert statement["context"]["platform"] == "Backpack"
    # What the learner did is kept as the player said it.
    assert statement["result"] == H5P_STATEMENT["result"]
    assert statement["verb"] == H5P_STATEMENT["verb"]


def test_normalising_twice_changes_nothing():
    once = normalised()
    assert normalised(statement=once) == once


@pytest.mark.parametrize(
    "junk",
    [
        {"object": {"definition": "text"}},
        {"object": [], "context": "text"},
        {"context": {"contextActivities": ["x"]}},
        {"context": {"contextActivities": {"parent": "x"}}},
        {"object": {"id": 5, "definition": {"extensions": "x"}}},
    ],
)
def test_odd_shapes_from_a_browser_are_normalised_without_errors(junk):
    statement = normalised(statement={"verb": {"id": XAPI_VERB_ANSWERED}, **junk})
    assert statement["object"]["id"] == "http://testserver/h5p/activities/3"


def test_a_normalised_statement_is_valid_xapi_1_0_3():
    assert xapi.xapi_statement_for_lrs(normalised()) == []
    # A bare statement of our own test helpers becomes valid too.
    bare = normalised(statement={"verb": {"id": XAPI_VERB_ANSWERED}})
    assert xapi.xapi_statement_for_lrs(bare) == []


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda s: s.pop("actor"), "A statement must have 'actor'."),
        (lambda s: s.pop("verb"), "A statement must have 'verb'."),
        (lambda s: s.pop("object"), "A statement must have 'object'."),
        (lambda s: s.update(id="not-a-uuid"), "id must be a UUID."),
        (
            lambda s: s["actor"].update(mbox="mailto:a@b.org"),
            "actor must have exactly one identifier (mbox, mbox_sha1sum, openid, account).",
        ),
        (lambda s: s["actor"]["account"].pop("homePage"), "actor.account.homePage must be an IRL."),
        (lambda s: s["verb"].update(id="answered"), "verb.id must be an IRI."),
        (
            lambda s: s["verb"].update(display={"not a tag": "x"}),
            "verb.display has 'not a tag', which is not a language tag.",
        ),
        (lambda s: s["object"].update(id="no iri"), "object.id must be an IRI."),
        (
            lambda s: s["result"]["score"].update(scaled=2),
            "result.score.scaled must be between -1 and 1.",
        ),
        (
            lambda s: s["result"]["score"].update(raw=5),
            "result.score.raw must not be more than max.",
        ),
        (
            lambda s: s["result"].update(completion="yes"),
            "result.completion must be true or false.",
        ),
        (
            lambda s: s.update(timestamp="24/11/2026"),
            "timestamp must be an ISO 8601 date and time with a time zone.",
        ),
        (lambda s: s.update(version="2.0"), "version must be 1.0.x."),
        (lambda s: s.update(score=1), "'score' is not a statement property."),
        (
            lambda s: s["context"].update(contextActivities={"sibling": []}),
            "context.contextActivities.sibling is not allowed.",
        ),
        (lambda s: s.pop("timestamp"), "A statement for an LRS must have 'timestamp'."),
    ],
)
def test_the_validator_names_what_breaks_the_specification(change, problem):
    statement = normalised()
    change(statement)
    assert problem in xapi.xapi_statement_for_lrs(statement)


@pytest.mark.django_db
def test_recorded_statements_carry_the_learner_the_page_and_its_language(backpack):
    learner = UserFactory()
    activity = knowledge_check_activity()
    page = TrainingModulePageFactory(parent=backpack)
    statement_id = uuid.uuid4()
    h5p_statements_record(
        user=learner,
        activity=activity,
        page_id=page.pk,
        statements=[
            StatementIn(id=statement_id, timestamp=at(1), statement=copy.deepcopy(H5P_STATEMENT))
        ],
    )
    stored = H5PStatement.objects.get(pk=statement_id)
    assert (stored.page_id, stored.language) == (page.pk, "en")
    assert stored.statement["actor"] == xapi.learner_actor(learner.pk)
    assert stored.statement["object"]["id"].startswith(xapi.activity_iri(activity.pk))
    assert stored.statement["context"]["language"] == "en"
    assert xapi.xapi_statement_for_lrs(stored.statement) == []
