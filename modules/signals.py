"""Publishing happens in several places (editor, workflow approval, scheduled publishing);
Wagtail's page_published signal is the one point they share. The receiver only enqueues."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from modules.models import TrainingModulePage


@receiver(page_published, sender=TrainingModulePage)
def enqueue_publication_notice(sender, instance, **kwargs):
    from modules.tasks import notify_module_published

    # robust: the page is published by now; a mail or broker failure is logged, and must not
    # turn the approval the reviewer just made into an error page.
    transaction.on_commit(lambda: notify_module_published.delay(instance.pk), robust=True)
