"""The rubric is data: versioned, and a version in use is never changed."""

import pytest
from django.urls import reverse

from organisation_levels.models import Rubric
from organisation_levels.scoring import level_compute, rubric_questions
from organisation_levels.services import rubric_activate, rubric_next_version

pytestmark = pytest.mark.django_db


def question_texts(rubric):
    return {qid: (dim, q["text"]) for qid, (dim, q) in rubric_questions(rubric).items()}


def test_version_one_is_seeded_active_with_six_dimensions():
    rubric = Rubric.objects.get()

    assert (rubric.version, rubric.status) == (1, Rubric.Status.ACTIVE)
    assert [d.value["name"] for d in rubric.dimensions] == [
        "Cohesion",
        "Management",
        "Internal control",
        "Improvement plan",
        "Documentation and awareness",
        "Market positioning",
    ]


def test_activating_a_new_version_retires_the_old_one_and_leaves_it_intact():
    first = Rubric.objects.get(version=1)
    old_questions = question_texts(first)
    old_answers = {question_id: 2 for question_id in old_questions}
    second = Rubric.objects.create(
        version=rubric_next_version(),
        title="Organisation level rubric, 2027",
        dimensions=[dimension for dimension in first.dimensions.raw_data][:1],
    )

    rubric_activate(rubric=second)

    first.refresh_from_db()
    assert (first.status, second.status) == (Rubric.Status.RETIRED, Rubric.Status.ACTIVE)
    assert Rubric.objects.filter(status=Rubric.Status.ACTIVE).get() == second
    # An assessment made with version 1 still reads the same way.
    assert question_texts(first) == old_questions
    assert level_compute(rubric=first, answers=old_answers).level.name == "Specialized"


def test_an_active_version_cannot_be_edited_in_the_admin(client, committee_member):
    rubric = Rubric.objects.get(version=1)
    client.force_login(committee_member)

    response = client.post(
        reverse(Rubric.snippet_viewset.get_url_name("edit"), args=[rubric.pk]),
        {"title": "Changed", "status": "active", "notes": "", "dimensions-count": 0},
    )

    assert response.status_code == 200
    assert "Version 1 is active, so it cannot be changed" in response.content.decode()
    rubric.refresh_from_db()
    assert rubric.title == "Organisation level rubric"


def test_the_committee_can_read_and_copy_rubrics_and_a_platform_cannot(
    client, committee_member, ghana_platform_member
):
    rubric = Rubric.objects.get(version=1)
    client.force_login(committee_member)

    assert (
        client.get(
            reverse(Rubric.snippet_viewset.get_url_name("inspect"), args=[rubric.pk])
        ).status_code
        == 200
    )
    copy = client.get(reverse(Rubric.snippet_viewset.get_url_name("copy"), args=[rubric.pk]))
    assert copy.status_code == 200
    assert copy.context["form"].initial["status"] == Rubric.Status.DRAFT

    client.force_login(ghana_platform_member)
    response = client.get(reverse(Rubric.snippet_viewset.get_url_name("list")))
    assert response.status_code in (302, 403)
