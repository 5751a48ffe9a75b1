"""Writes for SCORM tracking: the commits a learner's browser sends, made idempotent.

The run-time in the browser (scorm-again) renders each commit as an object with the
learner's completion, success, score, time and the whole run-time data; the module
page stamps it with a UUID and a sequence number and sends it, at once or when the
network returns. Here each UUID is stored once (a commit sent twice changes nothing)
and the attempt takes a commit's values only if its sequence is newer than the last
one taken (a late, older commit never overwrites a newer one).
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from h5p.tracking_services import lrs_forwarding_enabled
from scorm.manifest import SCORM_2004
from scorm.models import ScormAttempt, ScormCommit, ScormPackage, ScormStatement
from scorm.tasks import scorm_statements_forward
from scorm.xapi import changes_to_report, statement_for

COMPLETION_VALUES = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_VALUES = {"passed", "failed", "unknown"}
MAX_INTERACTIONS = 500


@dataclass(frozen=True)
class CommitIn:
    id: uuid.UUID
    sequence: int
    sco: str
    completion_status: str
    success_status: str
    score: dict
    total_seconds: float
    runtime_data: dict


def _cmi(runtime_data: dict) -> dict:
    cmi = runtime_data.get("cmi") if isinstance(runtime_data, dict) else None
    return cmi if isinstance(cmi, dict) else {}


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _number(value):
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def scaled_score(score: dict) -> float | None:
    """From 0 to 1. SCORM 2004 gives it; SCORM 1.2 only raw, min and max (0 to 100 when
    the course gives no maximum, as the 1.2 run-time book says)."""
    scaled = _number(score.get("scaled"))
    if scaled is not None:
        return max(-1.0, min(1.0, scaled))
    raw = _number(score.get("raw"))
    if raw is None:
        return None
    low = _number(score.get("min"))
    high = _number(score.get("max"))
    low = 0.0 if low is None else low
    high = 100.0 if high is None else high
    if high <= low:
        return None
    return max(0.0, min(1.0, (raw - low) / (high - low)))


def _interactions(cmi: dict) -> list:
    found = cmi.get("interactions")
    if isinstance(found, dict):
        # scorm-again renders lists as objects keyed "0", "1"…; keep them in order.
        found = [
            found[key]
            for key in sorted(found, key=lambda k: int(k) if k.isdigit() else 0)
            if isinstance(found[key], dict)
        ]
    return found[:MAX_INTERACTIONS] if isinstance(found, list) else []


def commit_facts(*, package: ScormPackage, commit: CommitIn) -> dict:
    """The attempt's columns, read from one commit."""
    cmi = _cmi(commit.runtime_data)
    if package.scorm_version == SCORM_2004:
        location = cmi.get("location")
        suspend_data = cmi.get("suspend_data")
    else:
        core = cmi.get("core") if isinstance(cmi.get("core"), dict) else {}
        location = core.get("lesson_location")
        suspend_data = cmi.get("suspend_data")
    return {
        "completion_status": commit.completion_status,
        "success_status": commit.success_status,
        "score_raw": _number(commit.score.get("raw")),
        "score_min": _number(commit.score.get("min")),
        "score_max": _number(commit.score.get("max")),
        "score_scaled": scaled_score(commit.score),
        "total_seconds": max(0.0, commit.total_seconds),
        "location": _text(location, 1000),
        # SCORM 2004 allows 64,000 characters of suspend data; 1.2 allows 4,096.
        "suspend_data": _text(suspend_data, 64000),
        "interactions": _interactions(cmi),
        "runtime_data": commit.runtime_data,
    }


@transaction.atomic
def scorm_commits_record(
    *, user, package: ScormPackage, commits: list[CommitIn], page=None
) -> list[ScormAttempt]:
    """Store new commits (each UUID once) and bring each SCO's attempt up to the newest.

    Each attempt row is locked first, so two batches for the same learner and SCO are
    applied one after the other.
    """
    touched: dict[str, ScormAttempt] = {}
    made = 0
    for commit in sorted(commits, key=lambda item: item.sequence):
        attempt = touched.get(commit.sco)
        if attempt is None:
            attempt, _ = ScormAttempt.objects.get_or_create(
                user=user, package=package, sco=commit.sco
            )
            attempt = ScormAttempt.objects.select_for_update().get(pk=attempt.pk)
            touched[commit.sco] = attempt
        if not _first_time(commit, attempt):
            continue
        if commit.sequence <= attempt.last_sequence:
            continue  # older than what is kept: remembered, not applied
        before = (attempt.completion_status, attempt.success_status)
        facts = commit_facts(package=package, commit=commit)
        # Interactions are a journal the course only writes (SCORM 1.2 cannot read them
        # back): a session after a resume starts with none, so they are added, not replaced.
        facts["interactions"] = interactions_merged(attempt.interactions, facts["interactions"])
        for field, value in facts.items():
            setattr(attempt, field, value)
        attempt.last_sequence = commit.sequence
        attempt.last_committed_at = timezone.now()
        if attempt.completed and attempt.first_completed_at is None:
            attempt.first_completed_at = attempt.last_committed_at
        if page is not None:
            attempt.page = page
        attempt.save()
        made += _statements_record(attempt=attempt, before=before, commit_id=commit.id)
    if made and lrs_forwarding_enabled():
        transaction.on_commit(scorm_statements_forward.delay, robust=True)
    return list(touched.values())


