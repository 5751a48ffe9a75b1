"""Forwarding SCORM results to the external LRS, with the H5P forwarding's rules
(h5p.tasks: batches, no duplicates, retry with back-off, a periodic run after outages)."""

from celery import shared_task

from h5p.tasks import LRSUnavailable, statements_forward_all
from scorm.models import ScormStatement


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
    # Stored ready to send (scorm.xapi): nothing to normalise.
    return statements_forward_all(ScormStatement, lambda row: row.statement)
