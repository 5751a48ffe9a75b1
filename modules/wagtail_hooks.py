from wagtail import hooks
from wagtail.snippets.models import register_snippet

from modules.models import BackpackPage, Country
from modules.national_services import national_curriculum_ensure
from modules.services import (
    backpack_permissions_apply,
    national_platform_group_delete,
    national_platform_group_ensure,
    national_platform_group_rename,
)
from modules.viewsets import TaxonomyViewSetGroup, TrainingModuleListingViewSet

register_snippet(TaxonomyViewSetGroup)


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


@hooks.register("after_edit_snippet")
def rename_platform_group_with_its_country(request, instance):
    if isinstance(instance, Country):
        national_platform_group_rename(country=instance)


@hooks.register("after_delete_snippet")
def delete_platform_group_with_its_country(request, instances):
    for instance in instances:
        if isinstance(instance, Country):
            national_platform_group_delete(group_id=instance.national_platform_group_id)
