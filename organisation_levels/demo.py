"""A producer group with a short history, so `make demo` shows the group pages filled in."""

import datetime

from django.db import transaction
from django.utils import timezone

from organisation_levels.models import (
    CountryPerson,
    ImprovementCycle,
    ImprovementItem,
    LevelAssessment,
    ProducerGroup,
)
from organisation_levels.scoring import rubric_questions
from organisation_levels.selectors import active_rubric
from organisation_levels.services import assessment_confirm, assessment_submit
from reference.models import Commodity, Country

DEMO_GROUP_NAME = "Asante Cocoa Farmers' Cooperative"


@transaction.atomic
def demo_group_ensure(*, manager, assessor, viewer) -> ProducerGroup:
    """The demo group in Ghana, managed by `manager`; Ghana granted to `viewer`.

    Made once: running the command again leaves what people changed in the demo alone.
    """
    ghana = Country.objects.get(slug="ghana")
    ghana.monitoring_viewers.add(viewer)
    group, created = ProducerGroup.objects.get_or_create(
        country=ghana,
        name=DEMO_GROUP_NAME,
        defaults={
            "region": "Ashanti",
            "members_women": 46,
            "members_men": 71,
            "year_formed": 2011,
            "contact_name": "Akosua Boateng",
            "contact_phone": "+233 20 000 0000",
        },
    )
    group.managers.add(manager)
    group.save()
    CountryPerson.objects.get_or_create(country=ghana, person=manager)
    if not created:
        return group
    group.commodities.add(Commodity.objects.originals().get(slug="cocoa"))
    group.save()

    rubric = active_rubric()
    questions = list(rubric_questions(rubric))
    today = timezone.localdate()
    # A year ago every answer was the weakest; now every answer moved up one option.
    for choice, days_ago in [(0, 365), (1, 30)]:
        assessment = assessment_submit(
            group=group,
            answers={question_id: choice for question_id in questions},
            submitted_by=manager,
        )
        assessment_confirm(assessment=assessment, assessor=assessor)
        when = timezone.now() - datetime.timedelta(days=days_ago)
        LevelAssessment.objects.filter(pk=assessment.pk).update(
            submitted_at=when, confirmed_at=when
        )

    cycle = ImprovementCycle.objects.create(
        group=group,
        number=1,
        title=f"{today.year} quality plan",
        starts_on=today - datetime.timedelta(days=60),
        review_on=today + datetime.timedelta(days=120),
    )
    for stage, description, owner, due_in_days, status in [
        ("plan", "Agree the internal inspection checklist", "Secretary", -40, "done"),
        ("do", "Inspect every member farm once", "Internal inspectors", -5, "in_progress"),
        ("do", "Keep sales records in the group register", "Treasurer", 30, "to_do"),
        ("check", "Compare inspection results with last year", "Committee", 90, "to_do"),
    ]:
        ImprovementItem.objects.create(
            cycle=cycle,
            stage=stage,
            description=description,
            owner=owner,
            due_date=today + datetime.timedelta(days=due_in_days),
            status=status,
            completed_on=today - datetime.timedelta(days=41) if status == "done" else None,
        )
    return group
