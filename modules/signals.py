"""Publishing happens in several places (editor, workflow approval, scheduled publishing);
Wagtail's page_published signal is the one point they share. The receiver only enqueues."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published

from modules.models import TrainingModulePage
from modules.tasks import notify_module_published
from modules.translation_services import page_translation_permissions_apply


@receiver(page_published, sender=TrainingModulePage)
def enqueue_publication_notice(sender, instance, **kwargs):
    # robust: the page is published by now; a mail or broker failure is logged, and must not
    # turn the approval the reviewer just made into an error page.
    transaction.on_commit(lambda: notify_module_published.delay(instance.pk), robust=True)


@receiver(post_save)
def give_a_new_translation_its_translators(sender, instance, created, raw=False, **kwargs):
    """A page made in another language (wagtail-localize makes translations, and aliases
    of their parents, in several places: the submit view, "Sync translated pages", a
    subtree in the background) gets the page permissions of its original's editors.
    post_save is the one point they share."""
    if created and not raw and isinstance(instance, Page):
        page_translation_permissions_apply(translation=instance)
