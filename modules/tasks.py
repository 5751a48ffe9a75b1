from celery import shared_task

from modules.models import TrainingModulePage
from modules.services import module_publication_notify


# SMTP and network failures are all OSError subclasses: retried with back-off.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_module_published(module_id: int) -> int:
    """Write to the national platforms about a newly published generic module."""
    module = TrainingModulePage.objects.filter(pk=module_id).first()
    if module is None or not module.live:
        return 0
    return module_publication_notify(module=module)
