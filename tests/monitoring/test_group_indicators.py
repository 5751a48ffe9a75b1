"""Levels, improvement plans, adaptation coverage and needs answered, against hand-worked
figures on a small fixture (issue 8, point 1)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale

from adaptation.services import module_adapt
from modules.factories import TrainingModulePageFactory
from monitoring.indicators import (
    Scope,
    adaptation_coverage,
    groups_by_level,
    improvement_items_on_time,
    priority_needs_covered,
)
from organisation_levels.factories import (
    ImprovementCycleFactory,
    ImprovementItemFactory,
    ProducerGroupFactory,
)
from organisation_levels.models import ImprovementItem, LevelAssessment, Rubric
from reference.models import Commodity, Country, NeedArea, OrganisationLevel, Theme
from training_delivery.factories import TrainingSessionFactory
from training_delivery.models import SessionModule
from training_plans.factories import (
    NeedRatingFactory,
    NeedsAssessmentFactory,
    RiskAssessmentFactory,
    RiskRatingFactory,
)

YEAR = Scope(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
STATUS = ImprovementItem.Status


def level(slug):
    return OrganisationLevel.objects.get(slug=slug)


def assess(group, slug, *, confirmed_on=None, submitted=False):
    """A level assessment confirmed at noon of `confirmed_on` (or only submitted)."""
    return LevelAssessment.objects.create(
        group=group,
        rubric=Rubric.objects.first(),
        answers={},
        level=level(slug),
        status=LevelAssessment.Status.SUBMITTED if submitted else LevelAssessment.Status.CONFIRMED,
        confirmed_at=None
        if submitted
        else timezone.make_aware(datetime.datetime.combine(confirmed_on, datetime.time(12))),
    )


@pytest.fixture
def groups(backpack):
    """Ghana: Ashanti (cocoa) moves Low → Moderate in 2026; Bono stays Moderate (a later
    Adequate is only submitted, another confirmed in 2027); Volta was never assessed.
    Vietnam: Dak Lak is first assessed (Low) in 2026."""
    ashanti = ProducerGroupFactory(name="Ashanti")
    ashanti.commodities.add(Commodity.objects.get(slug="cocoa"))
    ashanti.save()
    bono = ProducerGroupFactory(name="Bono")
    volta = ProducerGroupFactory(name="Volta")
    dak_lak = ProducerGroupFactory(
        name="Dak Lak", country=Country.objects.get(slug="vietnam"), region="Dak Lak"
    )
    assess(ashanti, "low", confirmed_on=datetime.date(2025, 6, 1))
    assess(ashanti, "moderate", confirmed_on=datetime.date(2026, 5, 1))
    assess(bono, "moderate", confirmed_on=datetime.date(2025, 3, 1))
    assess(bono, "adequate", submitted=True)
    assess(bono, "specialized", confirmed_on=datetime.date(2027, 1, 5))
    assess(dak_lak, "low", confirmed_on=datetime.date(2026, 2, 1))
    return {"ashanti": ashanti, "bono": bono, "volta": volta, "dak_lak": dak_lak}


def test_groups_by_level_at_the_periods_end_and_those_that_moved_up(groups):
    figures = groups_by_level(scope=YEAR)

    by_level = {row["level"].slug: row for row in figures["levels"]}
    assert {slug: row["groups"] for slug, row in by_level.items()} == {
        "low": 1,  # Dak Lak
        "moderate": 2,  # Ashanti, Bono
        "adequate": 0,  # Bono's Adequate is not confirmed
        "specialized": 0,  # confirmed after the period
    }
    assert by_level["moderate"]["moved_up_to"] == 1  # Ashanti
    assert by_level["low"]["groups_at_start"] == 1  # Ashanti, at the start
    assert figures["moved_up"] == 1
    assert figures["first_assessed"] == 1  # Dak Lak had no level to move from
    assert figures["not_assessed"] == 1  # Volta
    assert figures["total"] == 4
    low, moderate = level("low").pk, level("moderate").pk
    assert sorted(
        (row["from"] or 0, row["to"] or 0, row["groups"]) for row in figures["progression"]
    ) == sorted([(low, moderate, 1), (moderate, moderate, 1), (0, low, 1), (0, 0, 1)])


def test_the_level_filter_keeps_the_groups_at_that_level_at_the_periods_end(groups):
    moderate = Scope(start=YEAR.start, end=YEAR.end, level_ids=(level("moderate").pk,))
    for group in groups.values():
        TrainingSessionFactory(group=group, date=datetime.date(2026, 10, 1))

    assert set(moderate.groups()) == {groups["ashanti"], groups["bono"]}
    assert {s.group for s in moderate.sessions()} == {groups["ashanti"], groups["bono"]}
    assert groups_by_level(scope=moderate)["total"] == 2


@pytest.fixture
def plan_items(groups):
    """Items due in 2026: see each line's note. Today is 24 November 2026."""
    cycle = ImprovementCycleFactory(group=groups["ashanti"], status="closed")
    next_cycle = ImprovementCycleFactory(group=groups["ashanti"], number=2)

    def item(due, status, completed=None, cycle=cycle):
        ImprovementItemFactory(cycle=cycle, due_date=due, status=status, completed_on=completed)

    item(datetime.date(2026, 3, 31), STATUS.DONE, datetime.date(2026, 3, 1))  # on time
    item(datetime.date(2026, 4, 30), STATUS.DONE, datetime.date(2026, 5, 10))  # late
    item(datetime.date(2026, 2, 1), STATUS.TO_DO)  # overdue
    item(datetime.date(2026, 12, 15), STATUS.IN_PROGRESS)  # not yet due
    item(datetime.date(2026, 3, 1), STATUS.DROPPED)  # not counted
    # Carried into the next cycle, where its copy was done on time: judged once, by the copy.
    item(datetime.date(2026, 6, 1), STATUS.CARRIED_OVER)
    item(datetime.date(2026, 6, 1), STATUS.DONE, datetime.date(2026, 5, 20), cycle=next_cycle)
    item(datetime.date(2025, 12, 1), STATUS.DONE, datetime.date(2025, 11, 1))  # last year
    in_vietnam = ImprovementCycleFactory(group=groups["dak_lak"])
    item(datetime.date(2026, 7, 1), STATUS.DONE, datetime.date(2026, 6, 20), cycle=in_vietnam)


