"""The SCORM player and its tracking: the launch page gets the run-time and the learner's
stored data; commits are stored once, in the browser's order, for the learner the token
names only (issue 22, points 2 and 3)."""

import re
import uuid

import pytest
from django.urls import reverse

from content.factories import UserFactory
from scorm import serving
from scorm.models import ScormAttempt, ScormCommit
from scorm.tracking_services import CommitIn, runtime_start_data, scorm_commits_record
from tests.scorm.packages import SCORM_12, SCORM_2004, module_with_package, package

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_page(backpack):
    quiz = package(SCORM_12)
    return quiz, module_with_package(parent=backpack, package=quiz, code="GAP-09")


def launch_urls(html: str) -> list[str]:
    return re.findall(r'data-launch-url="([^"]+)"', html)


def test_the_module_page_offers_the_course_and_its_launch_page_carries_the_runtime(
    client, quiz_page
):
    _quiz, module = quiz_page
    learner = UserFactory(username="ama", first_name="Ama", last_name="Owusu")
    client.force_login(learner)
    page = client.get(module.url).content.decode()
    assert "Safe storage of pesticides" in page and "Start course" in page
    [launch] = launch_urls(page)
    response = client.get(launch)
    assert response.status_code == 200
    body = response.content.decode()
    # The run-time comes first in <head>, before the course's own script.
    assert body.index("vendor/scorm-again/scorm12.min.js") < body.index('src="quiz.js"')
    assert '"student_name": "Owusu, Ama"' in body
    assert serving.learner_key(learner.pk) in body and "ama" not in body.split("<body>")[0]
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts;") and "form-action 'none'" in policy
    assert response["Cache-Control"] == "no-store"
    # The course's other files come from the same folder, cacheable, without the run-time.
    script = client.get(launch.replace("index.html", "quiz.js"))
    assert script.status_code == 200 and b"findAPI" in b"".join(script.streaming_content)


def test_forged_foreign_and_climbing_addresses_are_refused(client, quiz_page):
    _quiz, module = quiz_page
    [launch] = launch_urls(client.get(module.url).content.decode())
    token = launch.split("/play/")[1].split("/")[0]
    forged = launch.replace(token, token[:-2] + "xx")
    assert client.get(forged).status_code == 403
    assert client.get(launch.replace("index.html", "../../../settings.py")).status_code == 404
    assert client.get(launch.replace("/0/", "/5/")).status_code == 404
    # A package not on the page gets no token from it.
    other = package(SCORM_2004)
    request_token = serving.player_token_make(user=None, package=other, page=module)
    assert serving.player_token_read(token=request_token, max_age=60).package_id == other.pk
    assert "Contrôle final" not in client.get(module.url).content.decode()


def commit(sequence, *, sco="ITEM-QUIZ", status="incomplete", success="unknown", **extra):
    return {
        "id": str(uuid.uuid4()),
        "sequence": sequence,
        "sco": sco,
        "completion_status": status,
        "success_status": success,
        "score": extra.pop("score", {}),
        "total_seconds": extra.pop("total_seconds", 10),
        "runtime_data": extra.pop(
            "runtime_data",
            {
                "cmi": {
                    "core": {"lesson_location": "q2", "lesson_status": "incomplete"},
                    "suspend_data": "page=2",
                }
            },
        ),
    }


def post(client, token, commits):
    return client.post(
        reverse("scorm_commits"),
        {"package": token, "commits": commits},
        content_type="application/json",
    )


def test_commits_are_stored_once_and_a_late_older_one_does_not_overwrite(client, quiz_page):
    _quiz, module = quiz_page
    learner = UserFactory(username="ama")
    client.force_login(learner)
    token = re.search(r'data-package-token="([^"]+)"', client.get(module.url).content.decode())[1]
    newer = commit(
        2000,
        status="completed",
        success="passed",
        score={"raw": 100, "min": 0, "max": 100},
        total_seconds=150,
        runtime_data={
            "cmi": {
                "core": {"lesson_location": "", "lesson_status": "passed"},
                "suspend_data": "",
                "interactions": {"0": {"id": "q1"}},
            }
        },
    )
    older = commit(1000)
    answer = post(client, token, [newer])
    assert answer.status_code == 200, answer.content
    assert answer.json()["attempts"][0]["score_scaled"] == 1.0
    assert post(client, token, [older, newer]).status_code == 200  # the same commit again
    attempt = ScormAttempt.objects.get()
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")
    assert (attempt.score_percent, attempt.total_seconds, attempt.page_id) == (100, 150, module.pk)
    assert attempt.interactions == [{"id": "q1"}]
    assert ScormCommit.objects.count() == 2 and attempt.first_completed_at is not None


