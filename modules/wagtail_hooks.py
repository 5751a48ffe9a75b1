from wagtail import hooks

from curriculum_site.admin_pages import choosable_pages_filter
from modules import translation_views
from modules.models import BackpackPage
from modules.services import backpack_permissions_apply
from modules.viewsets import TrainingModuleListingViewSet


@hooks.register("register_admin_viewset")
def register_training_module_listing():
    return TrainingModuleListingViewSet()


@hooks.register("after_create_page")
def give_new_backpack_to_the_committee(request, page):
    if isinstance(page.specific, BackpackPage):
        backpack_permissions_apply(backpack=page.specific)


@hooks.register("register_admin_urls")
def guard_wagtail_localize_submit_and_update_views():
    """At wagtail-localize's own addresses, before its views (see translation_views)."""
    return translation_views.urlpatterns


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_the_person_may_see(pages, request):
    """Live pages and the person's own: never another country's drafts (issue 14)."""
    return pages.filter(choosable_pages_filter(request.user))
