"""Forwarding xAPI statements to an external learning record store (issue 16, point 5).

Off unless `H5P_LRS_ENDPOINT` is set (e.g. `https://lrs.example.org/xAPI/`), with
`H5P_LRS_USERNAME` and `H5P_LRS_PASSWORD` for HTTP basic authentication.

Every stored statement that has not reached the LRS yet (`forwarded_at` empty) is sent
in batches, oldest first. No duplicates: each statement carries its UUID, which the LRS
keeps as the statement id. An LRS answers a batch whose ids it already has with 204
(Ralph, same content) or 409 (some ids already stored); after a 409 or 400 the batch is
sent again one statement at a time with PUT, where 204
(stored) and 409 (already there) both mean "it has it". Only then is `forwarded_at`
set. Rows are claimed with `SELECT … FOR UPDATE SKIP LOCKED`, so two workers never send
the same batch at once.

Retry: when the LRS cannot be reached, answers 5xx, 429 or refuses our credentials
(401/403: a configuration mistake an operator fixes), the task retries with
exponential back-off (up to 10 minutes apart); the periodic run in
`CELERY_BEAT_SCHEDULE` picks up whatever is still waiting after a longer outage, so
statements reach the LRS once "the network comes back". A statement the LRS refuses
as invalid (400) is marked with the LRS's answer and not sent again.
"""

import base64
import json
import logging
import urllib.error
import urllib.request

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from h5p.models import H5PStatement
from h5p.xapi import XAPI_VERSION, statement_normalise

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
TIMEOUT_SECONDS = 20


class LRSUnavailable(Exception):
    """The LRS could not take statements now; trying again later may work."""


class LRSRefused(Exception):
    """The LRS refused a statement for good (its answer says why)."""


def _settings() -> tuple[str, str, str]:
    endpoint = getattr(settings, "H5P_LRS_ENDPOINT", "") or ""
    if endpoint and not endpoint.endswith("/"):
        endpoint += "/"
    return (
        endpoint,
        getattr(settings, "H5P_LRS_USERNAME", "") or "",
        getattr(settings, "H5P_LRS_PASSWORD", "") or "",
    )


def _request(method: str, url: str, body) -> tuple[int, bytes]:
    """One HTTP call to the LRS: (status, body). Network failures raise LRSUnavailable."""
    _endpoint, username, password = _settings()
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    if username or password:
        pair = base64.b64encode(f"{username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {pair}"
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        raise LRSUnavailable(str(error)) from error


def _raise_for_retry(status: int, body: bytes) -> None:
    if status >= 500 or status in (401, 403, 408, 429):
        raise LRSUnavailable(f"LRS answered {status}: {body[:300]!r}")


def lrs_statement(row: H5PStatement) -> dict:
    """The statement as the LRS gets it (rows stored before issue 16 are normalised here)."""
    return statement_normalise(
        statement=row.statement,
        statement_id=row.pk,
        timestamp=row.timestamp,
        user_id=row.user_id,
        activity_id=row.activity_id,
        language=row.language,
    )


def lrs_send(statements: list[dict]) -> dict[str, str]:
    """Send statements; returns {id: ""} for each the LRS now has, {id: reason} for those
    it refused for good. Raises LRSUnavailable when it is worth trying again later."""
    endpoint, _username, _password = _settings()
    url = f"{endpoint}statements"
    status, body = _request("POST", url, statements)
    # 200 with the ids; Ralph answers 204 when every id is already stored, same content.
    if status in (200, 204):
        return {statement["id"]: "" for statement in statements}
    _raise_for_retry(status, body)
    # 409: some of them are already stored; 400: one of them is refused. Either way,
    # one by one tells which.
    outcome = {}
    for statement in statements:
        single_status, single_body = _request(
            "PUT", f"{url}?statementId={statement['id']}", statement
        )
        _raise_for_retry(single_status, single_body)
        if single_status in (200, 204, 409):
            outcome[statement["id"]] = ""
        else:
            reason = f"{single_status}: {single_body[:1000].decode(errors='replace')}"
            logger.warning("The LRS refused statement %s: %s", statement["id"], reason)
            outcome[statement["id"]] = reason
    return outcome


def statements_forward_batch(model, render) -> int:
    """Send one batch of `model`'s waiting statements (each rendered by `render`); how many
    were dealt with (0: none waiting). Shared by H5P and SCORM statements, whose tables
    have the same `forwarded_at`, `forward_error` and `stored_at` columns."""
    with transaction.atomic():
        rows = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(forwarded_at__isnull=True, forward_error="")
            .order_by("stored_at", "pk")[:BATCH_SIZE]
        )
        if not rows:
            return 0
        outcome = lrs_send([render(row) for row in rows])
        now = timezone.now()
        accepted = [row.pk for row in rows if outcome.get(str(row.pk)) == ""]
        model.objects.filter(pk__in=accepted).update(forwarded_at=now)
        for row in rows:
            reason = outcome.get(str(row.pk))
            if reason:
                model.objects.filter(pk=row.pk).update(forward_error=reason)
    return len(rows)


def statements_forward_all(model, render) -> int:
    """Every waiting statement of `model`, batch after batch, if an LRS is configured."""
    endpoint, _username, _password = _settings()
    if not endpoint:
        return 0
    total = 0
    while True:
        sent = statements_forward_batch(model, render)
        total += sent
        if sent < BATCH_SIZE:
            return total


@shared_task(
    bind=True,
    autoretry_for=(LRSUnavailable,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def h5p_statements_forward(self) -> int:
    """Send every waiting statement to the LRS, if one is configured; how many were sent."""
    return statements_forward_all(H5PStatement, lrs_statement)
