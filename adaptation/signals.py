"""An adaptation's country is the one of the curriculum it sits under. Adapting sets it; a
page moved or copied under another curriculum (Wagtail's page actions, from the admin or
from code) takes the new one. These signals are the one point those actions share."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from adaptation.models import AdaptedModulePage
from adaptation.services import adaptation_country_follow


@receiver(post_page_move, sender=AdaptedModulePage)
def adaptation_follows_its_move(sender, instance, **kwargs):
    adaptation_country_follow(adaptation=instance)


@receiver(post_save, sender=AdaptedModulePage)
def a_copy_follows_its_place(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        adaptation_country_follow(adaptation=instance)
