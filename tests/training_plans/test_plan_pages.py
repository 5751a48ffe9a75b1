"""Training plans on the group's pages: create, edit, timeline, exports (issue 6, point 3)."""

import datetime
import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils.text import slugify

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import CountryPerson
from reference import roles
from reference.models import Commodity, Country, DeliveryMethod
from training_plans.factories import TrainingPlanFactory, TrainingPlanItemFactory
from training_plans.models import TrainingPlan, TrainingPlanItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = ProducerGroupFactory(name="Asante cocoa farmers")
    group.commodities.add(Commodity.objects.get(slug="cocoa"))
    group.save()
    return group


@pytest.fixture
def manager(group):
    manager = UserFactory(username="abena", groups=[roles.PRODUCER_GROUP_MANAGERS])
    group.managers.add(manager)
    group.save()
    return manager


@pytest.fixture
def plan(group, backpack_modules):
    plan = TrainingPlanFactory(group=group, currency="GHS")
    for code in ("PO-01", "GAP-01", "ENV-01"):
        TrainingPlanItemFactory(plan=plan, module=backpack_modules[code], reasons=[f"why {code}"])
    return plan


def url(name, group, *args):
    return reverse(f"training_plans:{name}", args=[group.pk, *args])


def item_codes(plan):
    return list(plan.items.order_by("position", "pk").values_list("module_code", flat=True))


def test_a_new_plan_holds_the_recommendation_in_order_with_reasons(
    client, group, manager, backpack_modules
):
    client.force_login(manager)

    response = client.post(
        url("new", group),
        {
            "title": "2027 plan",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "currency": "ghs",
        },
        follow=True,
    )

    plan = TrainingPlan.objects.get()
    assert (plan.title, plan.currency, plan.created_by) == ("2027 plan", "GHS", manager)
    assert item_codes(plan) == ["ENV-01", "GAP-01", "PO-01"]
    first = plan.items.order_by("position").first()
    assert first.reasons == ["targets Low groups"]
    assert first.delivery_method == DeliveryMethod.objects.get(slug="workshop")
    assert "Plan created with 3 recommended modules." in response.content.decode()


def test_a_plan_cannot_end_before_it_starts(client, group, manager):
    client.force_login(manager)

    response = client.post(
        url("new", group),
        {"title": "Backwards", "starts_on": "2027-12-31", "ends_on": "2027-01-01"},
    )

    assert "The plan cannot end before it starts." in response.content.decode()
    assert not TrainingPlan.objects.exists()


def test_another_countrys_trainer_is_neither_offered_nor_accepted(client, group, manager, plan):
    """The picker offered, and the form accepted, any country's trainer (issue 14)."""
    ghanaian = UserFactory(username="kofi", first_name="Kofi", groups=[roles.TRAINERS])
    CountryPerson.objects.create(country=group.country, person=ghanaian)
    vietnamese = UserFactory(username="lan", first_name="Lan", groups=[roles.TRAINERS])
    CountryPerson.objects.create(country=Country.objects.get(slug="vietnam"), person=vietnamese)
    item = plan.items.get(module_code="GAP-01")
    client.force_login(manager)

    form = client.get(url("item_edit", group, plan.pk, item.pk)).context["form"]
    response = client.post(
        url("item_edit", group, plan.pk, item.pk),
        {"planned_from": "2027-02-01", "trainer": vietnamese.pk, "status": "scheduled"},
    )

    assert list(form.fields["trainer"].queryset) == [ghanaian]
    assert "trainer" in response.context["form"].errors
    item.refresh_from_db()
    assert item.trainer is None


def test_scheduling_an_item_with_a_trainer_method_and_budget(client, group, manager, plan):
    trainer = UserFactory(username="kofi", first_name="Kofi", groups=[roles.TRAINERS])
    CountryPerson.objects.create(country=group.country, person=trainer)  # works in Ghana
    item = plan.items.get(module_code="GAP-01")
    client.force_login(manager)

    client.post(
        url("item_edit", group, plan.pk, item.pk),
        {
            "planned_from": "2027-02-01",
            "planned_until": "2027-03-15",
            "trainer": trainer.pk,
            "delivery_method": DeliveryMethod.objects.get(slug="farmer-field-school").pk,
            "budget": "1250.50",
            "status": "scheduled",
        },
    )

    item.refresh_from_db()
    assert (item.trainer, str(item.budget), item.status) == (trainer, "1250.50", "scheduled")
    page = client.get(url("detail", group, plan.pk))
    assert [row.months[:4] for row in page.context["rows"] if row.item.pk == item.pk] == [
        [False, True, True, False]
    ]
    assert "1,250.50 GHS" in page.content.decode()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("trainer", "not-a-trainer", "Select a valid choice"),
        ("budget", "-5", "greater than or equal to 0"),
        ("planned_until", "2027-01-01", "cannot come before its start"),
        ("status", "finished", "Select a valid choice"),
        ("planned_from", "31/02/2027", "Enter a valid date"),
    ],
)
def test_wrong_item_fields_are_named_and_nothing_changes(
    client, group, manager, plan, field, value, message
):
    someone = UserFactory(username="not-a-trainer")
    item = plan.items.get(module_code="GAP-01")
    client.force_login(manager)
    data = {"planned_from": "2027-02-01", "status": "planned", field: value}
    if field == "trainer":
        data["trainer"] = someone.pk

    response = client.post(url("item_edit", group, plan.pk, item.pk), data)

    assert message in " ".join(
        response.context["form"].errors.get(field, []) + response.context["form"].non_field_errors()
    )
    assert TrainingPlanItem.objects.get(pk=item.pk).planned_from is None


