"""Writes for consultation and grievances. Keyword-only, typed; each checks permission."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consultation.models import Grievance
from organisation_levels.models import ProducerGroup
from training_delivery.selectors import groups_user_may_record_for

ACCEPTED, ALREADY_KNOWN, REFUSED = "accepted", "already_known", "refused"


@dataclass
class GrievanceIn:
    """A grievance as a trainer recorded it on the phone."""

    id: uuid.UUID
    group_id: int
    received_on: datetime.date
    category: str
    description: str
    channel: str = Grievance.Channel.TRAINER
    anonymous: bool = False
    complainant: str = ""


@dataclass
class GrievanceResult:
    status: str
    errors: dict = field(default_factory=dict)


def grievance_record(*, user, data: GrievanceIn) -> GrievanceResult:
    """Store one grievance sent from the trainer app, once per phone-made id, or refuse it
    naming each field; nothing of a refused grievance is stored.

    A trainer records for the groups the platform assigned them; the platform for any of
    its country's groups. A group of another country is refused as if unknown.
    """
    group = groups_user_may_record_for(user=user).filter(pk=data.group_id).first()
    if group is None:
        return GrievanceResult(REFUSED, {"group": [_("You do not record for this group.")]})
    # After the group's permission, so an id says nothing to someone outside it.
    known = Grievance.objects.filter(pk=data.id).values_list("group_id", flat=True).first()
    if known is not None or Grievance.objects.filter(pk=data.id).exists():
        if known == group.pk:
            return GrievanceResult(ALREADY_KNOWN)
        return GrievanceResult(REFUSED, {"id": [_("This id is already used; save it again.")]})
    grievance = Grievance(
        id=data.id,
        group=group,
        country_id=group.country_id,
        received_on=data.received_on,
        channel=data.channel,
        anonymous=data.anonymous,
        complainant=data.complainant.strip(),
        category=data.category,
        description=data.description.strip(),
        status=Grievance.Status.RECEIVED,
        recorded_by=user,
    )
    try:
        grievance.full_clean()
    except ValidationError as error:
        return GrievanceResult(REFUSED, _by_field(error))
    try:
        with transaction.atomic():
            grievance.save(force_insert=True)
    except IntegrityError:
        # The same grievance arrived twice at once: the other request stored it.
        return GrievanceResult(ALREADY_KNOWN)
    return GrievanceResult(ACCEPTED)


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    return {
        ("group" if name in ("country", "__all__") else name): list(messages)
        for name, messages in error.message_dict.items()
    }


@transaction.atomic
def grievance_answer(
    *, grievance: Grievance, user, status: str, response: str, responded_on: datetime.date | None
) -> Grievance:
    """Move a grievance on (under review, answered, closed) with the response given."""
    if not Grievance.objects.changeable_by(user).filter(pk=grievance.pk).exists():
        raise PermissionDenied
    grievance.status = status
    grievance.response = response.strip()
    grievance.responded_on = responded_on
    grievance.full_clean()
    grievance.save()
    return grievance


def groups_for_grievances(*, user):
    """The groups whose grievances `user` records in the admin: their platform's."""
    if user.is_superuser:
        return ProducerGroup.objects.all()
    return ProducerGroup.objects.filter(country__national_platform_group__in=user.groups.all())