def test_bad_commits_are_refused_by_field_and_nothing_is_stored(client, quiz_page):
    _quiz, module = quiz_page
    owner, stranger = UserFactory(username="ama"), UserFactory(username="kofi")
    client.force_login(owner)
    token = re.search(r'data-package-token="([^"]+)"', client.get(module.url).content.decode())[1]
    client.force_login(stranger)
    assert "belongs to someone else" in str(post(client, token, [commit(1)]).json())
    client.force_login(owner)
    unknown_part = post(client, token, [commit(1, sco="NOPE")])
    assert unknown_part.status_code == 400 and "Commit 1 names a part" in str(unknown_part.json())
    bad_status = post(client, token, [commit(1, status="finished")])
    assert bad_status.status_code == 400 and "completion_status" in str(bad_status.json())
    assert not ScormAttempt.objects.exists() and not ScormCommit.objects.exists()


def test_the_stored_data_is_what_the_course_resumes_from():
    course = package(SCORM_2004)
    learner = UserFactory(username="lan", first_name="Lan", last_name="Nguyen")
    scorm_commits_record(
        user=learner,
        package=course,
        commits=[
            CommitIn(
                id=uuid.uuid4(),
                sequence=5,
                sco="CHECK",
                completion_status="incomplete",
                success_status="unknown",
                score={},
                total_seconds=75.5,
                runtime_data={"cmi": {"location": "question-1", "suspend_data": "réponse=oui"}},
            )
        ],
    )
    start = runtime_start_data(package=course, sco="CHECK", user=learner, learner_id="learner-x")
    assert start["entry"] == "resume"
    assert (start["location"], start["suspend_data"]) == ("question-1", "réponse=oui")
    assert start["total_time"] == "PT75.5S" and start["learner_name"] == "Nguyen, Lan"
    fresh = runtime_start_data(package=course, sco="INTRO", user=learner, learner_id="learner-x")
    assert fresh["entry"] == "ab-initio" and "suspend_data" not in fresh


def test_results_become_xapi_statements_once_and_reach_the_lrs_once(settings):
    from unittest import mock

    from h5p import tasks as h5p_tasks
    from h5p.xapi import learner_pseudonym, xapi_statement_problems
    from scorm.models import ScormStatement
    from scorm.tasks import scorm_statements_forward

    quiz = package(SCORM_12)
    learner = UserFactory(username="ama")
    done = CommitIn(
        id=uuid.uuid4(),
        sequence=10,
        sco="ITEM-QUIZ",
        completion_status="completed",
        success_status="passed",
        score={"raw": 90, "min": 0, "max": 100},
        total_seconds=120,
        runtime_data={"cmi": {"core": {"lesson_status": "passed"}}},
    )
    scorm_commits_record(user=learner, package=quiz, commits=[done])
    scorm_commits_record(user=learner, package=quiz, commits=[done])  # sent again
    statements = {row.verb.rsplit("/", 1)[1]: row.statement for row in ScormStatement.objects.all()}
    assert sorted(statements) == ["completed", "passed"]
    passed = statements["passed"]
    assert xapi_statement_problems(passed) == []
    assert passed["actor"]["account"]["name"] == learner_pseudonym(learner.pk)
    assert passed["result"]["score"] == {"scaled": 0.9, "raw": 90, "min": 0, "max": 100}
    assert passed["object"]["id"].endswith(f"/scorm/packages/{quiz.pk}/ITEM-QUIZ")

    settings.H5P_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    sent = []

    def lrs(method, url, body):
        sent.extend(item["id"] for item in body)
        return 200, b"[]"

    with mock.patch.object(h5p_tasks, "_request", lrs):
        assert scorm_statements_forward.apply().get() == 2
        assert scorm_statements_forward.apply().get() == 0  # nothing waits any more
    assert sorted(sent) == sorted(
        str(pk) for pk in ScormStatement.objects.values_list("pk", flat=True)
    )
    assert not ScormStatement.objects.filter(forwarded_at=None).exists()
