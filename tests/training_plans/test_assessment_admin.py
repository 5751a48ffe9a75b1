"""Each role sees and changes only the needs and risk assessments it should (issue 6)."""

import pytest
from django.urls import reverse

from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country, NeedArea
from training_plans.factories import (
    NeedRatingFactory,
    NeedsAssessmentFactory,
    RiskAssessmentFactory,
    RiskRatingFactory,
)
from training_plans.models import NeedsAssessment, RiskAssessment
from training_plans.permissions import AssessmentPermissionPolicy

pytestmark = pytest.mark.django_db


def url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def formset(prefix="ratings", forms=()):
    data = {
        f"{prefix}-TOTAL_FORMS": len(forms),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(forms):
        data.update({f"{prefix}-{index}-{name}": value for name, value in form.items()})
        data[f"{prefix}-{index}-ORDER"] = index + 1
    return data


def needs_form(country, *ratings, group=None, source="SCAN needs assessment 2026"):
    return {
        "country": country.pk,
        "group": group.pk if group else "",
        "assessed_on": "2026-03-12",
        "source": source,
        "stakeholders": "Members, buyers",
        "evidence": "",
        **formset(forms=[{"need_area": area.pk, "priority": p} for area, p in ratings]),
    }


def risks_form(country, *, group=None, region="Ashanti", risk=None):
    risk = risk or NeedArea.objects.get(slug="deforestation")
    return {
        "country": country.pk,
        "group": group.pk if group else "",
        "region": region,
        "assessed_on": "2026-05-04",
        "source": "Field visit",
        **formset(forms=[{"core_risk": risk.pk, "likelihood": 5, "severity": 4}]),
        # The evidence rows' inline (issue 20, point 4), empty here.
        **formset("evidence_rows"),
    }


@pytest.fixture
def ghana():
    return Country.objects.get(slug="ghana")


@pytest.fixture
def vietnam():
    return Country.objects.get(slug="vietnam")


@pytest.fixture
def yields():
    return NeedArea.objects.get(slug="yields-food-security")


@pytest.fixture
def assessments(vietnam):
    daklak = ProducerGroupFactory(name="Dak Lak coffee group", country=vietnam, region="Dak Lak")
    made = {
        "ghana_needs": NeedsAssessmentFactory(source="Ghana national"),
        "vietnam_needs": NeedsAssessmentFactory(country=vietnam, source="Vietnam national"),
        "ghana_risks": RiskAssessmentFactory(source="Ashanti visit"),
        "vietnam_risks": RiskAssessmentFactory(group=daklak, source="Dak Lak visit"),
    }
    NeedRatingFactory(assessment=made["vietnam_needs"], priority=5)
    RiskRatingFactory(assessment=made["vietnam_risks"], likelihood=5, severity=5)
    return made


def listed(client, model):
    return {item.source for item in client.get(url(model, "list")).context["object_list"]}


def test_a_platform_lists_only_its_own_countrys_assessments(
    client, ghana_platform_member, assessments
):
    client.force_login(ghana_platform_member)

    assert listed(client, NeedsAssessment) == {"Ghana national"}
    assert listed(client, RiskAssessment) == {"Ashanti visit"}


@pytest.mark.parametrize("action", ["edit", "delete", "history", "usage", "inspect"])
@pytest.mark.parametrize("which", ["vietnam_needs", "vietnam_risks"])
def test_another_countrys_assessment_is_not_found(
    client, ghana_platform_member, assessments, action, which
):
    client.force_login(ghana_platform_member)
    assessment = assessments[which]

    assert client.get(url(type(assessment), action, assessment.pk)).status_code == 404


@pytest.mark.parametrize("action", ["edit", "delete", "history", "usage", "inspect"])
def test_its_own_countrys_assessment_opens(client, ghana_platform_member, assessments, action):
    client.force_login(ghana_platform_member)
    assessment = assessments["ghana_risks"]

    assert client.get(url(RiskAssessment, action, assessment.pk)).status_code == 200


def test_a_platform_changes_its_own_countrys_assessment(
    client, ghana_platform_member, assessments, ghana, yields
):
    client.force_login(ghana_platform_member)
    needs = assessments["ghana_needs"]

    response = client.post(
        url(NeedsAssessment, "edit", needs.pk), needs_form(ghana, (yields, 4), source="Revised")
    )

    assert response.status_code == 302
    needs.refresh_from_db()
    assert (needs.source, needs.ratings.get().priority) == ("Revised", 4)


def test_a_platform_removes_its_own_countrys_assessment(client, ghana_platform_member, assessments):
    client.force_login(ghana_platform_member)

    response = client.post(url(RiskAssessment, "delete", assessments["ghana_risks"].pk))

    assert response.status_code == 302
    assert set(RiskAssessment.objects.values_list("source", flat=True)) == {"Dak Lak visit"}


def test_a_platform_can_neither_change_nor_delete_another_countrys_assessment(
    client, ghana_platform_member, assessments, vietnam, yields
):
    client.force_login(ghana_platform_member)
    needs = assessments["vietnam_needs"]

    edit = client.post(
        url(NeedsAssessment, "edit", needs.pk), needs_form(vietnam, (yields, 1), source="Taken")
    )
    delete = client.post(url(NeedsAssessment, "delete", needs.pk))
    bulk_delete = reverse(
        "wagtail_bulk_action", args=["training_plans", "needsassessment", "delete"]
    )
    client.post(f"{bulk_delete}?id={needs.pk}")

    assert (edit.status_code, delete.status_code) == (404, 404)
    needs.refresh_from_db()
    assert needs.source == "Vietnam national"
    assert needs.ratings.get().priority == 5


def test_the_chooser_and_the_filters_show_nothing_of_another_country(
    client, ghana_platform_member, assessments
):
    client.force_login(ghana_platform_member)
    chooser = NeedsAssessment.snippet_viewset.chooser_viewset

    vietnams = assessments["vietnam_needs"].pk
    chosen = client.get(reverse(chooser.get_url_name("chosen"), args=[vietnams]))
    choose = client.get(reverse(chooser.get_url_name("choose")))
    listing = client.get(url(RiskAssessment, "list"))
    form = client.get(url(RiskAssessment, "add")).content.decode()

    assert chosen.status_code == 404
    assert "Needs of Ghana" in choose.content.decode()
    assert "Vietnam" not in choose.content.decode()
    group_choices = listing.context["filters"].form.fields["group"].queryset
    assert "Dak Lak coffee group" not in {group.name for group in group_choices}
    # Plain lists of the user's own choices, not Wagtail's chooser of every group.
    assert '<select name="group"' in form and "Dak Lak" not in form


def test_a_platform_records_a_needs_assessment_and_is_named_its_author(
    client, ghana_platform_member, ghana, yields
):
    client.force_login(ghana_platform_member)

    response = client.post(url(NeedsAssessment, "add"), needs_form(ghana, (yields, 5)))

    assert response.status_code == 302
    assessment = NeedsAssessment.objects.get()
    assert assessment.created_by == ghana_platform_member
    assert assessment.group is None
    assert assessment.ratings.get().priority == 5


def test_a_forged_country_or_group_is_refused_by_name(
    client, ghana_platform_member, ghana, vietnam, yields
):
    client.force_login(ghana_platform_member)
    daklak = ProducerGroupFactory(name="Dak Lak coffee group", country=vietnam)

    forged_country = client.post(url(NeedsAssessment, "add"), needs_form(vietnam, (yields, 5)))
    forged_group = client.post(
        url(RiskAssessment, "add"), risks_form(ghana, group=daklak, region="")
    )

    assert "Select a valid choice" in str(forged_country.context["form"].errors["country"])
    assert "Select a valid choice" in str(forged_group.context["form"].errors["group"])
    assert not NeedsAssessment.objects.exists()
    assert not RiskAssessment.objects.exists()


def test_a_subject_rated_twice_is_refused_with_its_name(
    client, ghana_platform_member, ghana, yields
):
    client.force_login(ghana_platform_member)

    response = client.post(url(NeedsAssessment, "add"), needs_form(ghana, (yields, 5), (yields, 2)))

    assert response.status_code == 200
    assert "“Better yields and food security” is rated twice." in response.content.decode()
    assert "Rate each subject once." in str(response.context["form"].non_field_errors())
    assert not NeedsAssessment.objects.exists()


def test_a_regional_risk_assessment_needs_its_region(client, ghana_platform_member, ghana):
    client.force_login(ghana_platform_member)

    response = client.post(url(RiskAssessment, "add"), risks_form(ghana, region="  "))

    assert response.status_code == 200
    assert "Name the region, or choose the producer group assessed." in str(
        response.context["form"].errors["region"]
    )
    assert not RiskAssessment.objects.exists()


def test_a_groups_risk_assessment_takes_the_groups_country_and_region(
    client, ghana_platform_member, ghana
):
    client.force_login(ghana_platform_member)
    group = ProducerGroupFactory(name="Asante cocoa farmers", region="Ashanti")

    client.post(url(RiskAssessment, "add"), risks_form(ghana, group=group, region="Elsewhere"))

    assessment = RiskAssessment.objects.get()
    assert (assessment.group, assessment.region) == (group, "Ashanti")
    assert assessment.ratings.get().level == "high"
    assert assessment.created_by == ghana_platform_member


def test_the_committee_reads_every_assessment_but_changes_none(
    client, committee_member, assessments, ghana, yields
):
    client.force_login(committee_member)
    needs = assessments["ghana_needs"]

    reads = listed(client, NeedsAssessment) | listed(client, RiskAssessment)
    inspect = client.get(url(NeedsAssessment, "inspect", needs.pk))
    edit = client.post(url(NeedsAssessment, "edit", needs.pk), needs_form(ghana, (yields, 1)))
    delete = client.post(url(NeedsAssessment, "delete", needs.pk))
    add = client.post(url(NeedsAssessment, "add"), needs_form(ghana, (yields, 1)))

    assert reads == {"Ghana national", "Vietnam national", "Ashanti visit", "Dak Lak visit"}
    assert inspect.status_code == 200
    assert (edit.status_code, delete.status_code) == (404, 404)
    assert add.status_code == 302 and add.url == reverse("wagtailadmin_home")  # refused
    assert NeedsAssessment.objects.count() == 2
    assert not needs.ratings.exists()


def test_a_monitoring_viewer_reaches_no_assessment_in_the_admin(
    client, monitoring_viewer, ghana, assessments
):
    """The role has no admin access at all; its grant would only let it read Ghana's."""
    ghana.monitoring_viewers.add(monitoring_viewer)
    client.force_login(monitoring_viewer)

    response = client.get(url(NeedsAssessment, "list"))
    inspect = client.get(url(NeedsAssessment, "inspect", assessments["ghana_needs"].pk))

    assert response.status_code == inspect.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    policy = AssessmentPermissionPolicy(NeedsAssessment)
    readable = policy.instances_user_has_permission_for(monitoring_viewer, "view")
    assert not policy.user_has_permission(monitoring_viewer, "change")
    assert assessments["vietnam_needs"] not in readable


@pytest.mark.parametrize("who", ["trainer", "learner"])
def test_other_roles_reach_no_assessment(client, request, who, assessments):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url(NeedsAssessment, "list")).status_code == 302


