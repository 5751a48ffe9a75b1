"""generate_synthetic_data at a tiny scale: counts, the rules the models keep, one set at a time."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q
from wagtail.models import ReferenceIndex

from organisation_levels.models import LevelAssessment, ProducerGroup
from organisation_levels.scoring import level_compute
from tests.loaded_once import load_once
from training_delivery.models import Attendance, Farmer, SessionModule, TrainingSession
from training_plans.models import NeedsAssessment

pytestmark = pytest.mark.django_db

TINY = ["--groups", "5", "--farmers", "40", "--sessions", "30", "--attendance", "200"]


def generate(*arguments):
    """Run the command; the seed curriculum is loaded by the first run (no live modules yet)."""
    output = io.StringIO()
    call_command("generate_synthetic_data", *TINY, *arguments, stdout=output)
    return output.getvalue()


def generated():
    """`generate()` as a starting point (the test's first step): run for real by the first
    test of the process that asks, written back as the same rows after that
    (tests/loaded_once.py). The first test above always runs the command itself."""
    return load_once("generate_synthetic_data " + " ".join(TINY), generate)


def synthetic_groups():
    return ProducerGroup.objects.filter(name__startswith="Synthetic group ")


def session_fingerprint():
    return sorted(
        TrainingSession.objects.values_list("uuid", "date", "starts_at", "method", "group__name")
    )


def test_generates_about_the_numbers_asked():
    output = generate()

    assert synthetic_groups().count() == 5
    assert Farmer.objects.filter(group__in=synthetic_groups()).count() == 40
    assert TrainingSession.objects.count() == 30
    # Roughly: the group rosters bound how many can attend.
    assert 120 <= Attendance.objects.count() <= 240
    assert "attendance" in output and "generated in" in output
    # Every session covers a live module and has either a list or head counts, never both.
    assert not TrainingSession.objects.filter(modules_covered__isnull=True).exists()
    assert not TrainingSession.objects.filter(
        attendance__isnull=False, women_count__isnull=False
    ).exists()
    assert not TrainingSession.objects.filter(attendance__isnull=True, women_count=None).exists()
    assert not SessionModule.objects.filter(module__live=False).exists()
    # Attendees come from the session's own group.
    assert not Attendance.objects.exclude(farmer__group=F("session__group")).exists()


def test_level_assessments_agree_with_the_rubric_and_keep_their_dates():
    generated()

    assessments = LevelAssessment.objects.select_related("rubric", "level")
    assert assessments.count() >= 5
    for assessment in assessments:
        assert level_compute(rubric=assessment.rubric, answers=assessment.answers).level == (
            assessment.level
        )
        # Not the moment of the run: auto_now_add was overridden with the generated date.
        assert assessment.submitted_at.year in (2025, 2026)
        assert assessment.submitted_at < assessment.confirmed_at


def test_a_second_run_is_refused_without_replace():
    generated()

    with pytest.raises(CommandError, match=r"already in the database.*--replace"):
        generate()

    assert synthetic_groups().count() == 5


def test_replace_leaves_exactly_one_set_and_the_same_seed_gives_the_same_data():
    generated()
    national = NeedsAssessment.objects.filter(group=None).count()
    first = session_fingerprint()
    attendance = Attendance.objects.count()

    generate("--replace")

    assert synthetic_groups().count() == 5
    assert Farmer.objects.count() == 40
    assert TrainingSession.objects.count() == 30
    assert Attendance.objects.count() == attendance
    assert NeedsAssessment.objects.filter(group=None).count() == national
    assert session_fingerprint() == first


def test_replace_removes_the_reference_index_entries_of_what_it_deletes():
    """The deletion switches Wagtail's per-row receiver off, so it cleans the index itself."""
    generated()
    group = synthetic_groups().first()
    farmer = Farmer.objects.filter(group=group).first()
    # An edit in the admin indexes what they point at (the country, the group).
    group.save()
    farmer.save()
    indexed = ReferenceIndex.objects.filter(
        Q(base_content_type__model="producergroup", object_id=str(group.pk))
        | Q(base_content_type__model="farmer", object_id=str(farmer.pk))
        | Q(to_content_type__model="producergroup", to_object_id=str(group.pk))
    )
    assert indexed.count() >= 2

    generate("--replace")

    assert not indexed.exists()
