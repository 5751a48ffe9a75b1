"""Who sees which needs and risk assessments, on the queryset every screen uses."""

import pytest

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from training_plans.factories import NeedsAssessmentFactory
from training_plans.models import NeedsAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessments():
    vietnam = Country.objects.get(slug="vietnam")
    ashanti = ProducerGroupFactory(name="Ashanti cocoa farmers")
    return {
        "ghana": NeedsAssessmentFactory(),
        "ashanti": NeedsAssessmentFactory(group=ashanti),
        "vietnam": NeedsAssessmentFactory(country=vietnam),
    }


def visible(user):
    return set(NeedsAssessment.objects.visible_to(user).values_list("source", "group__name"))


def test_a_granted_viewer_reads_the_national_assessment_even_without_groups(ghana_viewer):
    NeedsAssessmentFactory(source="Ghana 2026")
    NeedsAssessmentFactory(country=Country.objects.get(slug="vietnam"), source="Vietnam 2026")

    assert visible(ghana_viewer) == {("Ghana 2026", None)}


def test_a_manager_reads_the_national_assessment_and_their_groups(assessments):
    manager = UserFactory(groups=[roles.PRODUCER_GROUP_MANAGERS])
    assessments["ashanti"].group.managers.add(manager)
    assessments["ashanti"].group.save()
    NeedsAssessmentFactory(group=ProducerGroupFactory(name="Volta farmers"), source="Volta")

    assert set(NeedsAssessment.objects.visible_to(manager)) == {
        assessments["ghana"],
        assessments["ashanti"],
    }
    assert set(NeedsAssessment.objects.changeable_by(manager)) == {assessments["ashanti"]}


def test_a_platform_reads_and_changes_its_country_only(ghana_platform_member, assessments):
    assert set(NeedsAssessment.objects.visible_to(ghana_platform_member)) == {
        assessments["ghana"],
        assessments["ashanti"],
    }
    assert set(NeedsAssessment.objects.removable_by(ghana_platform_member)) == {
        assessments["ghana"],
        assessments["ashanti"],
    }


def test_the_committee_reads_everything_and_changes_nothing(committee_member, assessments):
    assert NeedsAssessment.objects.visible_to(committee_member).count() == 3
    assert not NeedsAssessment.objects.changeable_by(committee_member).exists()


def test_a_malformed_or_foreign_chooser_id_is_not_found(client, ghana_platform_member, assessments):
    client.force_login(ghana_platform_member)
    chosen = "/admin/snippets/choose/training_plans/needsassessment/chosen/{}/"

    assert client.get(chosen.format(assessments["ghana"].pk)).status_code == 200
    assert client.get(chosen.format("abc")).status_code == 404
    assert client.get(chosen.format(assessments["vietnam"].pk)).status_code == 404
