"""The whole action plan and its review (issue 20, point 6): actions beside the modules,
a yearly review of each action, the next cycle's plan carrying what is unfinished, and the
yearly report listing them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country, NeedArea
from tests.dates import FromToday, on_the_day, today
from training_plans.factories import RiskAssessmentFactory, RiskRatingFactory, TrainingPlanFactory
from training_plans.models import ActionReview, PlanAction, PlanReview, TrainingPlan
from training_plans.selectors import actions_reviewed_in
from training_plans.services import (
    ActionRating,
    plan_action_remove,
    plan_action_save,
    plan_review_record,
    training_plan_next_cycle,
)

pytestmark = pytest.mark.django_db
# The plans' year. Taken once, at import: the tests compare it only with itself (a
# plan's dates, a review's year), never with the clock, so a run that crosses the new
# year still agrees with itself.
YEAR = timezone.localdate().year


@pytest.fixture
def deforestation():
    return NeedArea.objects.get(slug="deforestation")


@pytest.fixture
def plan():
    group = ProducerGroupFactory(name="Ashanti cocoa farmers")
    return TrainingPlanFactory(
        group=group,
        title=f"{YEAR} plan",
        starts_on=datetime.date(YEAR, 1, 1),
        ends_on=datetime.date(YEAR, 12, 31),
        currency="GHS",
    )


@pytest.fixture
def manager(plan):
    person = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    plan.group.managers.add(person)
    plan.group.save()
    return person


@pytest.fixture
def rating(plan, deforestation):
    return RiskRatingFactory(
        assessment=RiskAssessmentFactory(group=plan.group), core_risk=deforestation
    )


def action(plan, **values):
    defaults = {
        "kind": PlanAction.Kind.MITIGATION,
        "title": "Map the boundaries of every member's plots",
        "owner": "ICS officer",
        "indicator": "Share of plots with mapped boundaries",
        "budget": 1200,
        "starts_on": datetime.date(YEAR, 2, 1),
        "ends_on": datetime.date(YEAR, 6, 30),
    }
    return PlanAction(plan=plan, **{**defaults, **values})


def test_an_action_cites_its_rating_and_takes_its_core_issue(plan, manager, rating):
    saved = plan_action_save(action=action(plan, risk_rating=rating), user=manager)

    assert saved.core_risk == rating.core_risk and saved.position == 0
    assert saved.budget_currency == "GHS"
    second = plan_action_save(
        action=action(plan, kind="support", title="Savings group", core_risk=None), user=manager
    )
    assert second.position == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ends_on": datetime.date(YEAR, 1, 15)}, "ends_on"),
        ({"starts_on": datetime.date(YEAR + 1, 2, 1), "ends_on": None}, "starts_on"),
        ({"currency": "CEDI"}, "currency"),
        ({"owner": ""}, "owner"),
        ({"indicator": ""}, "indicator"),
        ({"budget": -5}, "budget"),
        ({"status": "abandoned"}, "status"),
        ({"core_risk": None}, "core_risk"),
    ],
)
def test_a_bad_action_is_refused_by_field_and_nothing_is_stored(plan, manager, values, field):
    with pytest.raises(ValidationError) as refused:
        plan_action_save(action=action(plan, **values), user=manager)
    assert field in refused.value.message_dict
    assert not PlanAction.objects.exists()


def test_a_rating_of_another_group_is_refused(plan, manager, deforestation):
    elsewhere = RiskRatingFactory(core_risk=deforestation)  # another group's assessment
    with pytest.raises(ValidationError) as refused:
        plan_action_save(action=action(plan, risk_rating=elsewhere), user=manager)
    assert "risk_rating" in refused.value.message_dict
    assert not PlanAction.objects.exists()


def test_the_review_rates_each_action_and_can_be_corrected(plan, manager, deforestation):
    mapped = plan_action_save(action=action(plan, core_risk=deforestation), user=manager)
    savings = plan_action_save(
        action=action(plan, kind="support", title="Savings group", core_risk=None), user=manager
    )

    plan_review_record(
        plan=plan,
        user=manager,
        year=YEAR,
        reviewed_on=today(),
        summary="Mapping went well.",
        ratings=[
            ActionRating(mapped.pk, "effective", "182 of 190 plots mapped"),
            ActionRating(savings.pk, "too_early"),
        ],
    )
    plan_review_record(
        plan=plan,
        user=manager,
        year=YEAR,
        reviewed_on=today(),
        ratings=[ActionRating(mapped.pk, "partly", "Only 120 plots mapped after all")],
    )

    review = PlanReview.objects.get()
    assert review.reviewed_by == manager
    assert dict(review.actions.values_list("action__title", "effectiveness")) == {
        mapped.title: "partly",
        "Savings group": "too_early",
    }
    with pytest.raises(ValidationError):
        plan_action_remove(action=mapped, user=manager)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": YEAR + 5}, "year"),
        ({"reviewed_on": FromToday(1)}, "reviewed_on"),
        ({"ratings": []}, "actions"),
        ({"effectiveness": "brilliant"}, "action"),
        ({"evidence": ""}, "action"),
        ({"action_id": 0}, "action"),
    ],
)
def test_a_bad_review_is_refused_by_field_and_nothing_is_stored(
    plan, manager, deforestation, changes, field
):
    changes = on_the_day(changes)
    mapped = plan_action_save(action=action(plan, core_risk=deforestation), user=manager)
    rating = ActionRating(
        changes.pop("action_id", mapped.pk),
        changes.pop("effectiveness", "effective"),
        changes.pop("evidence", "182 of 190 plots mapped"),
    )
    values = {"year": YEAR, "reviewed_on": today(), "ratings": [rating], **changes}
    with pytest.raises(ValidationError) as refused:
        plan_review_record(plan=plan, user=manager, **values)
    assert any(key.startswith(field) for key in refused.value.message_dict)
    assert not PlanReview.objects.exists() and not ActionReview.objects.exists()


def test_the_next_cycle_carries_the_unfinished_actions(plan, manager, deforestation):
    done = plan_action_save(
        action=action(plan, core_risk=deforestation, status="done"), user=manager
    )
    going = plan_action_save(
        action=action(
            plan, title="Train on child labour", core_risk=deforestation, status="in_progress"
        ),
        user=manager,
    )
    planned = plan_action_save(
        action=action(plan, kind="support", title="Savings group", core_risk=None), user=manager
    )
    plan_action_save(
        action=action(plan, title="Dropped", core_risk=deforestation, status="dropped"),
        user=manager,
    )

    following = training_plan_next_cycle(
        plan=plan,
        user=manager,
        title=f"{YEAR + 1} plan",
        starts_on=datetime.date(YEAR + 1, 1, 1),
        ends_on=datetime.date(YEAR + 1, 12, 31),
    )

    assert following.follows == plan and following.currency == "GHS"
    carried = list(following.actions.order_by("position"))
    assert [(a.title, a.status, a.carried_from) for a in carried] == [
        ("Train on child labour", "in_progress", going),
        ("Savings group", "planned", planned),
    ]
    assert done.carried_into.count() == 0
    with pytest.raises(ValidationError) as refused:
        training_plan_next_cycle(
            plan=plan,
            user=manager,
            title="Again",
            starts_on=datetime.date(YEAR + 1, 1, 1),
            ends_on=datetime.date(YEAR + 1, 12, 31),
        )
    assert "title" in refused.value.message_dict
    assert TrainingPlan.objects.count() == 2


def test_the_next_cycle_starts_after_this_one(plan, manager):
    with pytest.raises(ValidationError) as refused:
        training_plan_next_cycle(
            plan=plan,
            user=manager,
            title="Earlier",
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
        )
    assert "starts_on" in refused.value.message_dict
    assert TrainingPlan.objects.count() == 1


def test_the_pages_add_review_and_carry_actions(client, plan, manager, deforestation, rating):
    client.force_login(manager)
    group, base = plan.group, reverse("training_plans:detail", args=[plan.group.pk, plan.pk])

    response = client.post(
        reverse("training_plans:action_add", args=[group.pk, plan.pk]),
        {
            "kind": "mitigation",
            "title": "Map the boundaries",
            "risk_rating": rating.pk,
            "core_risk": "",
            "owner": "ICS officer",
            "starts_on": f"{YEAR}-02-01",
            "ends_on": f"{YEAR}-06-30",
            "budget": "1200",
            "currency": "",
            "indicator": "Share of plots mapped",
            "status": "in_progress",
            "notes": "",
        },
    )
    assert response.status_code == 302
    mapped = PlanAction.objects.get()
    assert "Map the boundaries" in client.get(base).content.decode()

    bad = client.post(
        reverse("training_plans:review_add", args=[group.pk, plan.pk]),
        {
            "year": YEAR,
            "reviewed_on": today().isoformat(),
            f"effectiveness-{mapped.pk}": "effective",
        },
    )
    assert bad.status_code == 200
    assert f"effectiveness-{mapped.pk}" in bad.context["form"].errors
    assert not PlanReview.objects.exists()

    client.post(
        reverse("training_plans:review_add", args=[group.pk, plan.pk]),
        {
            "year": YEAR,
            "reviewed_on": today().isoformat(),
            f"effectiveness-{mapped.pk}": "partly",
            f"evidence-{mapped.pk}": "120 of 190 plots",
        },
    )
    assert "120 of 190 plots" in client.get(base).content.decode()

    response = client.post(
        reverse("training_plans:next", args=[group.pk, plan.pk]),
        {"title": "Next", "starts_on": f"{YEAR + 1}-01-01", "ends_on": f"{YEAR + 1}-12-31"},
    )
    following = TrainingPlan.objects.get(title="Next")
    assert response.status_code == 302
    assert following.actions.get().carried_from == mapped


def test_another_countrys_platform_reaches_no_action(client, plan, manager, deforestation):
    mapped = plan_action_save(action=action(plan, core_risk=deforestation), user=manager)
    vietnam = UserFactory(
        username="lan", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )
    client.force_login(vietnam)
    group = plan.group
    for name, args in (
        ("action_edit", [group.pk, plan.pk, mapped.pk]),
        ("action_remove", [group.pk, plan.pk, mapped.pk]),
        ("review_add", [group.pk, plan.pk]),
        ("next", [group.pk, plan.pk]),
    ):
        assert client.post(reverse(f"training_plans:{name}", args=args)).status_code == 404
    assert PlanAction.objects.get() == mapped


def test_the_yearly_report_lists_actions_with_their_review(plan, manager, deforestation):
    mapped = plan_action_save(action=action(plan, core_risk=deforestation), user=manager)
    plan_review_record(
        plan=plan,
        user=manager,
        year=YEAR,
        reviewed_on=today(),
        ratings=[ActionRating(mapped.pk, "effective", "182 of 190 plots mapped")],
    )
    other = ProducerGroupFactory(country=Country.objects.get(slug="vietnam"))
    TrainingPlanFactory(group=other, starts_on=plan.starts_on, ends_on=plan.ends_on)

    rows = actions_reviewed_in(year=YEAR, country_ids=[plan.group.country_id])
    assert [(a.title, r.effectiveness) for a, r in rows] == [(mapped.title, "effective")]
    assert actions_reviewed_in(year=YEAR + 1) == []


def test_the_plans_exports_carry_its_actions(client, plan, manager, deforestation):
    import io

    import openpyxl

    plan_action_save(action=action(plan, core_risk=deforestation), user=manager)
    client.force_login(manager)
    response = client.get(reverse("training_plans:export", args=[plan.group.pk, plan.pk, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    actions = workbook.worksheets[1]
    assert [cell.value for cell in actions[2]][:4] == [
        "Map the boundaries of every member's plots",
        "Mitigation of a risk",
        str(deforestation),
        "ICS officer",
    ]
