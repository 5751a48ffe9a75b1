"""Submitting and confirming a level assessment (issue 5, point 3, services)."""

import pytest
from django.core.exceptions import PermissionDenied

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import LevelAssessment, Rubric
from organisation_levels.scoring import AnswersInvalid, rubric_questions
from organisation_levels.selectors import group_current_level, group_level_history
from organisation_levels.services import (
    assessment_confirm,
    assessment_submit,
    rubric_activate,
    rubric_next_version,
)
from reference.models import Country
from tests.organisation_levels.conftest import all_answers

pytestmark = pytest.mark.django_db


def test_a_manager_submits_and_the_result_is_stored_with_its_reasons(group, manager):
    assessment = assessment_submit(group=group, answers=all_answers(1), submitted_by=manager)

    assert assessment.rubric.version == 1
    assert assessment.level.name == "Moderate"
    assert assessment.status == LevelAssessment.Status.SUBMITTED
    assert {"dimension": "Cohesion", "percent": 50} in assessment.scores
    assert "Management: A committee exists but rarely acts" in assessment.holding_back
    assert group_current_level(group=group) is None  # not confirmed yet


def test_incomplete_answers_store_nothing(group, manager):
    answers = all_answers(1)
    answers.popitem()

    with pytest.raises(AnswersInvalid):
        assessment_submit(group=group, answers=answers, submitted_by=manager)

    assert not LevelAssessment.objects.exists()


def test_a_manager_of_another_group_cannot_assess_this_one(group, manager):
    other = ProducerGroupFactory(name="Another group")

    with pytest.raises(PermissionDenied):
        assessment_submit(group=other, answers=all_answers(2), submitted_by=manager)

    assert not LevelAssessment.objects.exists()


def test_the_countrys_platform_confirms_and_the_level_becomes_current(
    group, manager, ghana_platform_member
):
    assessment = assessment_submit(group=group, answers=all_answers(2), submitted_by=manager)

    assessment_confirm(assessment=assessment, assessor=ghana_platform_member)

    assessment.refresh_from_db()
    assert assessment.confirmed_by == ghana_platform_member
    assert group_current_level(group=group).name == "Specialized"


def test_another_countrys_platform_and_the_submitter_cannot_confirm(group, ghana_platform_member):
    vietnam = UserFactory(
        username="linh", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )
    assessment = assessment_submit(
        group=group, answers=all_answers(2), submitted_by=ghana_platform_member
    )

    for assessor in (vietnam, ghana_platform_member):
        with pytest.raises(PermissionDenied):
            assessment_confirm(assessment=assessment, assessor=assessor)

    assessment.refresh_from_db()
    assert assessment.status == LevelAssessment.Status.SUBMITTED


def test_an_old_assessment_reads_the_same_after_the_rubric_changes(
    group, manager, ghana_platform_member
):
    first = assessment_submit(group=group, answers=all_answers(1), submitted_by=manager)
    assessment_confirm(assessment=first, assessor=ghana_platform_member)
    version_one = Rubric.objects.get(version=1)
    stricter = Rubric.objects.create(
        version=rubric_next_version(),
        title="Stricter rubric",
        dimensions=list(version_one.dimensions.raw_data)[:2],
    )
    rubric_activate(rubric=stricter)

    second = assessment_submit(
        group=group,
        answers={qid: 2 for qid in rubric_questions(stricter)},
        submitted_by=manager,
    )

    first.refresh_from_db()
    assert (first.rubric.version, first.level.name) == (1, "Moderate")
    assert second.rubric.version == 2
    assert [a.rubric.version for a in group_level_history(group=group)] == [1, 2]
