"""Internal inspections and what follows from them (issue 21, points 3 and 4).

What applies to a group: the control points covering requirements of the active
catalogues of the standards the group is certified for, for a member or for the group,
from the group's current organisation level up. An inspection records one finding per
control point; each finding not met opens a non-conformity with the sanction and
deadline of the group's rules (or the default ones). The approved-member list follows
from the open non-conformities: a suspension takes a member off, a conditional sanction
makes them conditional, a warning leaves them approved.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from internal_control.links import non_conformity_improvement_item
from internal_control.models import (
    DEFAULT_SANCTIONS,
    AppliesTo,
    ControlPoint,
    Finding,
    Inspection,
    NonConformity,
    RequirementCatalogue,
    Sanction,
    SanctionRule,
)
from organisation_levels.models import ProducerGroup
from organisation_levels.selectors import group_current_level
from training_delivery.models import Farmer


def control_points_for(*, group: ProducerGroup, applies_to: str) -> list[ControlPoint]:
    """The control points an inspection of this group (or of one of its members) covers.

    A group not assessed yet counts as the lowest level: requirements that apply only
    from a higher level are not inspected until its level says so.
    """
    level = group_current_level(group=group)
    rank = level.rank if level is not None else 1
    catalogues = RequirementCatalogue.objects.filter(
        standard__in=group.certifications.values("standard"),
        status=RequirementCatalogue.Status.ACTIVE,
    )
    # One filter() call, so both conditions hold for the same requirement.
    return list(
        ControlPoint.objects.filter(
            Q(requirements__from_level__isnull=True) | Q(requirements__from_level__rank__lte=rank),
            applies_to=applies_to,
            requirements__catalogue__in=catalogues,
        )
        .distinct()
        .order_by("code")
    )


@dataclass
class FindingIn:
    control_point: str  # code
    result: str
    note: str = ""


@dataclass
class InspectionIn:
    id: object  # uuid.UUID
    group_id: int
    member_code: str  # "" for the group itself
    inspected_on: datetime.date
    acknowledged: bool = False
    acknowledged_by: str = ""
    notes: str = ""
    findings: list[FindingIn] = field(default_factory=list)


@dataclass
class InspectionResult:
    status: str  # "accepted", "already_known", "refused"
    errors: dict = field(default_factory=dict)
    non_conformities: int = 0


def inspection_record(*, user, data: InspectionIn) -> InspectionResult:
    """Check one inspection and store it with its findings and non-conformities, or
    refuse it naming each field; an id already stored is "already known"."""
    group = ProducerGroup.objects.changeable_by(user).filter(pk=data.group_id).first()
    if group is None:
        # Another country's group, or one this person does not keep: not revealed.
        return InspectionResult("refused", {"group": [_("You do not inspect this group.")]})
    # After the permission check, so an id says nothing to someone outside the group.
    if Inspection.objects.filter(pk=data.id).exists():
        return InspectionResult("already_known")
    errors: dict[str, list[str]] = {}
    farmer = None
    if data.member_code:
        farmer = (
            Farmer.objects.on_roster().filter(group=group, member_code=data.member_code).first()
        )
        if farmer is None:
            errors["member_code"] = [
                _("%(code)s is not on this group's roster.") % {"code": data.member_code}
            ]
    if data.inspected_on > timezone.localdate():
        errors["inspected_on"] = [_("The inspection date cannot be in the future.")]
    if data.acknowledged and not data.acknowledged_by.strip():
        errors["acknowledged_by"] = [_("Write who acknowledged the findings.")]
    applies_to = AppliesTo.MEMBER if data.member_code else AppliesTo.GROUP
    points = {point.code: point for point in control_points_for(group=group, applies_to=applies_to)}
    seen = set()
    finding_errors = []
    for index, finding in enumerate(data.findings, 1):
        if finding.control_point not in points:
            finding_errors.append(
                _(
                    "Finding %(number)s: %(code)s is not a control point of this group's "
                    "inspections."
                )
                % {"number": index, "code": finding.control_point}
            )
        elif finding.control_point in seen:
            finding_errors.append(
                _("Finding %(number)s: %(code)s is given twice.")
                % {"number": index, "code": finding.control_point}
            )
        if finding.result not in Finding.Result.values:
            finding_errors.append(
                _("Finding %(number)s: the result must be met, not met or not applicable.")
                % {"number": index}
            )
        seen.add(finding.control_point)
    if not data.findings:
        finding_errors.append(_("An inspection needs at least one finding."))
    if finding_errors:
        errors["findings"] = finding_errors
    if errors:
        return InspectionResult("refused", errors)
    try:
        opened = _store(user=user, group=group, farmer=farmer, data=data, points=points)
    except IntegrityError:
        # The same inspection arrived twice at once: the other request stored it.
        return InspectionResult("already_known")
    return InspectionResult("accepted", non_conformities=opened)


def sanction_for(*, group: ProducerGroup, severity: str) -> tuple[str, int]:
    rule = SanctionRule.objects.filter(group=group, severity=severity).first()
    if rule is not None:
        return rule.sanction, rule.days_to_correct
    return DEFAULT_SANCTIONS[severity]


@transaction.atomic
def _store(*, user, group, farmer, data: InspectionIn, points) -> int:
    inspection = Inspection.objects.create(
        id=data.id,
        group=group,
        farmer=farmer,
        inspector=user,
        inspected_on=data.inspected_on,
        acknowledged=data.acknowledged,
        acknowledged_by=data.acknowledged_by.strip()[:150],
        notes=data.notes,
    )
    opened = 0
    for item in data.findings:
        point = points[item.control_point]
        finding = Finding.objects.create(
            inspection=inspection, control_point=point, result=item.result, note=item.note
        )
        if item.result == Finding.Result.NOT_MET:
            sanction, days = sanction_for(group=group, severity=point.severity)
            non_conformity = NonConformity.objects.create(
                finding=finding,
                group=group,
                farmer=farmer,
                severity=point.severity,
                sanction=sanction,
                corrective_action=item.note or point.what_to_check,
                deadline=data.inspected_on + datetime.timedelta(days=days),
            )
            # It becomes (or joins) an item of the group's improvement plan (point 5).
            non_conformity_improvement_item(non_conformity=non_conformity, user=user)
            opened += 1
    return opened


@transaction.atomic
def non_conformity_close(*, non_conformity: NonConformity, user, evidence: str) -> NonConformity:
    if not ProducerGroup.objects.changeable_by(user).filter(pk=non_conformity.group_id).exists():
        raise PermissionDenied
    if non_conformity.status != NonConformity.Status.OPEN:
        # A second submit of a stale page must not rewrite who closed it, when, and why.
        raise ValueError(_("This non-conformity is already closed."))
    if not evidence.strip():
        raise ValueError(_("Say what showed the correction was made."))
    non_conformity.status = NonConformity.Status.CLOSED
    non_conformity.closed_on = timezone.localdate()
    non_conformity.evidence = evidence.strip()
    non_conformity.closed_by = user
    non_conformity.save()
    return non_conformity


APPROVED, CONDITIONAL, SUSPENDED = "approved", "conditional", "suspended"


@dataclass
class MemberStatus:
    farmer: Farmer
    status: str
    open_non_conformities: list[NonConformity]
    last_inspected_on: datetime.date | None


def approved_member_list(*, group: ProducerGroup) -> list[MemberStatus]:
    """Every member on the roster with their status, from their open non-conformities."""
    open_ncs: dict[int, list[NonConformity]] = {}
    for nc in (
        NonConformity.objects.filter(group=group, status=NonConformity.Status.OPEN)
        .exclude(farmer=None)
        .select_related("finding__control_point")
    ):
        open_ncs.setdefault(nc.farmer_id, []).append(nc)
    last = {}
    for farmer_id, day in (
        Inspection.objects.filter(group=group)
        .exclude(farmer=None)
        .values_list("farmer_id", "inspected_on")
    ):
        last[farmer_id] = max(day, last.get(farmer_id, day))
    members = []
    for farmer in Farmer.objects.on_roster().filter(group=group).order_by("member_code"):
        ncs = open_ncs.get(farmer.pk, [])
        sanctions = {nc.sanction for nc in ncs}
        if Sanction.SUSPENSION in sanctions:
            status = SUSPENDED
        elif Sanction.CONDITIONAL in sanctions:
            status = CONDITIONAL
        else:
            status = APPROVED
        members.append(MemberStatus(farmer, status, ncs, last.get(farmer.pk)))
    return members
