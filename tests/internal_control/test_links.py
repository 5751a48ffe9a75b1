"""What internal control gives the rest of a group's work (issue 21, point 5): modules
recommended with the finding as the reason, one improvement item per failing control
point, evidence beside the rubric's internal-control question, readiness per standard,
and the group's sanction rules on its page."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from content.factories import UserFactory
from internal_control.inspections import FindingIn, InspectionIn, inspection_record
from internal_control.links import assessment_hints
from internal_control.models import ControlPoint, NonConformity, SanctionRule
from internal_control.readiness import NEVER_INSPECTED, NOT_MET, group_readiness
from internal_control.seed import illustrative_catalogues_ensure
from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import GroupCertification, ImprovementCycle, ImprovementItem
from organisation_levels.services import improvement_cycle_close
from reference import roles
from reference.models import Country, OrganisationLevel, Standard
from tests.dates import days_from_today, today
from training_delivery.factories import FarmerFactory
from training_plans.recommendation import group_recommendation
from training_plans.services import training_plan_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(backpack):
    illustrative_catalogues_ensure()
    group = ProducerGroupFactory(name="Asante cocoa farmers")
    for slug in ("fairtrade", "rainforest-alliance"):
        GroupCertification.objects.create(
            group=group, standard=Standard.objects.get(slug=slug), certifier="X"
        )
    manager = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(manager)
    group.save()
    ama = FarmerFactory(group=group, member_code="AC-001")
    kojo = FarmerFactory(group=group, member_code="AC-002")
    # A module of a level the group has not reached: only the finding brings it.
    adequate = OrganisationLevel.objects.originals().get(slug="adequate")
    module = TrainingModulePageFactory(
        parent=backpack, code="SAFE-01", title="Storing pesticides safely", levels=[adequate]
    )
    ControlPoint.objects.get(code="ICS-03").modules.add(module)
    return group, manager, ama, kojo, module


def inspect(manager, group, member_code, *findings, on=None):
    result = inspection_record(
        user=manager,
        data=InspectionIn(
            id=uuid.uuid4(),
            group_id=group.pk,
            member_code=member_code,
            inspected_on=on or today(),
            findings=[FindingIn(code, outcome) for code, outcome in findings],
        ),
    )
    assert result.status == "accepted", result.errors
    return result


def test_a_failing_finding_recommends_the_modules_of_its_control_point_with_it_as_reason(setting):
    group, manager, _ama, _kojo, module = setting
    assert module.pk not in {r.module.pk for r in group_recommendation(group=group)}
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"), ("ICS-04", "met"))
    inspect(manager, group, "AC-002", ("ICS-03", "not_met"))

    recommended = {r.module.pk: r for r in group_recommendation(group=group)}
    reasons = recommended[module.pk].reasons
    assert reasons[0].startswith("not met at the internal inspection of")
    assert "ICS-03 Safe pesticide storage (2 members)" in reasons[0]
    assert recommended[module.pk].priority == 4  # a major finding

    # Composed in the reader's language.
    with translation.override("fr"):
        french = {r.module.pk: r for r in group_recommendation(group=group)}[module.pk]
    assert "ICS-03" in french.reasons[0]

    # A plan made now keeps the finding as the module's reason.
    plan = training_plan_create(
        group=group,
        user=manager,
        title="2027",
        starts_on=today(),
        ends_on=days_from_today(300),
    )
    item = plan.items.get(module=module)
    assert "ICS-03" in item.reasons[0]


def test_a_closed_non_conformity_no_longer_recommends(setting):
    group, manager, _ama, _kojo, module = setting
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"))
    for nc in NonConformity.objects.all():
        nc.status = NonConformity.Status.CLOSED
        nc.save()
    assert module.pk not in {r.module.pk for r in group_recommendation(group=group)}


def test_a_recurring_finding_joins_the_same_improvement_item(setting):
    group, manager, _ama, _kojo, module = setting
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"), on=days_from_today(-30))
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"))
    inspect(manager, group, "AC-002", ("ICS-03", "not_met"), ("ICS-04", "not_met"))

    items = ImprovementItem.objects.filter(cycle__group=group)
    assert items.count() == 2  # one for ICS-03, one for ICS-04
    ics03 = items.get(description__startswith="ICS-03")
    assert ics03.stage == ImprovementItem.Stage.ACT
    assert list(ics03.modules.all()) == [module]
    assert ics03.non_conformities.count() == 3
    # The earliest deadline of the three (the first inspection's) is the item's.
    assert ics03.due_date == min(nc.deadline for nc in ics03.non_conformities.all())
    # No cycle was open: one was started for the corrections.
    assert ImprovementCycle.objects.filter(group=group, status="open").count() == 1


def test_a_finding_after_the_cycle_closed_joins_the_carried_item(setting):
    group, manager, *_ = setting
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"))
    cycle = ImprovementCycle.objects.get(group=group)
    improvement_cycle_close(cycle=cycle, user=manager, review_notes="", next_title="Next")
    inspect(manager, group, "AC-002", ("ICS-03", "not_met"))
    carried = ImprovementItem.objects.get(cycle__group=group, cycle__status="open")
    assert carried.non_conformities.count() == 1
    assert ImprovementItem.objects.filter(description__startswith="ICS-03").count() == 2


def test_a_finding_whose_item_is_done_opens_a_new_item(setting):
    group, manager, *_ = setting
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"))
    ImprovementItem.objects.update(status=ImprovementItem.Status.DONE)
    inspect(manager, group, "AC-002", ("ICS-03", "not_met"))
    assert ImprovementItem.objects.filter(description__startswith="ICS-03").count() == 2


def test_the_assessment_shows_the_inspections_beside_the_internal_control_question(setting, client):
    group, manager, *_ = setting
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"))
    client.force_login(manager)
    page = client.get(reverse("producer_groups:assess", args=[group.pk])).content.decode()
    # Only the questions of the internal-control dimension (seed rubric: not the others).
    assert 1 <= page.count("data-evidence-hint") < 4
    assert "1 of 2 members inspected in the last twelve months; 1 open" in page


def test_a_hint_is_only_for_the_dimension_named_internal_control(setting):
    group, *_ = setting
    questions = {
        "a": ("Cohesion", {}),
        "b": ("Internal control", {}),
        "c": ("internal CONTROL", {}),
    }
    assert set(assessment_hints(group=group, questions=questions)) == {"b", "c"}


def test_readiness_per_standard_from_the_latest_inspections(setting):
    group, manager, *_ = setting
    # Fairtrade (at Low): ICS-01 (group), ICS-03, ICS-05. Rainforest: ICS-01, ICS-04, ICS-06.
    inspect(manager, group, "AC-001", ("ICS-03", "not_met"), ("ICS-05", "met"))
    inspect(manager, group, "AC-001", ("ICS-03", "met"))  # corrected since
    inspect(manager, group, "AC-002", ("ICS-03", "not_met"), ("ICS-04", "met"))
    inspect(manager, group, "", ("ICS-01", "met"))
    by_standard = {str(r.standard): r for r in group_readiness(group=group)}
    fairtrade = by_standard["Fairtrade"]
    assert (fairtrade.met, fairtrade.applicable) == (2, 3)
    assert fairtrade.percent == 67
    [gap] = fairtrade.gaps
    assert (gap.control_point.code, gap.why, gap.members_not_met) == ("ICS-03", NOT_MET, 1)
    rainforest = by_standard["Rainforest Alliance"]
    assert [(g.control_point.code, g.why) for g in rainforest.gaps] == [("ICS-06", NEVER_INSPECTED)]


def test_readiness_and_sanction_rules_show_on_the_groups_page(setting, client):
    group, manager, *_ = setting
    SanctionRule.objects.create(
        group=group, severity="minor", sanction="conditional", days_to_correct=45
    )
    inspect(manager, group, "", ("ICS-01", "met"))
    client.force_login(manager)
    page = client.get(reverse("internal_control:group", args=[group.pk])).content.decode()
    assert "Readiness per standard" in page
    assert "1 of 3 applicable control points met" in page
    assert "own rule" in page and "The default rule" in page
    assert "45" in page


def test_the_admin_readiness_lists_only_the_groups_a_platform_may_see(setting, client):
    group, *_ = setting
    other = ProducerGroupFactory(name="Mekong coffee", country=Country.objects.get(slug="vietnam"))
    platform = UserFactory(username="ghana")
    platform.groups.add(group.country.national_platform_group)
    client.force_login(platform)
    page = client.get(reverse("internal_control_readiness")).content.decode()
    assert group.name in page
    assert other.name not in page


def test_the_admin_readiness_reads_in_few_queries(setting, client, django_assert_max_num_queries):
    group, *_ = setting
    for n in range(6):
        extra = ProducerGroupFactory(name=f"Group {n}", country=group.country)
        GroupCertification.objects.create(
            group=extra, standard=Standard.objects.get(slug="fairtrade"), certifier="X"
        )
    client.force_login(UserFactory(username="root", is_superuser=True))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("internal_control_readiness")).status_code == 200
