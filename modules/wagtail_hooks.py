from wagtail import hooks
from wagtail.snippets.models import register_snippet

from modules.models import BackpackPage, Country
from modules.services import backpack_permissions_apply, national_platform_group_ensure
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