def test_improvement_items_done_by_their_due_date(plan_items, groups):
    today = datetime.date(2026, 11, 24)

    # On time: 3 of the 5 items already due (the one due in December is not yet).
    assert improvement_items_on_time(scope=YEAR, today=today) == {
        "due": 6,
        "done_on_time": 3,
        "done_late": 1,
        "overdue": 1,
        "not_yet_due": 1,
        "percent_on_time": 60.0,
    }
    ghana = Scope(start=YEAR.start, end=YEAR.end, country_ids=(groups["ashanti"].country_id,))
    figures = improvement_items_on_time(scope=ghana, today=today)
    assert (figures["due"], figures["done_on_time"], figures["percent_on_time"]) == (5, 2, 50.0)


@pytest.fixture
def delivered(groups, backpack, ghana_platform_member):
    """Two backpack modules: PO-01 (tagged with yields) and QM-01 (tagged deforestation).

    PO-01 is translated into Vietnamese; QM-01 is adapted for Ghana. In 2026 Ashanti is
    taught PO-01 in Vietnamese (a translation counts as its original), and Bono the Ghana
    adaptation of QM-01.
    """
    yields = NeedArea.objects.get(slug="yields-food-security")
    deforestation = NeedArea.objects.get(slug="deforestation")
    po = TrainingModulePageFactory(parent=backpack, code="PO-01", need_areas=[yields], themes=[])
    qm = TrainingModulePageFactory(
        parent=backpack, code="QM-01", need_areas=[deforestation], themes=[]
    )
    for page in (po, qm):
        page.save_revision().publish()
    vietnamese = Locale.objects.get(language_code="vi")
    po_in_vietnamese = po.copy_for_translation(vietnamese, copy_parents=True)
    po_in_vietnamese.save_revision().publish()
    ghana, vietnam = Country.objects.get(slug="ghana"), Country.objects.get(slug="vietnam")
    ghana.languages.set([Locale.objects.get(language_code="en")])
    vietnam.languages.set([vietnamese])
    adapted = module_adapt(source=qm, country=ghana, user=ghana_platform_member)
    adapted.save_revision().publish()

    for group, page in ((groups["ashanti"], po_in_vietnamese), (groups["bono"], adapted)):
        session = TrainingSessionFactory(group=group, date=datetime.date(2026, 9, 1))
        SessionModule.objects.create(session=session, module=page)
    return {"yields": yields, "deforestation": deforestation}


