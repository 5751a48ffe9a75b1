from django.utils.functional import SimpleLazyObject

from curriculum_site.content_version import cached_for_person
from organisation_levels.selectors import groups_of_user


def producer_groups(request):
    """Whether the navigation offers "Producer groups": only to people who can see one."""

    def has_groups():
        user = request.user
        return user.is_authenticated and cached_for_person(
            user, "sees-producer-groups", lambda: groups_of_user(user=user).exists()
        )

    return {"show_producer_groups_link": SimpleLazyObject(has_groups)}
