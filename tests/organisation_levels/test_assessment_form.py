"""Answering the level rubric on the group's pages, with evidence, and confirming it (point 3)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.factories import UserFactory
from organisation_levels.forms import answer_field_name
from organisation_levels.models import AssessmentEvidence, LevelAssessment, Rubric
from organisation_levels.services import rubric_activate
from reference.models import Country
from tests.organisation_levels.conftest import all_answers

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fake but well-begun\n"


def assess_url(group):
    return reverse("producer_groups:assess", args=[group.pk])


def filled_form(choice=1, version=1, **extra):
    data = {answer_field_name(qid): answer for qid, answer in all_answers(choice, version).items()}
    data["rubric"] = Rubric.objects.get(version=version).pk
    return {**data, **extra}


def test_the_form_asks_every_question_grouped_by_dimension(client, group, manager):
    client.force_login(manager)

    response = client.get(assess_url(group))

    dimensions = [name for name, _fields in response.context["form"].dimensions()]
    assert dimensions[:3] == ["Cohesion", "Management", "Internal control"]
    html = response.content.decode()
    assert html.count('type="radio"') == sum(
        len(field.field.choices)
        for _name, fields in response.context["form"].dimensions()
        for field in fields
    )
    assert 'enctype="multipart/form-data"' in html


def test_a_manager_sends_answers_with_evidence_and_sees_the_level_and_its_reasons(
    client, group, manager
):
    client.force_login(manager)
    photo = SimpleUploadedFile("register.png", PNG, content_type="image/png")
    scan = SimpleUploadedFile("procedure.pdf", PDF, content_type="application/pdf")

    response = client.post(
        assess_url(group),
        filled_form(1, notes="Met on 3 March", evidence=[photo, scan]),
        follow=True,
    )

    assessment = LevelAssessment.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "producer_groups:assessment", args=[group.pk, assessment.pk]
    )
    html = response.content.decode()
    assert assessment.level.name == "Moderate" and "Moderate" in html
    assert "Management: A committee exists but rarely acts" in html
    assert "Waiting for an assessor" in html
    assert sorted(assessment.evidence.values_list("original_name", flat=True)) == [
        "procedure.pdf",
        "register.png",
    ]
    assert "Confirm the level" not in html  # a manager is not an assessor


def test_a_missing_answer_is_named_and_nothing_is_stored(client, group, manager):
    client.force_login(manager)
    data = filled_form(1)
    first_question = next(key for key in data if key.startswith("answer-"))
    del data[first_question]

    response = client.post(assess_url(group), data)

    assert response.status_code == 200
    assert response.context["form"].errors[first_question] == ["Choose one answer."]
    assert "question--error" in response.content.decode()
    assert not LevelAssessment.objects.exists()


@pytest.mark.parametrize("forged", ["99", "-1", "many"])
def test_a_forged_answer_is_refused(client, group, manager, forged):
    client.force_login(manager)
    data = filled_form(1)
    question = next(key for key in data if key.startswith("answer-"))
    data[question] = forged

    response = client.post(assess_url(group), data)

    assert "Select a valid choice" in response.context["form"].errors[question][0]
    assert not LevelAssessment.objects.exists()


def test_a_bad_evidence_file_is_named_and_nothing_is_stored(client, group, manager):
    client.force_login(manager)
    page = SimpleUploadedFile("notes.html", b"<script>alert(1)</script>", content_type="text/html")
    good = SimpleUploadedFile("register.png", PNG, content_type="image/png")

    response = client.post(assess_url(group), filled_form(1, evidence=[good, page]))

    assert response.status_code == 200
    errors = response.context["form"].errors["evidence"]
    assert errors == [
        "“notes.html”: this type of file is not accepted. Use csv, doc, docx, jpeg, jpg, "
        "ods, odt, pdf, png, txt, webp, xls, xlsx."
    ]
    assert not LevelAssessment.objects.exists()
    assert not AssessmentEvidence.objects.exists()


def test_answers_to_a_rubric_retired_meanwhile_are_refused(client, group, manager):
    client.force_login(manager)
    stale = filled_form(1)
    newer = Rubric.objects.get(version=1)
    newer.pk, newer.version, newer.status = None, 2, Rubric.Status.DRAFT
    newer.save()
    rubric_activate(rubric=newer)

    response = client.post(assess_url(group), stale)

    assert "changed to version 2 while you were answering" in response.content.decode()
    assert not LevelAssessment.objects.exists()


def test_the_platform_confirms_and_the_level_becomes_current(
    client, group, manager, ghana_platform_member
):
    client.force_login(manager)
    client.post(assess_url(group), filled_form(2))
    assessment = LevelAssessment.objects.get()
    client.force_login(ghana_platform_member)
    detail = reverse("producer_groups:assessment", args=[group.pk, assessment.pk])
    assert "Confirm the level: Specialized" in client.get(detail).content.decode()

    response = client.post(
        reverse("producer_groups:assessment_confirm", args=[group.pk, assessment.pk]), follow=True
    )

    assessment.refresh_from_db()
    assert (assessment.status, assessment.confirmed_by) == ("confirmed", ghana_platform_member)
    assert "Level confirmed: Specialized." in response.content.decode()
    group_page = client.get(reverse("producer_groups:detail", args=[group.pk]))
    assert group_page.context["level"].slug == "specialized"


def test_nobody_confirms_their_own_assessment_or_another_countrys(
    client, group, manager, ghana_platform_member
):
    client.force_login(ghana_platform_member)
    client.post(assess_url(group), filled_form(1))
    assessment = LevelAssessment.objects.get()
    confirm = reverse("producer_groups:assessment_confirm", args=[group.pk, assessment.pk])

    own = client.post(confirm, follow=True)
    client.force_login(manager)
    by_manager = client.post(confirm, follow=True)
    vietnam = UserFactory(groups=[Country.objects.get(slug="vietnam").national_platform_group])
    client.force_login(vietnam)
    by_other_country = client.post(confirm)

    assert "Someone other than the person who submitted it" in own.content.decode()
    assert "national platform confirms an assessment" in by_manager.content.decode()
    assert by_other_country.status_code == 404
    assert LevelAssessment.objects.get().status == "submitted"


def test_confirming_is_a_post(client, group, manager, ghana_platform_member):
    client.force_login(manager)
    client.post(assess_url(group), filled_form(1))
    assessment = LevelAssessment.objects.get()
    client.force_login(ghana_platform_member)

    response = client.get(
        reverse("producer_groups:assessment_confirm", args=[group.pk, assessment.pk])
    )

    assert response.status_code == 405
    assert LevelAssessment.objects.get().status == "submitted"


def test_a_forged_rubric_id_is_explained_above_the_form(client, group, manager):
    client.force_login(manager)

    response = client.post(assess_url(group), filled_form(1, rubric=9999))

    assert "The level rubric changed while you were answering" in response.content.decode()
    assert not LevelAssessment.objects.exists()


def test_unanswered_questions_are_listed_as_links_at_the_top(client, group, manager):
    client.force_login(manager)
    data = filled_form(1)
    question = next(key for key in data if key.startswith("answer-"))
    del data[question]

    html = client.post(assess_url(group), data).content.decode()

    assert f'href="#id_{question}"' in html
    assert "choose them again" in html


def test_without_an_active_rubric_the_form_says_so(client, group, manager):
    Rubric.objects.update(status=Rubric.Status.RETIRED)
    client.force_login(manager)

    response = client.get(assess_url(group), follow=True)

    assert "No level rubric is active yet" in response.content.decode()


@pytest.mark.parametrize("who", ["ghana_viewer", "committee_member"])
def test_readers_cannot_confirm(client, request, group, manager, who):
    client.force_login(manager)
    client.post(assess_url(group), filled_form(1))
    assessment = LevelAssessment.objects.get()
    client.force_login(request.getfixturevalue(who))

    client.post(reverse("producer_groups:assessment_confirm", args=[group.pk, assessment.pk]))

    assert LevelAssessment.objects.get().status == "submitted"


def test_the_assessor_sends_the_assessment_back_with_a_comment(
    client, group, manager, ghana_platform_member
):
    """Issue 23, point 8: an assessor could only confirm."""
    client.force_login(manager)
    client.post(assess_url(group), filled_form(2))
    assessment = LevelAssessment.objects.get()
    client.force_login(ghana_platform_member)
    back = reverse("producer_groups:assessment_return", args=[group.pk, assessment.pk])

    empty = client.post(back, {"comment": "  "}, follow=True)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"  # nothing changed without a reason
    assert "Say what the group should check or correct." in empty.content.decode()

    sent = client.post(back, {"comment": "The ICS records are missing."}, follow=True)

    assessment.refresh_from_db()
    assert assessment.status == "returned"
    assert assessment.returned_comment == "The ICS records are missing."
    html = sent.content.decode()
    assert "Assessment sent back to the group with your comment." in html
    assert "The ICS records are missing." in html
    group_page = client.get(reverse("producer_groups:detail", args=[group.pk]))
    assert group_page.context["level"] is None or group_page.context["level"].slug != "specialized"
