from django.utils.functional import SimpleLazyObject

from curriculum_site.content_version import cached_for_person
from reference import roles


def trainer_app_link(request):
    """Whether the navigation offers the trainer app: to trainers (and superusers). Kept
    per person until people or roles change (decision 0025): every page asks."""

    def shown():
        user = request.user
        return user.is_authenticated and (
            user.is_superuser
            or cached_for_person(
                user, "trainer", lambda: user.groups.filter(name=roles.TRAINERS).exists()
            )
        )

    return {"show_trainer_app_link": SimpleLazyObject(shown)}