def test_adding_moving_and_removing_modules(client, group, manager, plan, backpack_modules):
    client.force_login(manager)

    client.post(url("item_add", group, plan.pk), {"module": backpack_modules["QM-01"].pk})
    again = client.post(
        url("item_add", group, plan.pk), {"module": backpack_modules["QM-01"].pk}, follow=True
    )
    assert "Choose a published module that is not in the plan yet." in again.content.decode()
    added = plan.items.get(module_code="QM-01")
    assert added.reasons == ["added by hand"]  # Moderate: not recommended for this Low group

    client.post(url("item_move", group, plan.pk, added.pk, "up"))
    client.post(url("item_move", group, plan.pk, plan.items.get(module_code="PO-01").pk, "up"))
    assert item_codes(plan) == ["PO-01", "GAP-01", "QM-01", "ENV-01"]

    client.post(url("item_remove", group, plan.pk, added.pk))
    assert item_codes(plan) == ["PO-01", "GAP-01", "ENV-01"]


def test_a_delivered_module_stays_in_the_plan(client, group, manager, plan):
    delivered = plan.items.get(module_code="PO-01")
    delivered.status = "delivered"
    delivered.save()
    client.force_login(manager)

    response = client.post(url("item_remove", group, plan.pk, delivered.pk), follow=True)

    assert "PO-01 was delivered" in response.content.decode()
    assert plan.items.filter(pk=delivered.pk).exists()


def test_a_draft_module_cannot_be_forged_into_the_plan(client, group, manager, plan, backpack):
    from modules.factories import TrainingModulePageFactory

    draft = TrainingModulePageFactory(parent=backpack, code="DRAFT-01", live=False)
    client.force_login(manager)

    client.post(url("item_add", group, plan.pk), {"module": draft.pk})

    assert not plan.items.filter(module_code="DRAFT-01").exists()


def test_the_excel_export_opens_with_every_module_and_the_total(client, group, manager, plan):
    item = plan.items.get(module_code="GAP-01")
    item.budget, item.planned_from = 300, datetime.date(2027, 2, 1)
    item.save()
    client.force_login(manager)

    response = client.get(url("export", group, plan.pk, "xlsx"))

    assert response["Content-Disposition"] == (
        'attachment; filename="asante-cocoa-farmers-2027-training-plan.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[4:7]] == ["PO-01", "GAP-01", "ENV-01"]
    assert values[5][2] == "why GAP-01"
    assert values[7][6:8] == ("Total", 300)


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Hợp tác xã cà phê Đắk Lắk", "hop-tac-xa-ca-phe-ak-lak-"),
        # Thai letters have no ASCII form: the plan's title alone names the file.
        ("กลุ่มเกษตรกรโกโก้", ""),
    ],
)
def test_a_group_named_in_thai_or_vietnamese_exports_its_plan(
    client, group, manager, plan, name, file_name
):
    group.name = name
    group.save()
    client.force_login(manager)

    for file_format in ("xlsx", "pdf"):
        response = client.get(url("export", group, plan.pk, file_format))

        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="{file_name}{slugify(plan.title)}.{file_format}"'
        )


def test_the_pdf_export_holds_the_plan(client, group, manager, plan):
    client.force_login(manager)

    response = client.get(url("export", group, plan.pk, "pdf"))

    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "2027 training plan" in text and "Asante cocoa farmers" in text
    assert "GAP-01" in text and "why ENV-01" in text


@pytest.mark.parametrize("file_format", ["xls", "docx"])
def test_only_excel_and_pdf_exist(client, group, manager, plan, file_format):
    client.force_login(manager)

    assert client.get(url("export", group, plan.pk, file_format)).status_code == 404


