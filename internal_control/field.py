"""What the field app needs for internal inspections (issue 21, point 3), and the photos
it sends with them.

Kept apart from inspections.py (which checks and stores an inspection) so the field
app's part can change without touching the rules of what is stored.

Who inspects: the group's keepers (its national platform and its managers, among them
the group's internal inspector), as `inspection_record` decides; the phone is told the
same groups, so it never offers an inspection the server would refuse for its group.
"""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from internal_control.models import (
    AppliesTo,
    ControlPoint,
    Inspection,
    InspectionPhoto,
    Requirement,
    RequirementCatalogue,
)
from organisation_levels.evidence import upload_problem
from organisation_levels.models import GroupCertification, LevelAssessment, ProducerGroup
from training_delivery.models import Farmer, age_band
from training_delivery.services import (
    MAX_PHOTO_BYTES,
    PHOTO_EXTENSIONS,
    PhotoRefused,
    _decodes_as_image,
)

MAX_PHOTOS_PER_INSPECTION = 10


def _point_row(point) -> dict:
    return {
        "code": point.code,
        "title": point.title,
        "what_to_check": point.what_to_check,
        "severity": point.severity,
    }


def _points_by_group(groups) -> dict[int, dict[str, list[ControlPoint]]]:
    """For each group, the control points of a member's and of the group's inspection:
    the rule of `inspections.control_points_for`, read for every group at once (four
    queries however many groups a national platform keeps)."""
    group_ids = [group.pk for group in groups]
    # The latest confirmed assessment gives the level; none yet counts as the lowest.
    rank = {}
    for group_id, level_rank in (
        LevelAssessment.objects.filter(group__in=group_ids, status=LevelAssessment.Status.CONFIRMED)
        .order_by("group_id", "-submitted_at", "-pk")
        .values_list("group_id", "level__rank")
    ):
        rank.setdefault(group_id, level_rank)
    standards: dict[int, set[int]] = {}
    for group_id, standard_id in GroupCertification.objects.filter(group__in=group_ids).values_list(
        "group_id", "standard_id"
    ):
        standards.setdefault(group_id, set()).add(standard_id)
    # What each active catalogue's requirements ask: the standard, from which level, and
    # the control points covering them.
    coverage = Requirement.objects.filter(
        catalogue__status=RequirementCatalogue.Status.ACTIVE, control_points__isnull=False
    ).values_list("catalogue__standard_id", "from_level__rank", "control_points")
    rows = list(coverage)
    points = {point.pk: point for point in ControlPoint.objects.filter(pk__in={r[2] for r in rows})}
    result = {}
    for group in groups:
        group_rank = rank.get(group.pk) or 1
        mine = standards.get(group.pk, set())
        chosen = {
            points[point_id]
            for standard_id, from_rank, point_id in rows
            if standard_id in mine and (from_rank is None or from_rank <= group_rank)
        }
        ordered = sorted(chosen, key=lambda point: point.code)
        result[group.pk] = {
            applies_to: [point for point in ordered if point.applies_to == applies_to]
            for applies_to in (AppliesTo.MEMBER, AppliesTo.GROUP)
        }
    return result


def inspection_setup(*, user) -> dict:
    """The groups `user` inspects, each with the control points of a member's and of the
    group's inspection and the members on its roster.

    Sent whole at each sync: a handful of groups of a few hundred members is tens of
    kilobytes, and a control point that stops applying (a certification ended, a new
    catalogue) must leave the phone at once. Names of members who did not consent stay
    on the server (decision 0023): the phone shows them by code, gender and age band.
    """
    groups = list(
        ProducerGroup.objects.changeable_by(user).select_related("country").order_by("name", "pk")
    )
    year = timezone.localdate().year
    members: dict[int, list[dict]] = {}
    for farmer in (
        Farmer.objects.on_roster()
        .filter(group__in=[group.pk for group in groups])
        .order_by("group_id", "member_code")
    ):
        members.setdefault(farmer.group_id, []).append(
            {
                "id": farmer.pk,
                "member_code": farmer.member_code,
                "name": farmer.shared_name,
                "consent": farmer.consent_given,
                "gender": farmer.gender,
                "age_band": age_band(farmer.birth_year, year),
            }
        )
    points = _points_by_group(groups)
    return {
        "groups": [
            {
                "id": group.pk,
                "name": group.name,
                "country": group.country.name,
                "region": group.region,
                "member_points": [_point_row(p) for p in points[group.pk][AppliesTo.MEMBER]],
                "group_points": [_point_row(p) for p in points[group.pk][AppliesTo.GROUP]],
                "members": members.get(group.pk, []),
            }
            for group in groups
        ]
    }


def inspection_photo_add(
    *, user, inspection_id: uuid.UUID, photo_uuid: uuid.UUID, upload, caption: str = ""
) -> tuple[InspectionPhoto, bool]:
    """Store a photo of an inspection already on the server, as session photos are
    stored (the same checks); (photo, False) when this photo was stored by an earlier try.
    """
    # Someone else's inspection is "not found" like a missing one: nothing is revealed.
    inspection = (
        Inspection.objects.filter(pk=inspection_id)
        .filter(group__in=ProducerGroup.objects.changeable_by(user).values("pk"))
        .first()
    )
    if inspection is None:
        raise PhotoRefused(404, _("The inspection is not on the server yet. Send it first."))
    if len(caption) > 200:
        raise PhotoRefused(400, _("The caption is longer than 200 characters."))
    existing = InspectionPhoto.objects.filter(uuid=photo_uuid).first()
    if existing is not None:
        return _already_stored(existing, inspection)
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused(
            413, _("The photo is larger than 5 MB. The app makes photos smaller; send it again.")
        )
    problem = upload_problem(upload, extensions=PHOTO_EXTENSIONS, max_bytes=MAX_PHOTO_BYTES)
    if problem:
        raise PhotoRefused(400, problem)
    if not _decodes_as_image(upload):
        raise PhotoRefused(400, _("“%(name)s” is damaged or not a photo.") % {"name": upload.name})
    if inspection.photos.count() >= MAX_PHOTOS_PER_INSPECTION:
        raise PhotoRefused(
            400,
            _("An inspection keeps at most %(count)s photos.")
            % {"count": MAX_PHOTOS_PER_INSPECTION},
        )
    photo = InspectionPhoto(uuid=photo_uuid, inspection=inspection, caption=caption)
    extension = upload.name.rsplit(".", 1)[-1].lower()
    try:
        with transaction.atomic():
            photo.file.save(f"photo.{extension}", upload, save=False)
            photo.save()
    except IntegrityError:
        # The same photo, sent twice at once: the other request stored it.
        photo.file.storage.delete(photo.file.name)
        return _already_stored(InspectionPhoto.objects.get(uuid=photo_uuid), inspection)
    return photo, True


def _already_stored(photo, inspection) -> tuple[InspectionPhoto, bool]:
    if photo.inspection_id != inspection.pk:
        raise PhotoRefused(409, _("A photo with this identifier belongs to another inspection."))
    return photo, False
