"""Reads for who works in which country (CountryPerson)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from organisation_levels.models.people import CountryPerson
from reference import roles
from reference.models import Country

# The roles a platform registers people in, and how the admin names them.
ROLE_LABELS = {
    roles.TRAINERS: _("Trainer"),
    roles.PRODUCER_GROUP_MANAGERS: _("Producer group manager"),
}
REGISTERED_ROLES = tuple(ROLE_LABELS)


def people_working_in(*, country_ids: Iterable[int], role: str) -> QuerySet:
    """Active people in `role` registered to work in any of these countries."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=role,
            work_countries__country_id__in=list(country_ids),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def people_choosable(*, country_ids: Iterable[int], role: str, already=()) -> QuerySet:
    """Who may be chosen in `role` for something of these countries: their people in that
    role, and whoever is chosen already (so saving a form never drops someone silently)."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=people_working_in(country_ids=country_ids, role=role).values("pk"))
            | Q(pk__in=[person.pk for person in already])
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def countries_registering_people(*, user) -> QuerySet[Country]:
    """The countries whose people `user` keeps: their platform's, or all for a superuser."""
    if not user.is_active:
        return Country.objects.none()
    if user.is_superuser:
        return Country.objects.all()
    return Country.objects.of_platform_member(user)


def people_of_user_countries(*, user) -> QuerySet[CountryPerson]:
    """Registrations the user may see and change, with what the list shows."""
    return (
        CountryPerson.objects.visible_to(user)
        .select_related("country", "person", "registered_by")
        .prefetch_related("person__groups")
        .order_by("country__name", "person__first_name", "person__last_name", "person__username")
    )


def person_roles(person) -> list[str]:
    """The registered roles `person` holds, named for the reader (prefetched groups used)."""
    names = {group.name for group in person.groups.all()}
    return [str(label) for role, label in ROLE_LABELS.items() if role in names]
