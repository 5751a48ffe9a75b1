"""The documented rule from likelihood and severity to high, medium or low (issue 6, point 1)."""

import itertools

import pytest

from reference.models import NeedArea
from training_plans.factories import RiskAssessmentFactory
from training_plans.models import RiskRating
from training_plans.risk import RiskLevel, risk_level


@pytest.mark.parametrize(
    "likelihood, severity, expected",
    [
        (1, 1, RiskLevel.LOW),
        (2, 3, RiskLevel.LOW),  # 6: the highest low score
        (3, 2, RiskLevel.LOW),
        (1, 5, RiskLevel.LOW),  # severe, but very unlikely
        (2, 4, RiskLevel.MEDIUM),  # 8: the lowest medium score
        (3, 3, RiskLevel.MEDIUM),
        (4, 3, RiskLevel.MEDIUM),  # 12: the highest medium score
        (3, 5, RiskLevel.HIGH),  # 15: the lowest high score
        (5, 3, RiskLevel.HIGH),
        (4, 4, RiskLevel.HIGH),
        (5, 5, RiskLevel.HIGH),
    ],
)
def test_the_rule_across_the_band_boundaries(likelihood, severity, expected):
    assert risk_level(likelihood=likelihood, severity=severity) == expected


@pytest.mark.parametrize("likelihood, severity", [(0, 3), (3, 6), (-1, -1)])
def test_ratings_outside_one_to_five_are_refused(likelihood, severity):
    with pytest.raises(ValueError, match="rated 1 to 5"):
        risk_level(likelihood=likelihood, severity=severity)


@pytest.mark.django_db
def test_the_database_computes_the_same_level_for_every_rating():
    """The stored level (a generated column) and the Python rule never disagree."""
    pairs = list(itertools.product(range(1, 6), repeat=2))
    deforestation = NeedArea.objects.get(slug="deforestation")
    group = RiskAssessmentFactory().group
    for likelihood, severity in pairs:
        RiskRating.objects.create(
            # One assessment per pair: a risk is rated once per assessment.
            assessment=RiskAssessmentFactory(group=group),
            core_risk=deforestation,
            likelihood=likelihood,
            severity=severity,
        )

    stored = RiskRating.objects.filter(assessment__group=group).values_list(
        "likelihood", "severity", "level"
    )

    assert {(lk, sv): level for lk, sv, level in stored} == {
        (lk, sv): risk_level(likelihood=lk, severity=sv).value for lk, sv in pairs
    }


@pytest.mark.django_db
def test_the_database_keeps_one_rating_per_core_risk_per_assessment():
    from django.db import IntegrityError, transaction

    assessment = RiskAssessmentFactory()
    deforestation = NeedArea.objects.get(slug="deforestation")
    RiskRating.objects.create(
        assessment=assessment, core_risk=deforestation, likelihood=1, severity=1
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        RiskRating.objects.create(
            assessment=assessment, core_risk=deforestation, likelihood=5, severity=5
        )
