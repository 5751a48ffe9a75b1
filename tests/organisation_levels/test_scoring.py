"""Level computation with the seeded rubric (version 1), case by case across the boundaries."""

import pytest

from organisation_levels.models import Rubric
from organisation_levels.scoring import AnswersInvalid, level_compute, rubric_questions

pytestmark = pytest.mark.django_db

# The option chosen for each question of a dimension, in order; dimensions not named get 0s.
# Points per answer are 0, 1 or 2, so (1, 1) is 50 %, (2, 1) is 75 %, (2, 2) is 100 %.
SPECIALIZED = {
    "Cohesion": (2, 1),
    "Management": (2, 1),
    "Internal control": (2, 1),
    "Improvement plan": (2,),
    "Documentation and awareness": (2, 1),
    "Market positioning": (1, 1),
}
ADEQUATE = {
    "Cohesion": (2, 1),
    "Management": (2, 1),
    "Internal control": (1, 1),
    "Improvement plan": (1,),
}
MODERATE = {"Cohesion": (1, 1), "Management": (1, 1), "Improvement plan": (1,)}


@pytest.fixture
def rubric():
    return Rubric.objects.get(version=1)


def answers(rubric, chosen):
    result = {}
    for dimension in rubric.dimensions:
        picks = chosen.get(dimension.value["name"], ())
        for index, question in enumerate(dimension.value["questions"].bound_blocks):
            result[question.id] = picks[index] if index < len(picks) else 0
    return result


@pytest.mark.parametrize(
    ("chosen", "level", "next_level"),
    [
        ({}, "Low", "Moderate"),
        (MODERATE, "Moderate", "Adequate"),  # exactly on the 50 % thresholds
        ({**MODERATE, "Cohesion": (1, 0)}, "Low", "Moderate"),  # cohesion 25 %
        ({**MODERATE, "Improvement plan": (0,)}, "Low", "Moderate"),
        (ADEQUATE, "Adequate", "Specialized"),  # exactly on its thresholds
        ({**ADEQUATE, "Internal control": (1, 0)}, "Moderate", "Adequate"),
        ({**ADEQUATE, "Management": (1, 1)}, "Moderate", "Adequate"),
        (SPECIALIZED, "Specialized", None),
        ({**SPECIALIZED, "Improvement plan": (1,)}, "Adequate", "Specialized"),
        ({**SPECIALIZED, "Market positioning": (1, 0)}, "Adequate", "Specialized"),
        # Every higher threshold met, but not the lowest one: a level needs those below it.
        ({**SPECIALIZED, "Cohesion": (0, 0)}, "Low", "Moderate"),
    ],
)
def test_level_across_the_boundaries(rubric, chosen, level, next_level):
    result = level_compute(rubric=rubric, answers=answers(rubric, chosen))

    assert result.level.name == level
    assert (result.next_level.name if result.next_level else None) == next_level


def test_scores_are_shares_of_the_possible_points(rubric):
    result = level_compute(rubric=rubric, answers=answers(rubric, ADEQUATE))

    assert {score.name: score.percent for score in result.scores} == {
        "Cohesion": 75,
        "Management": 75,
        "Internal control": 50,
        "Improvement plan": 50,
        "Documentation and awareness": 0,
        "Market positioning": 0,
    }


def test_the_explanation_quotes_the_weak_answers_that_hold_the_group_back(rubric):
    chosen = {**ADEQUATE, "Internal control": (1, 0)}

    result = level_compute(rubric=rubric, answers=answers(rubric, chosen))

    assert result.holding_back == [
        "Internal control: Inspections happen, but with no written procedure",
        "Internal control: Nothing happens",
    ]


def test_a_group_at_the_top_has_nothing_holding_it_back(rubric):
    result = level_compute(rubric=rubric, answers=answers(rubric, SPECIALIZED))

    assert result.holding_back == []


def test_missing_and_impossible_answers_are_named(rubric):
    given = answers(rubric, {})
    first, second = list(rubric_questions(rubric))[:2]
    del given[first]
    given[second] = 7
    given["not-a-question"] = 0

    with pytest.raises(AnswersInvalid) as error:
        level_compute(rubric=rubric, answers=given)

    assert error.value.problems == [
        "Cohesion: “How often do members meet?” is not answered.",
        "Cohesion: “Do members share agreed rules?” has no answer number 7.",
        "1 answers are for questions not in this rubric.",
    ]
