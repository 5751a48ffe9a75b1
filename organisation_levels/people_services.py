"""Writes for who works in which country: a platform registers its trainers and group
managers, adds someone already registered elsewhere, or takes someone off its country.

Keyword-only, transactional; each write is recorded in the admin's history of the person.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisation_levels.models import CountryPerson, ProducerGroup
from organisation_levels.people_selectors import REGISTERED_ROLES, countries_registering_people
from reference.models import Country

# Long enough to resist guessing, short enough to read out over a phone: 12 characters
# from an alphabet without look-alikes (no 0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


def _require_platform(*, country: Country, by) -> None:
    if not countries_registering_people(user=by).filter(pk=country.pk).exists():
        raise PermissionDenied


def _require_role(role: str) -> Group:
    if role not in REGISTERED_ROLES:
        raise ValidationError({"role": _("Choose trainer or producer-group manager.")})
    return Group.objects.get(name=role)


def temporary_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@transaction.atomic
def person_register(
    *,
    country: Country,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    by,
) -> tuple:
    """Make an account for a new trainer or group manager working in `country`.

    Returns the person and a temporary password to pass on to them (by phone or in
    person: many trainers have no e-mail address); they change it once signed in.
    """
    _require_platform(country=country, by=by)
    group = _require_role(role)
    people = get_user_model().objects
    username = username.strip()
    if people.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _(
                    "The user name “%(name)s” is taken. If this is the same person, use "
                    "“Add someone already registered” instead."
                )
                % {"name": username}
            }
        )
    password = temporary_password()
    person = people.create_user(
        username=username,
        password=password,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    person.groups.add(group)
    CountryPerson.objects.create(country=country, person=person, registered_by=by)
    log(instance=person, action="wagtail.create", user=by, data={"country": country.name})
    return person, password


@transaction.atomic
def person_add_to_country(*, country: Country, person, role: str, by) -> CountryPerson:
    """Let someone already registered (in another country, or with another role) work in
    `country` in `role` too."""
    _require_platform(country=country, by=by)
    group = _require_role(role)
    if not person.is_active:
        raise ValidationError({"person": _("This account is switched off.")})
    registration, created = CountryPerson.objects.get_or_create(
        country=country, person=person, defaults={"registered_by": by}
    )
    person.groups.add(group)
    if created:
        log(instance=person, action="wagtail.edit", user=by, data={"country": country.name})
    return registration


@transaction.atomic
def person_remove_from_country(*, country: Country, person, by) -> list[ProducerGroup]:
    """Take `person` off `country`: no longer offered for its groups and plans, and taken
    off the groups of that country they were named on (returned). Their account, their
    other countries and everything they recorded stay."""
    _require_platform(country=country, by=by)
    groups = list(
        ProducerGroup.objects.filter(country=country)
        .filter(Q(trainers=person) | Q(managers=person))
        .distinct()
    )
    for group in groups:
        group.trainers.remove(person)
        group.managers.remove(person)
        group.save()  # modelcluster writes a group's many-to-many relations on save
    CountryPerson.objects.filter(country=country, person=person).delete()
    log(instance=person, action="wagtail.edit", user=by, data={"removed_from": country.name})
    return groups
