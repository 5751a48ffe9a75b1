"""The recommendation for a group: which modules, in which order, and why (issue 6, point 2)."""

import datetime

import pytest

from organisation_levels.factories import ProducerGroupFactory
from reference.models import Commodity, Country, NeedArea, Theme
from training_plans.factories import (
    NeedRatingFactory,
    NeedsAssessmentFactory,
    RiskAssessmentFactory,
    RiskRatingFactory,
    TrainingPlanItemFactory,
)
from training_plans.recommendation import group_recommendation

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 12)
APRIL = datetime.date(2026, 4, 20)


@pytest.fixture
def group():
    group = ProducerGroupFactory(name="Asante cocoa farmers", region="Ashanti")
    group.commodities.add(Commodity.objects.get(slug="cocoa"))
    group.save()
    return group


def national(subject_slug, priority, on=MARCH):
    return _rate(NeedsAssessmentFactory(assessed_on=on), subject_slug, priority)


def of_group(group, subject_slug, priority, on=APRIL):
    return _rate(NeedsAssessmentFactory(group=group, assessed_on=on), subject_slug, priority)


def _rate(assessment, slug, priority):
    theme = Theme.objects.filter(slug=slug).first()
    need_area = None if theme else NeedArea.objects.get(slug=slug)
    return NeedRatingFactory(
        assessment=assessment, need_area=need_area, theme=theme, priority=priority
    )


def codes(recommendations):
    return [r.module.code for r in recommendations]


# Each case: what is known about the group, its level, and the expected order.
CASES = {
    "nothing known: the group's level, by code, fitting its commodity": (
        lambda group: None,
        "low",
        ["ENV-01", "GAP-01", "PO-01"],
    ),
    "a need the group rates 5 comes first": (
        lambda group: of_group(group, "yields-food-security", 5),
        "low",
        ["GAP-01", "ENV-01", "PO-01"],
    ),
    "the national assessment counts when the group did not rate a subject": (
        lambda group: national("environment", 4),
        "low",
        ["ENV-01", "GAP-01", "PO-01"],
    ),
    "the group's own rating beats the country's": (
        lambda group: (national("environment", 5), of_group(group, "environment", 1)),
        "low",
        ["ENV-01", "GAP-01", "PO-01"],  # 1 still ranks above "not rated" (0)
    ),
    "a high risk ranks like a need rated 5": (
        lambda group: (
            of_group(group, "producer-organisation", 4),
            RiskRatingFactory(assessment__group=group, likelihood=5, severity=4),
        ),
        "low",
        ["ENV-01", "PO-01", "GAP-01"],
    ),
    "a moderate group gets its level, and the foundation its module needs first": (
        lambda group: None,
        "moderate",
        ["MKT-01", "PO-01", "QM-01"],
    ),
    "an urgent need brings in a lower level's module, never a higher one": (
        lambda group: (
            of_group(group, "quality-management", 5),
            RiskRatingFactory(assessment__group=group, likelihood=5, severity=5),
        ),
        "moderate",
        # Equal priority: the module for the group's level before the foundation;
        # ICS-01 (Adequate) matches both but is above the group's level.
        ["PO-01", "QM-01", "ENV-01", "MKT-01"],
    ),
}


@pytest.mark.parametrize("known, level, expected", CASES.values(), ids=CASES.keys())
def test_recommendation_cases(group, backpack_modules, levels, known, level, expected):
    known(group)

    recommendations = group_recommendation(group=group, level=levels[level])

    assert codes(recommendations) == expected


def test_each_module_says_why_in_words(group, backpack_modules, levels):
    of_group(group, "yields-food-security", 5)
    national("environment", 3)
    RiskRatingFactory(assessment__group=group, likelihood=4, severity=4)

    reasons = {
        r.module.code: r.reasons for r in group_recommendation(group=group, level=levels["low"])
    }

    assert reasons["GAP-01"][0] == (
        "need for Better yields and food security rated 5 of 5 "
        "(group field consultation, 20 Apr 2026)"
    )
    assert reasons["ENV-01"][:2] == [
        "High risk: Expansion and deforestation (group risk assessment, 4 May 2026)",
        "need for Environment rated 3 of 5 (national needs assessment, 12 Mar 2026)",
    ]
    assert reasons["PO-01"] == ["targets Low groups"]


def test_a_prerequisite_says_which_module_needs_it(group, backpack_modules, levels):
    recommendations = group_recommendation(group=group, level=levels["moderate"])

    po = next(r for r in recommendations if r.module.code == "PO-01")
    assert po.reasons == ["prerequisite of QM-01", "a foundation written for Low groups"]