def test_adaptation_and_translation_coverage_per_country(delivered):
    rows = {row["country"].slug: row for row in adaptation_coverage(scope=YEAR)}

    ghana = rows["ghana"]
    assert (ghana["backpack_modules"], ghana["adapted"], ghana["percent_adapted"]) == (2, 1, 50.0)
    assert [(lang["code"], lang["modules"]) for lang in ghana["languages"]] == [("en", 2)]
    vietnam = rows["vietnam"]
    assert (vietnam["adapted"], vietnam["percent_adapted"]) == (0, 0.0)
    assert [(lang["code"], lang["modules"], lang["percent"]) for lang in vietnam["languages"]] == [
        ("vi", 1, 50.0)
    ]


def test_high_priority_needs_and_risks_answered_by_delivered_training(delivered, groups):
    """Ghana's latest national assessment rates yields 5, a theme 4, agricultural practices
    3; an older one rated another theme, and no longer counts. Bono rates yields 4. Risks:
    deforestation is high for Ashanti and for the Ashanti region.

    Answered: national yields (PO-01 reached Ashanti, a Ghana group); the Ashanti region's
    deforestation (QM-01 reached Bono, in that region). Not answered: Bono's own yields
    (PO-01 went to Ashanti), the theme (no module), Ashanti's own deforestation (QM-01 went
    to Bono)."""
    theme = Theme.objects.first()
    old = NeedsAssessmentFactory(assessed_on=datetime.date(2025, 2, 1))
    NeedRatingFactory(assessment=old, need_area=None, theme=Theme.objects.last(), priority=5)
    national = NeedsAssessmentFactory()
    NeedRatingFactory(assessment=national, need_area=delivered["yields"], priority=5)
    NeedRatingFactory(assessment=national, need_area=None, theme=theme, priority=4)
    NeedRatingFactory(
        assessment=national,
        need_area=NeedArea.objects.get(slug="agricultural-practices"),
        priority=3,
    )
    bono = NeedsAssessmentFactory(group=groups["bono"])
    NeedRatingFactory(assessment=bono, need_area=delivered["yields"], priority=4)
    for assessment in (
        RiskAssessmentFactory(group=groups["ashanti"]),
        RiskAssessmentFactory(group=None, region="ashanti"),  # the region, written loosely
    ):
        RiskRatingFactory(
            assessment=assessment, core_risk=delivered["deforestation"], likelihood=5, severity=4
        )

    figures = priority_needs_covered(scope=YEAR)

    assert figures["needs"] == {"rated": 3, "covered": 1, "percent": 33.3}
    assert figures["risks"] == {"rated": 2, "covered": 1, "percent": 50.0}
    assert (figures["rated"], figures["covered"], figures["percent"]) == (5, 2, 40.0)
    assert {(s["subject"], s["rated"], s["covered"]) for s in figures["subjects"]} == {
        (delivered["yields"].name, 2, 1),
        (delivered["deforestation"].name, 2, 1),
        (theme.name, 1, 0),
    }

    only_bono = Scope(start=YEAR.start, end=YEAR.end, group_ids=(groups["bono"].pk,))
    figures = priority_needs_covered(scope=only_bono)
    assert (figures["rated"], figures["covered"]) == (1, 0)  # its own yields need only

    next_year = Scope(start=datetime.date(2027, 1, 1), end=datetime.date(2027, 12, 31))
    assert priority_needs_covered(scope=next_year)["covered"] == 0  # nothing delivered then
    # A year before any of these assessments: none of them was known yet.
    assert (
        priority_needs_covered(
            scope=Scope(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
        )["rated"]
        == 0
    )


def test_each_group_indicator_is_a_fixed_number_of_queries(
    delivered, plan_items, django_assert_num_queries
):
    with django_assert_num_queries(2):
        groups_by_level(scope=YEAR)
    with django_assert_num_queries(1):
        improvement_items_on_time(scope=YEAR)
    with django_assert_num_queries(6):
        priority_needs_covered(scope=YEAR)
    with django_assert_num_queries(9):
        adaptation_coverage(scope=YEAR)


def test_a_module_counts_once_whatever_language_or_adaptation_taught_it(delivered, groups):
    """PO-01 went out in Vietnamese and now in its English original; QM-01 as Ghana's
    adaptation and now as the original too: four deliveries of two modules."""
    from modules.models import TrainingModulePage
    from monitoring.indicators import modules_delivered

    session = TrainingSessionFactory(group=groups["volta"], date=datetime.date(2026, 9, 2))
    for code in ("PO-01", "QM-01"):
        original = TrainingModulePage.objects.get(code=code, locale__language_code="en")
        SessionModule.objects.create(session=session, module=original)

    assert modules_delivered(scope=YEAR) == {"deliveries": 4, "modules": 2}
