"""What roles a user holds, read in one query and kept on the user for the request.

Every admin permission policy asks the same questions (is this person on a national
platform? on the committee? a granted monitoring viewer? a group manager?), and the
admin asks every policy on every page to build its menu. Asked one by one, that was
a query per question per model; here it is one query per request.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from modules import roles

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
        facts = _read(user)
        setattr(user, CACHE_ATTRIBUTE, facts)
    return facts


def _read(user) -> RoleFacts:
    from modules.models import Country
    from organisation_levels.models import ProducerGroup

    if not user.is_authenticated:
        return RoleFacts(False, False, False, False)
    person = OuterRef("pk")
    in_group = Group.objects.filter(user=person)
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            platform_member=Exists(Country.objects.filter(national_platform_group__user=person)),
            committee=Exists(in_group.filter(name=roles.TECHNICAL_COMMITTEE)),
            monitoring_viewer=Exists(Country.objects.filter(monitoring_viewers=person))
            & Exists(in_group.filter(name=roles.MONITORING_VIEWERS)),
            group_manager=Exists(ProducerGroup.objects.filter(managers=person)),
        )
        .values("platform_member", "committee", "monitoring_viewer", "group_manager")
        .first()
    )
    return RoleFacts(**row) if row else RoleFacts(False, False, False, False)
