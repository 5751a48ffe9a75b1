"""Every delivery indicator against figures worked out by hand on a small fixture."""

import datetime

import pytest

from monitoring.indicators import (
    Scope,
    farmers_reached,
    knowledge_gain,
    modules_delivered,
    sessions_by_method,
)
from organisation_levels.factories import ProducerGroupFactory
from reference.models import Commodity, Country
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Attendance, SessionModule

YEAR = Scope(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


@pytest.fixture
def field_year(backpack):
    """Ghana: two sessions with a roster, one counted by heads; Vietnam: one session.

    Farmers (birth year → age at the end of 2026): Ama F 1990 (36), Kofi M 1960 (66),
    Esi F no year. Ama attends both roster sessions; Kofi the first only.
    """
    from modules.factories import TrainingModulePageFactory

    po, qm = (TrainingModulePageFactory(parent=backpack, code=code) for code in ("PO-01", "QM-01"))
    ghana = ProducerGroupFactory(name="Ashanti")
    ghana.commodities.add(Commodity.objects.get(slug="cocoa"))
    ghana.save()
    vietnam = ProducerGroupFactory(name="Dak Lak", country=Country.objects.get(slug="vietnam"))
    ama = FarmerFactory(group=ghana, gender="female", birth_year=1990)
    kofi = FarmerFactory(group=ghana, gender="male", birth_year=1960)
    esi = FarmerFactory(group=vietnam, gender="female", birth_year=None)

    first = TrainingSessionFactory(
        group=ghana,
        date=datetime.date(2026, 3, 2),
        method="farmer-field-school",
        starts_at=datetime.time(9),
        ends_at=datetime.time(11, 30),
        women_count=None,
        men_count=None,
    )
    second = TrainingSessionFactory(
        group=ghana,
        date=datetime.date(2026, 6, 1),
        method="workshop",
        starts_at=datetime.time(14),
        ends_at=datetime.time(15),
        women_count=None,
        men_count=None,
    )
    counted = TrainingSessionFactory(
        group=ghana,
        date=datetime.date(2026, 7, 1),
        method="workshop",
        starts_at=datetime.time(8),
        ends_at=datetime.time(10),
        women_count=6,
        men_count=4,
    )
    in_vietnam = TrainingSessionFactory(
        group=vietnam,
        date=datetime.date(2026, 8, 1),
        method="one-to-one",
        starts_at=datetime.time(10),
        ends_at=datetime.time(10, 45),
        women_count=None,
        men_count=None,
    )
    TrainingSessionFactory(group=ghana, date=datetime.date(2025, 12, 31))  # last year
    Attendance.objects.create(session=first, farmer=ama, pre_score=40, post_score=70)
    Attendance.objects.create(session=first, farmer=kofi, pre_score=50, post_score=60)
    Attendance.objects.create(session=second, farmer=ama, pre_score=None, post_score=90)
    Attendance.objects.create(session=in_vietnam, farmer=esi, pre_score=20, post_score=50)
    for session, module in [(first, po), (second, po), (second, qm), (counted, qm)]:
        SessionModule.objects.create(session=session, module=module)
    return {"ghana": ghana, "vietnam": vietnam}


def test_farmers_reached_are_counted_once_by_gender_and_age_band(field_year):
    figures = farmers_reached(scope=YEAR)

    assert figures["unique_farmers"] == 3  # Ama twice is one farmer
    assert figures["by_gender"] == {"female": 2, "male": 1}
    assert figures["by_age_band"] == {"35-44": 1, "55-plus": 1, "unknown": 1}
    assert figures["head_counts"] == {"women": 6, "men": 4, "other": 0}


def test_sessions_and_hours_by_method(field_year):
    assert sessions_by_method(scope=YEAR) == {
        "farmer-field-school": {"sessions": 1, "hours": 2.5},
        "one-to-one": {"sessions": 1, "hours": 0.75},
        "workshop": {"sessions": 2, "hours": 3.0},
    }


def test_modules_delivered(field_year):
    assert modules_delivered(scope=YEAR) == {"deliveries": 4, "modules": 2}


def test_knowledge_gain_over_farmers_with_both_scores(field_year):
    # (70-40) + (60-50) + (50-20) = 70 over 3 farmers with both scores.
    assert knowledge_gain(scope=YEAR) == {
        "attendances_scored": 3,
        "average_pre": round((40 + 50 + 20) / 3, 1),
        "average_post": 60.0,
        "average_gain": round(70 / 3, 1),
    }


def test_filters_by_country_commodity_and_group(field_year):
    ghana = Scope(start=YEAR.start, end=YEAR.end, country_ids=(field_year["ghana"].country_id,))
    cocoa = Scope(
        start=YEAR.start,
        end=YEAR.end,
        commodity_ids=(Commodity.objects.get(slug="cocoa").pk,),
    )
    vietnam_group = Scope(start=YEAR.start, end=YEAR.end, group_ids=(field_year["vietnam"].pk,))

    assert farmers_reached(scope=ghana)["unique_farmers"] == 2
    assert farmers_reached(scope=cocoa)["unique_farmers"] == 2
    assert sessions_by_method(scope=vietnam_group) == {"one-to-one": {"sessions": 1, "hours": 0.75}}


def test_each_indicator_is_a_fixed_number_of_queries(field_year, django_assert_num_queries):
    with django_assert_num_queries(2):
        farmers_reached(scope=YEAR)
    with django_assert_num_queries(1):
        sessions_by_method(scope=YEAR)
    with django_assert_num_queries(1):
        modules_delivered(scope=YEAR)
    with django_assert_num_queries(1):
        knowledge_gain(scope=YEAR)
