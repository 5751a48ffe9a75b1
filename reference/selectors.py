"""What roles a user holds, read in one query and kept until people or roles change.

Every admin permission policy asks the same questions (is this person on a national
platform? on the committee? a granted monitoring viewer? a group manager?), and the
admin asks every policy on every page to build its menu. Asked one by one, that was
a query per question per model; here it is one query per request.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from wagtail.models import TranslatableMixin

from curriculum_site.content_version import cached_for_content, cached_for_person
from reference import roles
from reference.localized import originals_only
from reference.models import Country

CACHE_ATTRIBUTE = "_backpack_role_facts"


@dataclass(frozen=True)
class RoleFacts:
    platform_member: bool  # in some country's national platform group
    committee: bool
    monitoring_viewer: bool  # in the role and granted at least one country
    group_manager: bool  # manages at least one producer group


def role_facts(user) -> RoleFacts:
    facts = getattr(user, CACHE_ATTRIBUTE, None)
    if facts is None:
        # Kept per person until people, roles, countries or groups change (decision 0025's
        # people version): every admin page asked again, a query of four subqueries.
        facts = (
            cached_for_person(user, "role-facts", lambda: _read(user))
            if user.is_authenticated
            else _read(user)
        )
        setattr(user, CACHE_ATTRIBUTE, facts)
    return facts


def is_committee_member(user) -> bool:
    """Whether `user` is on the technical committee: the one way to ask (decision 0017)."""
    return role_facts(user).committee


def _read(user) -> RoleFacts:
    if not user.is_authenticated:
        return RoleFacts(False, False, False, False)
    person = OuterRef("pk")
    in_group = Group.objects.filter(user=person)
    people = get_user_model().objects
    row = (
        people.filter(pk=user.pk)
        .annotate(
            platform_member=Exists(Country.objects.filter(national_platform_group__user=person)),
            committee=Exists(in_group.filter(name=roles.TECHNICAL_COMMITTEE)),
            monitoring_viewer=Exists(Country.objects.filter(monitoring_viewers=person))
            & Exists(in_group.filter(name=roles.MONITORING_VIEWERS)),
            # Producer groups live on a floor above this one; their managers are reached
            # through the name of the relation, not the model.
            group_manager=Exists(people.filter(pk=person, managed_producer_groups__isnull=False)),
        )
        .values("platform_member", "committee", "monitoring_viewer", "group_manager")
        .first()
    )
    return RoleFacts(**row) if row else RoleFacts(False, False, False, False)


def taxonomy_terms(model) -> list:
    """Every term of a taxonomy (a level, theme, need area…), in its order: read once per
    content version and language (decision 0025), for filters and module pages."""
    terms = model.objects.all()
    if issubclass(model, TranslatableMixin):
        # Modules link to the originals; a translation only lends its words (decision 0020).
        terms = terms.filter(originals_only())
    return cached_for_content(
        ("terms", model._meta.label_lower), lambda: list(terms), per_language=True
    )
