from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from adaptation import views_admin
from adaptation.selectors import adaptable_countries, module_country_adaptations
from adaptation.services import country_set_up, country_update_apply, national_platform_group_delete
from curriculum_site.content_version import cached_for_person
from modules.models import TrainingModulePage
from modules.models.pages import TRAINING_MODULE_PAGE_CONTEXT
from reference.models import Country
from reference.selectors import is_committee_member


@hooks.register("after_create_snippet")
def set_up_a_new_country(request, instance):
    if isinstance(instance, Country):
        country_set_up(country=instance)


@hooks.register("after_edit_snippet")
def follow_a_country_edit(request, instance):
    if isinstance(instance, Country):
        country_update_apply(country=instance)


@hooks.register("after_delete_snippet")
def delete_platform_group_with_its_country(request, instances):
    for instance in instances:
        if isinstance(instance, Country):
            national_platform_group_delete(group_id=instance.national_platform_group_id)


@hooks.register("register_admin_urls")
def register_national_adaptation_urls():
    return views_admin.urlpatterns


@hooks.register("register_page_listing_more_buttons")
def offer_to_adapt_a_generic_module(page, user, next_url=None):
    """ "Adapt for your country" beside each published generic module, for national platforms."""
    if (
        isinstance(page.specific_deferred, TrainingModulePage)
        and page.live
        and adaptable_countries(user).exists()
    ):
        yield Button(
            _("Adapt for your country"),
            reverse("modules_adapt", args=[page.pk]),
            icon_name="site",
            priority=20,
        )


@hooks.register(TRAINING_MODULE_PAGE_CONTEXT)
def offer_to_adapt_from_the_module_page(*, page, request):
    """National platforms adapt published generic modules from the page they read."""
    user = request.user
    may_adapt = (
        page.live
        and user.is_authenticated
        and cached_for_person(user, "adapts", lambda: adaptable_countries(user).exists())
    )
    return {
        "adapt_url": reverse("modules_adapt", args=[page.pk]) if may_adapt else "",
        "country_adaptations": module_country_adaptations(module=page),
    }


@hooks.register("register_reports_menu_item")
def register_adaptations_behind_report():
    return AdaptationsBehindMenuItem(
        _("Adaptations behind the backpack"),
        reverse("modules_adaptations_behind"),
        name="adaptations-behind",
        icon_name="history",
        order=720,
    )


class AdaptationsBehindMenuItem(MenuItem):
    """Shown to the technical committee and to national platforms, who are its readers."""

    def is_shown(self, request):
        user = request.user
        return user.is_superuser or is_committee_member(user) or adaptable_countries(user).exists()
