from django.utils.functional import SimpleLazyObject

from reference import roles


def trainer_app_link(request):
    """Whether the navigation offers the trainer app: to trainers (and superusers)."""

    def shown():
        user = request.user
        return user.is_authenticated and (
            user.is_superuser or user.groups.filter(name=roles.TRAINERS).exists()
        )

    return {"show_trainer_app_link": SimpleLazyObject(shown)}