@pytest.mark.parametrize(
    "who, reads, changes",
    [
        ("manager", True, True),
        ("ghana_platform_member", True, True),
        ("ghana_viewer", True, False),
        ("committee_member", True, False),
        ("trainer", False, False),
    ],
)
def test_who_reads_and_who_changes_a_plan(client, request, group, plan, who, reads, changes):
    client.force_login(request.getfixturevalue(who))
    item = plan.items.get(module_code="GAP-01")

    assert client.get(url("detail", group, plan.pk)).status_code == (200 if reads else 404)
    assert client.get(url("export", group, plan.pk, "xlsx")).status_code == (200 if reads else 404)
    response = client.post(url("item_remove", group, plan.pk, item.pk))
    assert plan.items.filter(pk=item.pk).exists() != changes
    assert response.status_code == (302 if changes else 404)


def test_a_plan_of_another_group_is_not_found_through_this_one(client, group, manager, plan):
    other = ProducerGroupFactory(name="Other group")
    other_plan = TrainingPlanFactory(group=other)
    client.force_login(manager)

    assert client.get(url("detail", group, other_plan.pk)).status_code == 404
    assert client.get(url("detail", other, other_plan.pk)).status_code == 404


def test_the_plan_page_costs_the_same_queries_for_a_long_plan(
    client, group, manager, plan, backpack, django_assert_max_num_queries
):
    from modules.factories import TrainingModulePageFactory

    client.force_login(manager)
    with django_assert_max_num_queries(40) as short:
        client.get(url("detail", group, plan.pk))
    for n in range(12):
        module = TrainingModulePageFactory(parent=backpack, code=f"EXTRA-{n:02d}")
        TrainingPlanItemFactory(plan=plan, module=module, trainer=manager)

    with django_assert_max_num_queries(len(short.captured_queries)):
        client.get(url("detail", group, plan.pk))


def test_the_group_page_lists_the_training_received(client, group, manager, plan):
    delivered = plan.items.get(module_code="GAP-01")
    delivered.status, delivered.planned_until = "delivered", datetime.date(2027, 3, 31)
    delivered.save()
    client.force_login(manager)

    response = client.get(reverse("producer_groups:detail", args=[group.pk]))

    assert [item.module_code for item in response.context["training_received"]] == ["GAP-01"]
    # Received, so no longer recommended.
    assert "GAP-01" not in [r.module.code for r in response.context["next_modules"]]


def test_spreadsheet_formulas_typed_by_people_stay_text(client, group, manager, plan):
    plan.title = '=HYPERLINK("http://evil.example","x")'
    plan.save()
    item = plan.items.get(module_code="GAP-01")
    item.notes = "=1+1"
    item.save()
    client.force_login(manager)

    response = client.get(url("export", group, plan.pk, "xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("=HYPERLINK")
    notes = next(row[9] for row in sheet.iter_rows(min_row=5) if row[0].value == "GAP-01")
    assert notes.data_type == "s"


def test_a_plan_longer_than_three_years_is_refused(client, group, manager):
    client.force_login(manager)

    response = client.post(
        url("new", group), {"title": "Forever", "starts_on": "2027-01-01", "ends_on": "9999-12-31"}
    )

    assert "at most three years" in response.content.decode()
    assert not TrainingPlan.objects.exists()


def test_an_item_date_outside_the_plan_is_refused(client, group, manager, plan):
    item = plan.items.get(module_code="GAP-01")
    client.force_login(manager)

    response = client.post(
        url("item_edit", group, plan.pk, item.pk),
        {"planned_from": "2030-01-01", "status": "planned"},
    )

    assert "Choose a date within the plan" in " ".join(
        response.context["form"].errors["planned_from"]
    )
    assert TrainingPlanItem.objects.get(pk=item.pk).planned_from is None


def test_another_countrys_platform_cannot_change_a_plan(client, group, plan):
    from reference.models import Country

    vietnam = UserFactory(groups=[Country.objects.get(slug="vietnam").national_platform_group])
    item = plan.items.get(module_code="GAP-01")
    client.force_login(vietnam)

    assert client.post(url("item_remove", group, plan.pk, item.pk)).status_code == 404
    assert client.get(url("detail", group, plan.pk)).status_code == 404
    assert plan.items.filter(pk=item.pk).exists()


def test_an_item_of_another_plan_is_not_reached_through_this_one(client, group, manager, plan):
    other_plan = TrainingPlanFactory(group=group, title="Other")
    other_item = TrainingPlanItemFactory(plan=other_plan, module=None, module_code="X-01")
    client.force_login(manager)

    assert client.post(url("item_remove", group, plan.pk, other_item.pk)).status_code == 404
    assert TrainingPlanItem.objects.filter(pk=other_item.pk).exists()
