"""Forwarding SCORM results to the external LRS, with the H5P forwarding's rules
(h5p.tasks: batches, no duplicates, retry with back-off, a periodic run after outages)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from h5p.tasks import BATCH_SIZE, LRSUnavailable, _settings, lrs_send
from scorm.models import ScormStatement


def scorm_statements_forward_batch() -> int:
    with transaction.atomic():
        rows = list(
            ScormStatement.objects.select_for_update(skip_locked=True)
            .filter(forwarded_at__isnull=True, forward_error="")
            .order_by("stored_at", "pk")[:BATCH_SIZE]
        )
        if not rows:
            return 0
        outcome = lrs_send([row.statement for row in rows])
        now = timezone.now()
        ScormStatement.objects.filter(
            pk__in=[row.pk for row in rows if outcome.get(str(row.pk)) == ""]
        ).update(forwarded_at=now)
        for row in rows:
            reason = outcome.get(str(row.pk))
            if reason:
                ScormStatement.objects.filter(pk=row.pk).update(forward_error=reason)
    return len(rows)


@shared_task(
    bind=True,
    autoretry_for=(LRSUnavailable,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def scorm_statements_forward(self) -> int:
    """Send every waiting SCORM statement to the LRS, if one is configured."""
    endpoint, _username, _password = _settings()
    if not endpoint:
        return 0
    total = 0
    while True:
        sent = scorm_statements_forward_batch()
        total += sent
        if sent < BATCH_SIZE:
            return total