def test_a_manager_changes_only_their_groups_assessments(role_group, assessments):
    from content.factories import UserFactory

    manager = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group = assessments["ghana_risks"].group
    group.managers.add(manager)
    group.save()

    assert list(RiskAssessment.objects.changeable_by(manager)) == [assessments["ghana_risks"]]
    assert not RiskAssessment.objects.removable_by(manager).exists()
    # …yet the admin gives a manager nothing: managers have no admin role.
    assert not AssessmentPermissionPolicy(RiskAssessment).user_has_permission(manager, "change")


def test_the_list_shows_scope_and_highest_risk_and_filters_by_period(
    client, committee_member, assessments
):
    client.force_login(committee_member)
    RiskRatingFactory(assessment=assessments["ghana_risks"], likelihood=3, severity=3)

    page = client.get(url(RiskAssessment, "list")).content.decode()
    searched = client.get(url(RiskAssessment, "list"), {"q": "Dak Lak"})
    in_2025 = client.get(url(RiskAssessment, "list"), {"assessed_on_to": "2025-12-31"})

    assert "Vietnam · Dak Lak coffee group" in page and "Ghana · Farmers" in page
    assert "High" in page and "Medium" in page
    assert [a.source for a in searched.context["object_list"]] == ["Dak Lak visit"]
    assert not in_2025.context["object_list"]


def test_the_list_costs_the_same_queries_for_more_assessments(
    client, ghana_platform_member, django_assert_max_num_queries
):
    client.force_login(ghana_platform_member)
    NeedRatingFactory(priority=4)
    with django_assert_max_num_queries(40) as few:
        client.get(url(NeedsAssessment, "list"))

    for _n in range(10):
        NeedRatingFactory(priority=5)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(NeedsAssessment, "list"))
