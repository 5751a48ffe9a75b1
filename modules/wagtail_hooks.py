from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from modules import (
    feedback_hooks,  # noqa: F401  (registers the pilot-feedback report)
    national_admin_views,
    translation_views,
)
from modules.h5p import report_hooks  # noqa: F401  (registers the H5P reports)
from modules.h5p.viewsets import H5PActivityViewSet
from modules.models import BackpackPage, TrainingModulePage
from modules.national_services import national_curriculum_ensure
from modules.selectors import adaptable_countries
from modules.services import (
    backpack_permissions_apply,
    national_platform_group_delete,
    national_platform_group_ensure,
    national_platform_group_rename,
)
from modules.translation_services import backpack_translations_permissions_apply
from modules.viewsets import TrainingModuleListingViewSet
from reference.models import Country

register_snippet(H5PActivityViewSet)


@hooks.register("register_admin_viewset")
def register_training_module_listing():
    return TrainingModuleListingViewSet()


@hooks.register("after_create_page")
def give_new_backpack_to_the_committee(request, page):
    if isinstance(page.specific, BackpackPage):
        backpack_permissions_apply(backpack=page.specific)


@hooks.register("after_create_snippet")
def give_new_country_a_platform_group(request, instance):
    if isinstance(instance, Country):
        national_platform_group_ensure(country=instance)
        national_curriculum_ensure(country=instance)
        backpack_translations_permissions_apply()  # the backpack in its languages


@hooks.register("after_edit_snippet")
def rename_platform_group_with_its_country(request, instance):
    if isinstance(instance, Country):
        national_platform_group_rename(country=instance)
        backpack_translations_permissions_apply()  # its languages may have changed


@hooks.register("after_delete_snippet")
def delete_platform_group_with_its_country(request, instances):
    for instance in instances:
        if isinstance(instance, Country):
            national_platform_group_delete(group_id=instance.national_platform_group_id)


@hooks.register("register_admin_urls")
def register_national_adaptation_urls():
    return national_admin_views.urlpatterns


@hooks.register("register_admin_urls")
def guard_wagtail_localize_submit_and_update_views():
    """At wagtail-localize's own addresses, before its views (see translation_views)."""
    return translation_views.urlpatterns


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
        from reference.roles import TECHNICAL_COMMITTEE

        user = request.user
        return (
            user.is_superuser
            or user.groups.filter(name=TECHNICAL_COMMITTEE).exists()
            or adaptable_countries(user).exists()
        )
