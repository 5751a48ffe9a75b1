"""The producer-group page and who reaches it (issue 5, points 5 and 6)."""

import pytest
from django.urls import reverse

from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import (
    ImprovementCycleFactory,
    ImprovementItemFactory,
    ProducerGroupFactory,
)
from organisation_levels.services import assessment_confirm, assessment_submit
from reference import roles
from reference.models import Commodity, Country, OrganisationLevel
from tests.organisation_levels.conftest import all_answers

pytestmark = pytest.mark.django_db


def page_of(group, name="detail"):
    return reverse(f"producer_groups:{name}", args=[group.pk])


def confirmed_assessment(group, manager, assessor, choice):
    assessment = assessment_submit(group=group, answers=all_answers(choice), submitted_by=manager)
    return assessment_confirm(assessment=assessment, assessor=assessor)


def test_the_group_page_shows_level_focus_plan_and_next_modules(
    client, group, manager, ghana_platform_member, backpack
):
    cocoa, coffee = Commodity.objects.get(slug="cocoa"), Commodity.objects.get(slug="coffee")
    group.commodities.add(cocoa)
    group.save()
    moderate = OrganisationLevel.objects.get(slug="moderate")
    TrainingModulePageFactory(
        parent=backpack, code="MOD-02", title="Group marketing", levels=[moderate]
    )
    TrainingModulePageFactory(
        parent=backpack,
        code="MOD-01",
        title="Cocoa quality",
        levels=[moderate],
        commodities=[cocoa],
    )
    TrainingModulePageFactory(
        parent=backpack,
        code="MOD-03",
        title="Coffee cupping",
        levels=[moderate],
        commodities=[coffee],
    )
    TrainingModulePageFactory(parent=backpack, code="LOW-01", title="Why organise")
    confirmed_assessment(group, manager, ghana_platform_member, choice=1)
    cycle = ImprovementCycleFactory(group=group, title="2027 quality plan")
    ImprovementItemFactory(cycle=cycle, status="done")
    ImprovementItemFactory(
        cycle=cycle, description="Write the inspection procedure", due_date="2020-01-01"
    )
    client.force_login(manager)

    response = client.get(page_of(group))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["level"] == moderate
    assert moderate.training_focus in html
    assert "1 of 2 items done (50%)" in html
    assert "1 overdue" in html and "Write the inspection procedure" in html
    # Fits the level and the group's commodities (untagged fits all); foundations first.
    assert [r.module.code for r in response.context["next_modules"]] == ["MOD-01", "MOD-02"]
    assert "data-level-chart" not in html  # one assessment: the table says it all


def test_before_any_confirmed_level_the_page_starts_from_the_lowest_level(
    client, group, manager, backpack
):
    TrainingModulePageFactory(parent=backpack, code="LOW-01", title="Why organise")
    assessment_submit(group=group, answers=all_answers(2), submitted_by=manager)
    client.force_login(manager)

    response = client.get(page_of(group))

    assert response.context["level"] is None
    assert response.context["modules_level"].slug == "low"
    assert "is waiting for an assessor" in response.content.decode()


def test_the_level_history_has_a_chart_and_a_table(client, group, manager, ghana_platform_member):
    for choice in (0, 1, 2):
        confirmed_assessment(group, manager, ghana_platform_member, choice)
    client.force_login(manager)

    response = client.get(page_of(group))

    html = response.content.decode()
    assert "data-level-chart" in html and "vendor/chart.js/chart.umd.min.js" in html
    assert [point["rank"] for point in response.context["chart"]["points"]] == [1, 2, 4]
    assert html.count("<tr>") == 4  # header and three assessments


def test_the_page_costs_the_same_queries_for_a_long_history(
    client, group, manager, ghana_platform_member, django_assert_max_num_queries
):
    cycle = ImprovementCycleFactory(group=group)
    client.force_login(manager)
    confirmed_assessment(group, manager, ghana_platform_member, 1)
    ImprovementItemFactory(cycle=cycle, due_date="2020-01-01")
    with django_assert_max_num_queries(40) as short_history:
        client.get(page_of(group))
    for _ in range(15):
        confirmed_assessment(group, manager, ghana_platform_member, 2)
        ImprovementItemFactory(cycle=cycle, due_date="2020-01-01")

    with django_assert_max_num_queries(len(short_history.captured_queries)):
        client.get(page_of(group))


@pytest.mark.parametrize(
    "who, sees_ghana, sees_vietnam",
    [
        ("manager", True, False),
        ("ghana_platform_member", True, False),
        ("ghana_viewer", True, False),
        ("committee_member", True, True),
        ("trainer", False, False),
        ("learner", False, False),
        ("monitoring_viewer", False, False),  # in the role, but granted no country
    ],
)
def test_each_role_reaches_only_its_groups(
    client, request, group, vietnam_group, who, sees_ghana, sees_vietnam
):
    client.force_login(request.getfixturevalue(who))

    listing = client.get(reverse("producer_groups:list"))

    assert [g.name for g in listing.context["groups"]] == [
        name
        for name, seen in [(group.name, sees_ghana), (vietnam_group.name, sees_vietnam)]
        if seen
    ]
    assert client.get(page_of(group)).status_code == (200 if sees_ghana else 404)
    assert client.get(page_of(vietnam_group)).status_code == (200 if sees_vietnam else 404)


@pytest.mark.parametrize("who", ["ghana_viewer", "committee_member"])
def test_readers_do_not_get_the_forms(client, request, group, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(page_of(group)).content.decode()

    assert "Assess the level" not in page
    for name in ("assess", "cycle_start", "item_new"):
        assert client.get(page_of(group, name)).status_code == 404
        assert client.post(page_of(group, name), {"title": "Forged"}).status_code == 404
    assert not group.improvement_cycles.exists()


def test_a_grant_for_another_country_does_not_open_this_one(client, group, ghana_viewer):
    Country.objects.get(slug="ghana").monitoring_viewers.remove(ghana_viewer)
    Country.objects.get(slug="vietnam").monitoring_viewers.add(ghana_viewer)
    client.force_login(ghana_viewer)

    assert client.get(page_of(group)).status_code == 404


def test_visitors_are_asked_to_sign_in(client, group):
    response = client.get(page_of(group))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_navigation_offers_groups_only_to_people_who_have_some(
    client, group, manager, learner, home
):
    client.force_login(manager)
    assert '<a href="/groups/">Producer groups</a>' in client.get(home.url).content.decode()

    client.force_login(learner)
    assert 'href="/groups/"' not in client.get(home.url).content.decode()


def test_leaving_the_monitoring_role_ends_the_grant(client, group, ghana_viewer, role_group):
    client.force_login(ghana_viewer)
    assert client.get(page_of(group)).status_code == 200

    ghana_viewer.groups.remove(role_group(roles.MONITORING_VIEWERS))

    assert client.get(page_of(group)).status_code == 404
    assert not Country.objects.monitored_by(ghana_viewer).exists()


def test_a_long_list_of_groups_is_paged(client, committee_member):
    for n in range(55):
        ProducerGroupFactory(name=f"Group {n:02d}")
    client.force_login(committee_member)

    first = client.get(reverse("producer_groups:list"))
    second = client.get(reverse("producer_groups:list") + "?page=2")

    assert len(first.context["groups"]) == 50 and len(second.context["groups"]) == 5
    assert "Page 1 of 2" in first.content.decode()
