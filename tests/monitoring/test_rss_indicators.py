"""The dashboard counts grievances, consultation attendance by gender and the action plans'
actions (issue 20, points 5 and 6), in a fixed number of queries."""

import datetime

import pytest

from consultation.models import Conclusion, ConsultationEvent, Grievance
from monitoring.indicators import Scope
from monitoring.rss_indicators import (
    actions_and_reviews,
    consultation_attendance,
    grievances_counted,
)
from monitoring.tables import dashboard_tables, figures_for
from organisation_levels.factories import ProducerGroupFactory
from reference.models import Country
from training_plans.factories import TrainingPlanFactory
from training_plans.models import ActionReview, PlanAction, PlanReview

pytestmark = pytest.mark.django_db
YEAR = Scope(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


@pytest.fixture
def rss_year():
    ghana_group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    vietnam = Country.objects.get(slug="vietnam")
    vietnam_group = ProducerGroupFactory(name="Dak Lak coffee group", country=vietnam)
    for group, women, men in ((ghana_group, 12, 9), (vietnam_group, 4, 6)):
        event = ConsultationEvent.objects.create(
            country=group.country,
            group=group,
            place="Hall",
            purpose="Risks",
            held_on=datetime.date(2026, 3, 1),
            women=women,
            men=men,
            other_attendees=1,
        )
        Conclusion.objects.create(event=event, text="Map plots", validated=True)
        Conclusion.objects.create(event=event, text="Fence the reserve", validated=False)
    for status, category in (("received", "land"), ("closed", "land"), ("under_review", "labour")):
        Grievance.objects.create(
            country=ghana_group.country,
            group=ghana_group,
            channel="phone",
            category=category,
            description="…",
            received_on=datetime.date(2026, 5, 1),
            status=status,
            response="Done" if status == "closed" else "",
            responded_on=datetime.date(2026, 5, 9) if status == "closed" else None,
        )
    plan = TrainingPlanFactory(
        group=ghana_group, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    done = PlanAction.objects.create(
        plan=plan, kind="support", title="Savings", owner="ICS", indicator="x", status="done"
    )
    PlanAction.objects.create(plan=plan, kind="mitigation", title="Map", owner="ICS", indicator="x")
    review = PlanReview.objects.create(plan=plan, year=2026)
    ActionReview.objects.create(review=review, action=done, effectiveness="effective")
    return ghana_group, vietnam


def test_the_figures_count_without_showing_rows(rss_year, django_assert_num_queries):
    _ghana_group, vietnam = rss_year
    with django_assert_num_queries(1):
        grievances = grievances_counted(scope=YEAR)
    assert (grievances["open"], grievances["closed"], grievances["received"]) == (2, 1, 3)
    assert grievances["by_category"]["land"] == {"open": 1, "closed": 1}
    with django_assert_num_queries(2):
        attendance = consultation_attendance(scope=YEAR)
    assert attendance == {
        "events": 2,
        "women": 16,
        "men": 15,
        "other": 2,
        "conclusions": 4,
        "validated": 2,
    }
    in_vietnam = consultation_attendance(
        scope=Scope(YEAR.start, YEAR.end, country_ids=(vietnam.pk,))
    )
    assert (in_vietnam["women"], in_vietnam["men"]) == (4, 6)
    with django_assert_num_queries(2):
        actions = actions_and_reviews(scope=YEAR)
    assert actions["by_kind_and_status"] == {"support": {"done": 1}, "mitigation": {"planned": 1}}
    assert actions["effectiveness"] == {"effective": 1}


def test_the_dashboard_has_their_tables(rss_year):
    tables = {table.key: table for table in dashboard_tables(figures_for(scope=YEAR))}
    assert tables["grievances"].footer == [["Total", 2, 1]]
    assert ["Women attending", 16] in tables["consultation"].rows
    assert tables["plan-actions"].rows[0][0] == "Mitigation of a risk"
