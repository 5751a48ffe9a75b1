"""The improvement plan on the group's pages (issue 5, point 4)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ImprovementCycleFactory, ImprovementItemFactory
from organisation_levels.models import ImprovementItem
from tests.dates import days_from_today

pytestmark = pytest.mark.django_db


def url(name, group, *args):
    return reverse(f"producer_groups:{name}", args=[group.pk, *args])


def item_form(**values):
    return {
        "stage": "plan",
        "description": "Write the internal inspection procedure",
        "owner": "Kofi, internal inspector",
        "due_date": "2027-03-31",
        "status": "to_do",
        "evidence_notes": "",
        **values,
    }


def test_a_manager_starts_a_cycle_and_adds_an_item_with_a_module_and_evidence(
    client, group, manager, backpack
):
    module = TrainingModulePageFactory(parent=backpack, code="ICS-01", title="Internal control")
    client.force_login(manager)

    client.post(url("cycle_start", group), {"title": "2027 quality plan"})
    response = client.post(
        url("item_new", group),
        item_form(
            modules=[module.pk],
            evidence=[SimpleUploadedFile("draft.pdf", b"%PDF-1.4 draft")],
        ),
        follow=True,
    )

    item = ImprovementItem.objects.get()
    assert (item.cycle.title, item.owner, str(item.due_date)) == (
        "2027 quality plan",
        "Kofi, internal inspector",
        "2027-03-31",
    )
    assert list(item.modules.all()) == [module]
    assert item.evidence_files.get().original_name == "draft.pdf"
    html = response.content.decode()
    assert "Item saved." in html and "ICS-01" in html and "draft.pdf" in html


def test_an_overdue_item_stands_out(client, group, manager):
    cycle = ImprovementCycleFactory(group=group)
    ImprovementItemFactory(
        cycle=cycle, description="Hold the general assembly", due_date=days_from_today(-1)
    )
    ImprovementItemFactory(cycle=cycle, description="Print the register", status="done")
    client.force_login(manager)

    html = client.get(url("plan", group)).content.decode()

    assert html.count("item--overdue") == 1
    assert "1 of 2 items done (50%)" in html


def test_wrong_item_fields_are_named_and_nothing_changes(client, group, manager):
    item = ImprovementItemFactory(cycle__group=group, description="Original")
    client.force_login(manager)

    response = client.post(
        url("item_edit", group, item.pk),
        item_form(description="", stage="think", status="carried_over", due_date="31/31/2027"),
    )

    errors = response.context["form"].errors
    assert set(errors) == {"description", "stage", "status", "due_date"}
    assert ImprovementItem.objects.get(pk=item.pk).description == "Original"


def test_closing_from_the_page_carries_items_over(client, group, manager):
    cycle = ImprovementCycleFactory(group=group, title="2026 plan")
    ImprovementItemFactory(cycle=cycle, description="Train the inspectors")
    client.force_login(manager)
    assert (
        "1 unfinished item will be carried"
        in client.get(url("cycle_close", group)).content.decode()
    )

    response = client.post(
        url("cycle_close", group),
        {"review_notes": "Half done.", "next_title": "2027 plan"},
        follow=True,
    )

    html = response.content.decode()
    assert "Cycle 2: 2027 plan" in html and "carried over from the previous cycle" in html
    old = client.get(url("plan", group) + "?cycle=1").content.decode()
    assert "Carried into the next cycle" in old and "Half done." in old
    assert "Add an item" not in old


def test_closing_needs_review_notes(client, group, manager):
    ImprovementCycleFactory(group=group)
    client.force_login(manager)

    response = client.post(url("cycle_close", group), {"next_title": "Next"})

    assert "review_notes" in response.context["form"].errors
    assert group.improvement_cycles.get().status == "open"


def test_an_item_of_a_closed_cycle_cannot_be_edited(client, group, manager):
    item = ImprovementItemFactory(cycle__group=group, cycle__status="closed", description="Old")
    client.force_login(manager)

    response = client.post(url("item_edit", group, item.pk), item_form(), follow=True)

    assert "This cycle is closed" in response.content.decode()
    assert ImprovementItem.objects.get(pk=item.pk).description == "Old"


def test_an_item_of_another_group_is_not_found(client, group, vietnam_group, manager):
    foreign = ImprovementItemFactory(cycle__group=vietnam_group, description="Theirs")
    client.force_login(manager)

    response = client.post(url("item_edit", group, foreign.pk), item_form())

    assert response.status_code == 404
    assert ImprovementItem.objects.get(pk=foreign.pk).description == "Theirs"


def test_an_unknown_cycle_number_is_not_found(client, group, manager):
    ImprovementCycleFactory(group=group)
    client.force_login(manager)

    assert client.get(url("plan", group) + "?cycle=7").status_code == 404


def test_a_monitoring_viewer_reads_the_plan_without_forms(client, group, ghana_viewer):
    ImprovementItemFactory(cycle__group=group, description="Train the inspectors")
    client.force_login(ghana_viewer)

    html = client.get(url("plan", group)).content.decode()

    assert "Train the inspectors" in html
    assert "Add an item" not in html and "Close this cycle" not in html and "Update" not in html
    assert client.post(url("cycle_close", group), {"review_notes": "x"}).status_code == 404


def test_the_plan_costs_the_same_queries_for_a_long_plan(
    client, group, manager, backpack, django_assert_max_num_queries
):
    cycle = ImprovementCycleFactory(group=group)
    modules = [TrainingModulePageFactory(parent=backpack, code=f"QMS-{n}") for n in range(3)]
    client.force_login(manager)

    def add_items(count):
        for _ in range(count):
            item = ImprovementItemFactory(cycle=cycle, due_date=days_from_today(-1))
            item.modules.set(modules)

    add_items(1)
    with django_assert_max_num_queries(30) as short_plan:
        client.get(url("plan", group))
    add_items(20)

    with django_assert_max_num_queries(len(short_plan.captured_queries)):
        client.get(url("plan", group))


@pytest.mark.parametrize("language", ["fr", "id", "vi"])
def test_a_due_date_survives_editing_in_any_language(client, group, manager, language):
    item = ImprovementItemFactory(cycle__group=group, due_date=datetime.date(2027, 3, 31))
    client.force_login(manager)
    edit = f"/{language}/groups/{group.pk}/plan/items/{item.pk}/"

    form = client.get(edit).content.decode()

    # The phone's date picker reads only ISO dates; any other format shows it empty.
    assert 'type="date" name="due_date" value="2027-03-31"' in form


def test_a_forged_module_is_refused(client, group, manager, backpack):
    draft = TrainingModulePageFactory(parent=backpack, code="DRAFT-1", live=False)
    item = ImprovementItemFactory(cycle__group=group)
    client.force_login(manager)

    response = client.post(url("item_edit", group, item.pk), item_form(modules=[draft.pk]))

    assert "modules" in response.context["form"].errors
    assert not item.modules.exists()


@pytest.mark.parametrize("who", ["ghana_viewer", "committee_member"])
def test_readers_cannot_change_an_existing_item(client, request, group, who):
    item = ImprovementItemFactory(cycle__group=group, description="Original")
    client.force_login(request.getfixturevalue(who))

    response = client.post(url("item_edit", group, item.pk), item_form(description="Forged"))

    assert response.status_code == 404
    assert ImprovementItem.objects.get(pk=item.pk).description == "Original"


def test_saving_over_someone_s_later_change_is_refused_naming_them(client, group, manager):
    """The rule of the trainer app's plan updates (issue 18, point 2) holds on the site."""
    from content.factories import UserFactory
    from organisation_levels.services import improvement_item_save

    item = ImprovementItemFactory(cycle__group=group, description="Original")
    client.force_login(manager)
    form = client.get(url("item_edit", group, item.pk)).content.decode()
    assert 'name="edited_version" value="1"' in form

    kwame = UserFactory(username="kwame", first_name="Kwame", last_name="Owusu")
    group.managers.add(kwame)
    group.save()
    item.owner = "Treasurer"
    improvement_item_save(item=item, user=kwame)

    response = client.post(
        url("item_edit", group, item.pk), item_form(description="Mine", edited_version="1")
    )
    assert "was changed by Kwame Owusu" in response.content.decode()
    assert ImprovementItem.objects.get(pk=item.pk).description == "Original"

    client.post(url("item_edit", group, item.pk), item_form(description="Mine", edited_version="2"))
    assert ImprovementItem.objects.get(pk=item.pk).description == "Mine"
