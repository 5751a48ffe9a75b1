"""SCORM results as xAPI statements for the external learning record store (issue 22,
point 3; the H5P forwarding of decision 0021 carries them).

A SCORM course reports through the SCORM run-time, not xAPI; the LRS learns what a
learner did from statements made here when a part's state changes: "completed" the
first time a part is completed, "passed" or "failed" when its success changes, with the
score and time. The learner is the same pseudonymous account as in H5P statements. Each
statement's id is derived from the commit that caused it, so a commit applied again
cannot make a second statement.
"""

import uuid

from django.utils import timezone

from h5p.xapi import PLATFORM, XAPI_VERSION, learner_actor, site_home_page
from scorm.models import ScormAttempt

VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERB_FAILED = "http://adlnet.gov/expapi/verbs/failed"
VERB_NAMES = {VERB_COMPLETED: "completed", VERB_PASSED: "passed", VERB_FAILED: "failed"}
ID_NAMESPACE = uuid.UUID("6f0b1d2a-6a3e-4c55-9f61-0c6f3f5e2b10")


def part_iri(attempt: ScormAttempt) -> str:
    return f"{site_home_page()}/scorm/packages/{attempt.package_id}/{attempt.sco}"


def changes_to_report(*, before: tuple[str, str], attempt: ScormAttempt) -> list[str]:
    """The verbs a change of (completion, success) deserves."""
    completion_before, success_before = before
    verbs = []
    if attempt.completion_status == "completed" and completion_before != "completed":
        verbs.append(VERB_COMPLETED)
    if attempt.success_status != success_before:
        if attempt.success_status == "passed":
            verbs.append(VERB_PASSED)
        elif attempt.success_status == "failed":
            verbs.append(VERB_FAILED)
    return verbs


def statement_for(*, attempt: ScormAttempt, verb: str, commit_id) -> dict:
    result = {
        "completion": attempt.completion_status == "completed",
        # xAPI durations are ISO 8601, like SCORM 2004's.
        "duration": f"PT{round(attempt.total_seconds, 2)}S",
    }
    if attempt.success_status in ("passed", "failed"):
        result["success"] = attempt.success_status == "passed"
    if attempt.score_scaled is not None:
        score = {"scaled": max(-1.0, min(1.0, attempt.score_scaled))}
        if attempt.score_raw is not None and attempt.score_max is not None:
            low = attempt.score_min if attempt.score_min is not None else 0.0
            if low <= attempt.score_raw <= attempt.score_max:
                score.update({"raw": attempt.score_raw, "min": low, "max": attempt.score_max})
        result["score"] = score
    title = next(
        (sco["title"] for sco in attempt.package.scos if sco["identifier"] == attempt.sco),
        attempt.package.title,
    )
    context = {"platform": PLATFORM}
    if attempt.package.language:
        context["language"] = attempt.package.language
    return {
        "id": str(uuid.uuid5(ID_NAMESPACE, f"{commit_id}:{verb}")),
        "actor": learner_actor(attempt.user_id),
        "verb": {"id": verb, "display": {"en-US": VERB_NAMES[verb]}},
        "object": {
            "objectType": "Activity",
            "id": part_iri(attempt),
            "definition": {
                "name": {"en-US": title},
                "type": "http://adlnet.gov/expapi/activities/lesson",
            },
        },
        "result": result,
        "context": context,
        "timestamp": timezone.now().isoformat(),
        "version": XAPI_VERSION,
    }