def _statements_record(*, attempt: ScormAttempt, before, commit_id) -> int:
    """xAPI statements for the LRS from what this commit changed (scorm.xapi)."""
    statements = [
        statement_for(attempt=attempt, verb=verb, commit_id=commit_id)
        for verb in changes_to_report(before=before, attempt=attempt)
    ]
    ScormStatement.objects.bulk_create(
        [
            ScormStatement(
                id=statement["id"],
                attempt=attempt,
                verb=statement["verb"]["id"],
                statement=statement,
            )
            for statement in statements
        ],
        ignore_conflicts=True,
    )
    return len(statements)


def interactions_merged(kept: list, new: list) -> list:
    merged = list(kept or [])
    merged.extend(item for item in new if item not in merged)
    return merged[-MAX_INTERACTIONS:]


def _first_time(commit: CommitIn, attempt: ScormAttempt) -> bool:
    """Remember the commit's UUID; False if it was stored before (by any request)."""
    try:
        with transaction.atomic():
            ScormCommit.objects.create(id=commit.id, attempt=attempt, sequence=commit.sequence)
    except IntegrityError:
        return False
    return True


def _total_time_12(seconds: float) -> str:
    """CMITimespan of SCORM 1.2: HHHH:MM:SS.SS."""
    whole = int(seconds)
    hundredths = round((seconds - whole) * 100) % 100
    return f"{whole // 3600:04d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{hundredths:02d}"


def _total_time_2004(seconds: float) -> str:
    """timeinterval (second, 10,2) of SCORM 2004: an ISO 8601 duration."""
    return f"PT{round(seconds, 2)}S"


def learner_name(user) -> str:
    """SCORM's "family name, given name" form, or the username when no name is given."""
    if user.last_name and user.first_name:
        return f"{user.last_name}, {user.first_name}"
    return user.get_full_name() or user.get_username()


def runtime_start_data(*, package: ScormPackage, sco: str, user, learner_id: str) -> dict:
    """What the run-time is loaded with before the course starts: who the learner is and,
    when they were here before, where they stopped (resume)."""
    attempt = None
    if user is not None:
        attempt = ScormAttempt.objects.filter(user=user, package=package, sco=sco).first()
    name = learner_name(user) if user is not None else ""
    cmi = _cmi(attempt.runtime_data) if attempt else {}
    resuming = bool(attempt and (attempt.suspend_data or attempt.location))
    score = {
        key: value
        for key, value in (
            ("raw", attempt.score_raw if attempt else None),
            ("min", attempt.score_min if attempt else None),
            ("max", attempt.score_max if attempt else None),
        )
        if value is not None
    }
    if package.scorm_version == SCORM_2004:
        data = {
            "learner_id": learner_id,
            "learner_name": name,
            "mode": "normal",
            "credit": "credit",
            "entry": "resume" if resuming else "ab-initio",
        }
        if attempt:
            data.update(
                {
                    "location": attempt.location,
                    "suspend_data": attempt.suspend_data,
                    "total_time": _total_time_2004(attempt.total_seconds),
                }
            )
            if attempt.completion_status != "not attempted":
                data["completion_status"] = attempt.completion_status
            if attempt.success_status != "unknown":
                data["success_status"] = attempt.success_status
            if score:
                if attempt.score_scaled is not None:
                    score["scaled"] = attempt.score_scaled
                data["score"] = score
        return data
    core = {
        "student_id": learner_id,
        "student_name": name,
        "lesson_mode": "normal",
        "credit": "credit",
        "entry": "resume" if resuming else "ab-initio",
    }
    data = {"core": core}
    if attempt:
        stored_core = cmi.get("core") if isinstance(cmi.get("core"), dict) else {}
        status = stored_core.get("lesson_status")
        if isinstance(status, str) and status:
            core["lesson_status"] = status
        core["lesson_location"] = attempt.location
        core["total_time"] = _total_time_12(attempt.total_seconds)
        if score:
            core["score"] = score
        data["suspend_data"] = attempt.suspend_data
    return data


def commit_time(value: datetime.datetime | None = None) -> int:
    """A sequence number for commits made on the server (tests, imports)."""
    return int((value or timezone.now()).timestamp() * 1000)
