"""Writes for learner tracking: xAPI statements, derived progress, resume state."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from wagtail.models import Page

from h5p.models import (
    XAPI_VERB_ANSWERED,
    XAPI_VERB_COMPLETED,
    H5PActivity,
    H5PProgress,
    H5PStatement,
)
from h5p.tasks import h5p_statements_forward
from h5p.xapi import statement_normalise

ATTEMPT_VERBS = {XAPI_VERB_ANSWERED, XAPI_VERB_COMPLETED}


@dataclass(frozen=True)
class StatementIn:
    """One statement as the browser sent it, after validation."""

    id: object  # uuid.UUID
    timestamp: datetime.datetime
    statement: dict


@dataclass(frozen=True)
class StateIn:
    data: str
    saved_at: datetime.datetime


def statement_facts(statement: dict) -> dict:
    """The columns kept beside the statement, read the way H5P reads its own statements."""
    verb = statement["verb"]["id"]
    context = statement.get("context") or {}
    has_parent = bool((context.get("contextActivities") or {}).get("parent"))
    result = statement.get("result") or {}
    score = result.get("score") or {}
    raw, maximum, scaled = score.get("raw"), score.get("max"), score.get("scaled")
    if scaled is None and raw is not None and maximum:
        scaled = raw / maximum
    return {
        "verb": verb,
        # H5P's own rule (xAPICompletedListener): an "answered" or "completed" statement
        # without a parent activity is the end of a try of the whole activity.
        "is_attempt": verb in ATTEMPT_VERBS and not has_parent and scaled is not None,
        "completion": result.get("completion"),
        "success": result.get("success"),
        "score_raw": raw,
        "score_max": maximum,
        "score_scaled": scaled,
    }


@transaction.atomic
def h5p_statements_record(
    *,
    user,
    activity: H5PActivity,
    statements: list[StatementIn],
    state: StateIn | None = None,
    page_id: int | None = None,
) -> H5PProgress:
    """Store new statements (each UUID once, whoever posts it again) and refresh progress.

    Each statement is stored as an LRS should get it (`h5p.xapi.statement_normalise`),
    with the module page that showed the activity and that page's language; if an LRS
    is configured, forwarding is queued once the transaction commits.

    The learner's progress row is locked first, so two batches for the same learner and
    activity are recorded one after the other and the second recount sees the first's
    statements.
    """
    progress, _ = H5PProgress.objects.get_or_create(user=user, activity=activity)
    progress = H5PProgress.objects.select_for_update().get(pk=progress.pk)
    page_id, language = _page_and_language(page_id)
    H5PStatement.objects.bulk_create(
        [
            H5PStatement(
                id=item.id,
                user=user,
                activity=activity,
                timestamp=item.timestamp,
                statement=statement_normalise(
                    statement=item.statement,
                    statement_id=item.id,
                    timestamp=item.timestamp,
                    user_id=user.pk,
                    activity_id=activity.pk,
                    language=language,
                ),
                page_id=page_id,
                language=language,
                **statement_facts(item.statement),
            )
            for item in statements
        ],
        # The primary key is the browser's UUID: the database drops a repeat, even one
        # racing with the first copy in another request.
        ignore_conflicts=True,
    )
    h5p_progress_refresh(progress=progress)
    if state is not None:
        h5p_state_save(progress=progress, state=state)
    if statements and lrs_forwarding_enabled():
        transaction.on_commit(h5p_statements_forward.delay, robust=True)
    return progress


def lrs_forwarding_enabled() -> bool:
    """An LRS is configured and a worker will send to it. Without a broker tasks would run
    inside the learner's request, which must not wait for (or retry against) an LRS."""
    return bool(getattr(settings, "H5P_LRS_ENDPOINT", "")) and not getattr(
        settings, "CELERY_TASK_ALWAYS_EAGER", False
    )


def _page_and_language(page_id: int | None) -> tuple[int | None, str]:
    """The page (if it still exists) and its language, for the statements of one batch."""
    if page_id is None:
        return None, ""
    row = Page.objects.filter(pk=page_id).values_list("pk", "locale__language_code").first()
    return (row[0], row[1] or "") if row else (None, "")


def h5p_progress_refresh(*, progress: H5PProgress) -> H5PProgress:
    """Recount attempts, best and last score and completion from the stored statements."""
    mine = H5PStatement.objects.filter(user_id=progress.user_id, activity_id=progress.activity_id)
    attempts = mine.filter(is_attempt=True)
    totals = mine.aggregate(
        attempts=Count("pk", filter=Q(is_attempt=True)),
        best=Max("score_scaled", filter=Q(is_attempt=True)),
        completed_at=Min("timestamp", filter=Q(is_attempt=True, completion=True)),
        last_played_at=Max("timestamp"),
    )
    # "Last" is the latest made on the device, not the latest to arrive: an offline
    # phone delivers old tries after newer ones from another device.
    last = (
        attempts.order_by("-timestamp", "-stored_at")
        .values_list("score_scaled", "page_id", "language")
        .first()
    )
    last_score, last_page_id, last_language = last or (None, None, "")
    progress.attempts = totals["attempts"]
    progress.best_score = totals["best"]
    progress.last_score = last_score
    progress.last_page_id = last_page_id
    progress.last_language = last_language
    progress.completed = totals["completed_at"] is not None
    progress.completed_at = totals["completed_at"]
    progress.last_played_at = totals["last_played_at"]
    progress.save(
        update_fields=[
            "attempts",
            "best_score",
            "last_score",
            "completed",
            "completed_at",
            "last_played_at",
            "last_page",
            "last_language",
            "updated_at",
        ]
    )
    return progress


def h5p_state_save(*, progress: H5PProgress, state: StateIn) -> bool:
    """Keep the learner's resume state unless a newer one is already stored.

    States can arrive out of order (an offline phone catching up after another device
    played on), so the one saved last on a device wins, not the one received last.
    Returns whether the state was kept.
    """
    if progress.state_saved_at is not None and progress.state_saved_at > state.saved_at:
        return False
    progress.state = state.data
    progress.state_saved_at = state.saved_at
    progress.save(update_fields=["state", "state_saved_at", "updated_at"])
    return True
