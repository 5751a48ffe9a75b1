"""Needs, risks and a training plan for the demo group, so `make demo` shows them filled in."""

import datetime

from django.db import transaction
from django.utils import timezone

from reference.models import NeedArea, Theme
from training_plans.models import NeedRating, NeedsAssessment, RiskAssessment, RiskRating
from training_plans.services import training_plan_create


@transaction.atomic
def demo_needs_and_plan_ensure(*, group, platform_member) -> None:
    """Made once, with the group: running the command again changes nothing."""
    if NeedsAssessment.objects.filter(country=group.country).exists():
        return
    today = timezone.localdate()
    national = NeedsAssessment.objects.create(
        country=group.country,
        assessed_on=today - datetime.timedelta(days=200),
        source="SCAN national needs assessment",
        stakeholders="Cocoa board, extension services, 12 cooperatives",
        created_by=platform_member,
    )
    for slug, priority in [("agricultural-practices", 4), ("livelihoods-institutions", 3)]:
        NeedRating.objects.create(
            assessment=national,
            need_area=NeedArea.objects.originals().get(slug=slug),
            priority=priority,
        )
    consultation = NeedsAssessment.objects.create(
        country=group.country,
        group=group,
        assessed_on=today - datetime.timedelta(days=45),
        source="Field consultation with the members",
        stakeholders="46 women and 71 men members, the committee",
        created_by=platform_member,
    )
    NeedRating.objects.create(
        assessment=consultation,
        theme=Theme.objects.originals().get(slug="post-harvest-quality"),
        priority=5,
        notes="Beans rejected at the buying centre for mould.",
    )
    risks = RiskAssessment.objects.create(
        country=group.country,
        group=group,
        region=group.region,
        assessed_on=today - datetime.timedelta(days=40),
        source="Field visit and Global Forest Watch alerts",
        created_by=platform_member,
    )
    for slug, likelihood, severity, mitigation in [
        ("deforestation", 4, 4, "Farm boundaries mapped for half of the members."),
        ("labour-rights", 2, 4, ""),
        ("land-rights", 2, 2, ""),
    ]:
        RiskRating.objects.create(
            assessment=risks,
            core_risk=NeedArea.objects.originals().get(slug=slug),
            likelihood=likelihood,
            severity=severity,
            existing_mitigation=mitigation,
        )
    training_plan_create(
        group=group,
        user=platform_member,
        title=f"{today.year + 1} training plan",
        starts_on=datetime.date(today.year + 1, 1, 1),
        ends_on=datetime.date(today.year + 1, 12, 31),
        currency="GHS",
    )
