"""The platform settles walk-in farmers (issue 18, point 3; decision 0023): adds each to
the roster, or merges them into the roster farmer they turn out to be. Either way their
attendance at the session is then recorded, with the scores the trainer gave."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from training_delivery.consent import consent_text_current
from training_delivery.models import (
    Attendance,
    Farmer,
    FarmerConsent,
    WalkIn,
    WalkInStatus,
)


class WalkInRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def walk_ins_of_platform(*, user) -> QuerySet[WalkIn]:
    if not user.is_active:
        return WalkIn.objects.none()
    walk_ins = WalkIn.objects.select_related("session", "session__group", "session__group__country")
    if user.is_superuser:
        return walk_ins
    return walk_ins.filter(session__group__country__national_platform_group__in=user.groups.all())


def likely_matches(walk_in: WalkIn) -> list[Farmer]:
    """Roster farmers of the group the walk-in may be: the same gender, and the same name
    or birth year. The platform decides; this only orders the choice."""
    farmers = Farmer.objects.filter(
        group=walk_in.session.group_id, erased_at__isnull=True, gender=walk_in.gender
    )
    matches = []
    for farmer in farmers:
        same_name = walk_in.name and farmer.name.casefold() == walk_in.name.casefold()
        same_year = walk_in.birth_year and farmer.birth_year == walk_in.birth_year
        if same_name or same_year:
            matches.append(farmer)
    return matches


def _attend(walk_in: WalkIn, farmer: Farmer) -> None:
    if Attendance.objects.filter(session=walk_in.session, farmer=farmer).exists():
        raise WalkInRefused(
            _("%(farmer)s is already on this session's attendance: it would count them twice.")
            % {"farmer": farmer}
        )
    Attendance.objects.create(
        session=walk_in.session,
        farmer=farmer,
        pre_score=walk_in.pre_score,
        post_score=walk_in.post_score,
    )


def _pending(walk_in: WalkIn) -> WalkIn:
    walk_in = WalkIn.objects.select_for_update().select_related("session").get(pk=walk_in.pk)
    if walk_in.status != WalkInStatus.PENDING:
        raise WalkInRefused(_("This walk-in farmer was already settled."))
    return walk_in


@transaction.atomic
def walk_in_add(*, walk_in: WalkIn, member_code: str, by) -> Farmer:
    """A new member of the group's roster, from what the trainer recorded."""
    walk_in = _pending(walk_in)
    member_code = member_code.strip()
    if not member_code:
        raise WalkInRefused(_("Give the member code the group gives this farmer."))
    session = walk_in.session
    consent_date = session.date if walk_in.consent_given else None
    try:
        with transaction.atomic():
            farmer = Farmer.objects.create(
                group_id=session.group_id,
                member_code=member_code,
                name=walk_in.name,
                gender=walk_in.gender,
                birth_year=walk_in.birth_year,
                consent_given=walk_in.consent_given,
                consent_date=consent_date,
            )
    except IntegrityError:
        raise WalkInRefused(
            _("The member code %(code)s is already on the group's roster.") % {"code": member_code}
        ) from None
    if walk_in.consent_given:
        FarmerConsent.objects.create(
            farmer=farmer,
            text=consent_text_current(
                country_id=session.group.country_id, language=session.language
            ),
            given_on=consent_date,
            recorded_by=session.recorded_by,
        )
    _attend(walk_in, farmer)
    _settle(walk_in, farmer, WalkInStatus.ADDED, by)
    return farmer


@transaction.atomic
def walk_in_merge(*, walk_in: WalkIn, farmer: Farmer, by) -> None:
    """The walk-in was a farmer on the roster after all: the attendance goes to them."""
    walk_in = _pending(walk_in)
    if farmer.group_id != walk_in.session.group_id or farmer.erased_at:
        raise WalkInRefused(_("Choose a farmer of the session's group."))
    _attend(walk_in, farmer)
    _settle(walk_in, farmer, WalkInStatus.MERGED, by)


def _settle(walk_in, farmer, status, by) -> None:
    walk_in.status, walk_in.farmer, walk_in.resolved_by = status, farmer, by
    walk_in.resolved_at = timezone.now()
    # The walk-in's own copy of the name is not kept twice: the roster holds it now.
    walk_in.name = ""
    walk_in.save()
