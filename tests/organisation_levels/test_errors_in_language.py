"""Error messages quote translated data in the reader's language (issue 15, point 2;
decision 0020): an unanswered question of the level rubric is quoted as the form showed
it, and a group import names the commodities in the importer's language."""

import pytest
from django.utils import translation

from organisation_levels.group_import import ImportRow, groups_import
from organisation_levels.models import ProducerGroup, Rubric
from organisation_levels.scoring import AnswersInvalid, level_compute, rubric_questions
from organisation_levels.services import assessment_submit
from tests.organisation_levels.conftest import all_answers
from tests.organisation_levels.test_group_import import GOOD

pytestmark = pytest.mark.django_db


HOW_OFTEN_EN = "How often do members meet?"
HOW_OFTEN_TH = "สมาชิกประชุมกันบ่อยแค่ไหน"


def _first_question_left_out():
    rubric = Rubric.objects.originals().get(version=1)
    answers = all_answers(0)
    first = next(iter(rubric_questions(rubric)))
    del answers[first]
    return rubric, answers


def test_an_unanswered_question_is_quoted_in_the_readers_language(seed_translated):
    rubric, answers = _first_question_left_out()

    with translation.override("th"), pytest.raises(AnswersInvalid) as thai:
        level_compute(rubric=rubric, answers=answers)
    with pytest.raises(AnswersInvalid) as english:
        level_compute(rubric=rubric, answers=answers)

    [problem] = thai.value.problems
    assert HOW_OFTEN_TH in problem and HOW_OFTEN_EN not in problem
    assert "ความเป็นน้ำหนึ่งใจเดียว" in problem  # the dimension Cohesion
    [problem] = english.value.problems
    assert f"“{HOW_OFTEN_EN}” is not answered." in problem


def test_an_answer_out_of_range_is_quoted_in_the_readers_language_too(seed_translated):
    rubric = Rubric.objects.originals().get(version=1)
    answers = all_answers(0)
    answers[next(iter(answers))] = 9
    with translation.override("th"), pytest.raises(AnswersInvalid) as thai:
        level_compute(rubric=rubric, answers=answers)
    assert HOW_OFTEN_TH in thai.value.problems[0]


def test_the_assessment_page_quotes_the_question_in_thai(seed_translated, client, group, manager):
    rubric, answers = _first_question_left_out()
    client.force_login(manager)
    # A form answered in full, against a version whose questions the service checks again:
    # the service names the question left out, in Thai, and nothing is stored.
    with translation.override("th"), pytest.raises(AnswersInvalid) as refused:
        assessment_submit(group=group, answers=answers, submitted_by=manager, rubric=rubric)
    assert HOW_OFTEN_TH in refused.value.problems[0]
    assert not group.assessments.exists()

    # On the page, an unanswered question is listed in Thai above the form.
    page = client.post(
        f"/th/groups/{group.pk}/assess/",
        {"rubric": rubric.pk, **{f"answer-{qid}": 0 for qid in answers}},
    ).content.decode()
    assert HOW_OFTEN_TH in page and HOW_OFTEN_EN not in page


def test_the_group_import_names_the_commodities_in_the_importers_language(
    seed_translated, ghana_platform_member
):
    rows = [ImportRow(2, {**GOOD, "commodities": "Cacao; Bananes"})]
    with translation.override("fr"):
        report = groups_import(rows=rows, user=ghana_platform_member)
    [problem] = [p.message for p in report.problems if "Bananes" in p.message]
    # The French names are listed, and a French name is understood ("Cacao").
    assert "Cacao" in problem.split("Known commodities")[-1] or "Cacao" in problem
    assert "Cocoa" not in problem
    assert not ProducerGroup.objects.filter(name=GOOD["name"]).exists()


def test_a_commodity_written_in_the_importers_language_is_understood(
    seed_translated, ghana_platform_member
):
    rows = [ImportRow(2, {**GOOD, "commodities": "Cacao"})]
    with translation.override("fr"):
        report = groups_import(rows=rows, user=ghana_platform_member)
    assert not report.problems
    [group] = ProducerGroup.objects.filter(name=GOOD["name"])
    assert [c.slug for c in group.commodities.all()] == ["cocoa"]