def test_what_the_group_received_is_left_out_even_as_a_prerequisite(
    group, backpack_modules, levels
):
    TrainingPlanItemFactory(plan__group=group, module=backpack_modules["PO-01"], status="delivered")
    TrainingPlanItemFactory(plan__group=group, module=backpack_modules["MKT-01"], status="planned")

    recommendations = group_recommendation(group=group, level=levels["moderate"])

    assert codes(recommendations) == ["MKT-01", "QM-01"]


def test_a_regional_risk_assessment_counts_for_the_groups_of_that_region_only(
    group, backpack_modules, levels
):
    RiskRatingFactory(
        assessment=RiskAssessmentFactory(group=None, region="ASHANTI"),
        likelihood=5,
        severity=5,
    )
    elsewhere = ProducerGroupFactory(name="Volta farmers", region="Volta")
    elsewhere.commodities.add(Commodity.objects.get(slug="cocoa"))
    elsewhere.save()

    here = group_recommendation(group=group, level=levels["low"])
    there = group_recommendation(group=elsewhere, level=levels["low"])

    assert codes(here)[0] == "ENV-01" and here[0].priority == 5
    assert "regional risk assessment" in here[0].reasons[0]
    assert all(r.priority == 0 for r in there)


def test_another_countrys_assessments_do_not_count(group, backpack_modules, levels):
    vietnam = Country.objects.get(slug="vietnam")
    _rate(NeedsAssessmentFactory(country=vietnam), "yields-food-security", 5)

    recommendations = group_recommendation(group=group, level=levels["low"])

    assert all(r.priority == 0 for r in recommendations)


def test_the_same_data_gives_the_same_list(group, backpack_modules, levels):
    national("environment", 4)
    first = group_recommendation(group=group, level=levels["moderate"])
    second = group_recommendation(group=group, level=levels["moderate"])

    assert [(r.module.pk, r.reasons) for r in first] == [(r.module.pk, r.reasons) for r in second]


def test_the_query_count_does_not_grow_with_the_backpack(
    group, backpack, backpack_modules, levels, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        group_recommendation(group=group, level=levels["low"])
    from modules.factories import TrainingModulePageFactory

    for n in range(15):
        TrainingModulePageFactory(parent=backpack, code=f"EXTRA-{n:02d}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        group_recommendation(group=group, level=levels["low"])


def test_the_groups_own_rating_is_the_one_used_and_cited(group, backpack_modules, levels):
    national("environment", 5)
    of_group(group, "environment", 1)

    env = next(
        r
        for r in group_recommendation(group=group, level=levels["low"])
        if r.module.code == "ENV-01"
    )

    assert env.priority == 1
    assert env.reasons[0].startswith("need for Environment rated 1 of 5 (group field consultation")


def test_only_the_latest_assessment_of_a_scope_counts(group, backpack_modules, levels):
    _rate(NeedsAssessmentFactory(group=group, assessed_on=MARCH), "environment", 5)
    of_group(group, "producer-organisation", 3)  # April: environment no longer rated

    env = next(
        r
        for r in group_recommendation(group=group, level=levels["low"])
        if r.module.code == "ENV-01"
    )

    assert env.priority == 0


def test_a_prerequisite_the_group_cannot_get_is_named(group, backpack, backpack_modules, levels):
    from modules.factories import TrainingModulePageFactory
    from modules.models.pages import ModulePrerequisite

    coffee_basics = backpack_modules["COF-01"]  # coffee only; the group grows cocoa
    module = TrainingModulePageFactory(parent=backpack, code="LOW-09", levels=[levels["low"]])
    module.prerequisite_links = [ModulePrerequisite(prerequisite=coffee_basics)]
    module.save()

    low9 = next(
        r
        for r in group_recommendation(group=group, level=levels["low"])
        if r.module.code == "LOW-09"
    )

    assert "needs COF-01 first, which is not available to this group" in low9.reasons


def test_a_higher_level_prerequisite_is_not_called_a_foundation(
    group, backpack, backpack_modules, levels
):
    from modules.factories import TrainingModulePageFactory
    from modules.models.pages import ModulePrerequisite

    module = TrainingModulePageFactory(parent=backpack, code="LOW-08", levels=[levels["low"]])
    module.prerequisite_links = [ModulePrerequisite(prerequisite=backpack_modules["ICS-01"])]
    module.save()

    ics = next(
        r
        for r in group_recommendation(group=group, level=levels["low"])
        if r.module.code == "ICS-01"
    )

    assert ics.reasons == ["prerequisite of LOW-08", "written for Adequate groups"]
