"""National curricula and adapted modules: permissions, copies, upstream changes (issue 4)."""

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import Page

from adaptation.models import AdaptedModulePage, NationalCurriculumPage
from adaptation.selectors import (
    adaptation_is_behind,
    adaptation_slot_report,
    adaptations_behind,
    upstream_changes,
)
from adaptation.services import (
    adaptation_mark_reviewed,
    adaptation_take_changes,
    adaptation_upstream_conflicts,
    module_adapt,
)
from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def ghana():
    return Country.objects.get(slug="ghana")


@pytest.fixture
def vietnam_platform_member(db):
    return UserFactory(
        username="vietnam", groups=[Country.objects.get(slug="vietnam").national_platform_group]
    )


@pytest.fixture
def generic(backpack):
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Selling together")
    module.save_revision().publish()  # adaptations follow published revisions
    return TrainingModulePage.objects.get(pk=module.pk)


def curriculum(slug):
    return NationalCurriculumPage.objects.get(country__slug=slug)


def publish_generic(module, change):
    """Publish a new version of the generic module, `change` editing its raw body."""
    module = TrainingModulePage.objects.get(pk=module.pk)
    body = copy.deepcopy(list(module.body.raw_data))
    change(body)
    module.body = body
    module.save_revision().publish()
    return TrainingModulePage.objects.get(pk=module.pk)


def latest(adaptation):
    return AdaptedModulePage.objects.get(pk=adaptation.pk).get_latest_revision_as_object()


def test_every_country_has_a_curriculum_its_platform_alone_edits(
    backpack, generic, ghana_platform_member
):
    assert NationalCurriculumPage.objects.count() == Country.objects.count()

    def can_edit(page):
        return page.permissions_for_user(ghana_platform_member).can_edit()

    assert can_edit(curriculum("ghana"))
    assert not can_edit(curriculum("vietnam"))
    assert not can_edit(backpack)
    assert not can_edit(generic)


def test_the_admin_refuses_another_countrys_curriculum(client, ghana_platform_member, backpack):
    client.force_login(ghana_platform_member)

    own = client.get(reverse("wagtailadmin_pages:edit", args=[curriculum("ghana").pk]))
    other = client.get(reverse("wagtailadmin_pages:edit", args=[curriculum("vietnam").pk]))

    assert own.status_code == 200
    assert other.status_code == 302 and other.url == reverse("wagtailadmin_home")


def test_adapting_copies_the_published_module_with_its_blocks_and_provenance(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)

    assert adaptation.get_parent().specific == curriculum("ghana")
    assert not adaptation.live
    assert (adaptation.source, adaptation.source_revision) == (generic, generic.live_revision)
    assert (adaptation.title, adaptation.code, adaptation.summary) == (
        generic.title,
        generic.code,
        generic.summary,
    )
    generic_blocks = [(b["type"], b["id"]) for b in generic.body.raw_data]
    assert [(b["type"], b["id"]) for b in adaptation.body.raw_data] == generic_blocks
    slot = next(b for b in adaptation.body.raw_data if b["type"] == "adaptation_slot")
    assert slot["value"]["national_text"] == ""
    assert adaptation_slot_report(adaptation=adaptation).empty == ["Local example"]


def test_adapting_twice_or_for_another_country_is_refused(
    generic, ghana, ghana_platform_member, backpack
):
    module_adapt(source=generic, country=ghana, user=ghana_platform_member)

    with pytest.raises(ValidationError, match="already has an adaptation of PO-01"):
        module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    with pytest.raises(PermissionDenied):
        module_adapt(
            source=generic, country=Country.objects.get(slug="vietnam"), user=ghana_platform_member
        )
    draft = TrainingModulePageFactory(parent=backpack, code="DR-01", live=False)
    with pytest.raises(ValidationError, match="Only a published generic module"):
        module_adapt(source=draft, country=ghana, user=ghana_platform_member)
    assert AdaptedModulePage.objects.count() == 1


def test_the_adapt_screen_offers_only_the_users_countries(
    client, generic, ghana, ghana_platform_member
):
    client.force_login(ghana_platform_member)
    url = reverse("modules_adapt", args=[generic.pk])

    form = client.get(url)
    forged = client.post(url, {"country": Country.objects.get(slug="vietnam").pk})
    made = client.post(url, {"country": ghana.pk})

    assert list(form.context["form"].fields["country"].queryset) == [ghana]
    assert "country" in forged.context["form"].errors
    adaptation = AdaptedModulePage.objects.get()
    assert made.url == reverse("wagtailadmin_pages:edit", args=[adaptation.pk])


def test_the_adapt_screen_is_refused_to_people_without_a_country(client, generic, committee_member):
    client.force_login(committee_member)

    response = client.get(reverse("modules_adapt", args=[generic.pk]))

    assert response.status_code == 302 and not AdaptedModulePage.objects.exists()


def test_a_new_generic_version_shows_up_with_a_readable_difference(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    assert not adaptation_is_behind(adaptation=adaptation)

    def reword(body):
        body[0]["value"] = "<p>Selling together gets a better price and steadier buyers.</p>"

    publish_generic(generic, reword)

    assert adaptation_is_behind(adaptation=adaptation)
    assert list(adaptations_behind(countries=Country.objects.filter(slug="ghana"))) == [adaptation]
    assert not adaptations_behind(countries=Country.objects.filter(slug="vietnam")).exists()
    [change] = upstream_changes(adaptation=adaptation)
    assert "steadier buyers" in change.html


def test_taking_changes_merges_block_by_block(generic, ghana, ghana_platform_member):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    # The country fills its slot, rewrites the field exercise and adds a local block.
    draft = latest(adaptation)
    body = copy.deepcopy(list(draft.body.raw_data))
    slot = next(b for b in body if b["type"] == "adaptation_slot")
    slot["value"]["national_text"] = "<p>The Kuapa cooperative in Kumasi.</p>"
    exercise = next(b for b in body if b["type"] == "field_exercise")
    exercise["value"]["title"] = "Map the group in Ashanti"
    body.append({"type": "text", "value": "<p>Call the district office.</p>", "id": "local-1"})
    draft.body = body
    draft.save_revision(user=ghana_platform_member)

    def upstream(body):
        body[0]["value"] = "<p>Selling together, newly worded.</p>"  # text: untouched here
        exercise = next(b for b in body if b["type"] == "field_exercise")
        exercise["value"]["title"] = "Map the group and its buyers"  # changed on both sides
        slot = next(b for b in body if b["type"] == "adaptation_slot")
        slot["value"]["prompt"] = "Describe a group from your country, with its name."
        note = next(b for b in body if b["type"] == "facilitator_note")
        body.remove(note)  # removed upstream, untouched here
        body.insert(1, {"type": "text", "value": "<p>A new paragraph.</p>", "id": "new-1"})

    publish_generic(generic, upstream)

    # Changed on both sides: nothing is taken until the platform chooses.
    with pytest.raises(ValidationError, match="Choose your version or the generic one"):
        adaptation_take_changes(adaptation=adaptation, user=ghana_platform_member)
    assert latest(adaptation).source_revision == generic.live_revision
    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)
    assert (conflict.block_id, conflict.kind) == (exercise["id"], "both")
    kept = adaptation_take_changes(
        adaptation=adaptation, user=ghana_platform_member, choices={exercise["id"]: "yours"}
    )

    merged = {b["id"]: b for b in latest(adaptation).body.raw_data}
    order = [b["id"] for b in latest(adaptation).body.raw_data]
    text_id = generic.body.raw_data[0]["id"]
    assert merged[text_id]["value"] == "<p>Selling together, newly worded.</p>"
    assert merged[exercise["id"]]["value"]["title"] == "Map the group in Ashanti"
    assert kept == [exercise["id"]]
    assert merged[slot["id"]]["value"]["national_text"] == "<p>The Kuapa cooperative in Kumasi.</p>"
    assert merged[slot["id"]]["value"]["prompt"].endswith("with its name.")
    assert "facilitator_note" not in [b["type"] for b in merged.values()]
    assert order.index("new-1") == order.index(text_id) + 1
    assert order[-1] == "local-1"
    # Behind until the merged draft is published; then the public page has the changes.
    stored = AdaptedModulePage.objects.get(pk=adaptation.pk)
    assert adaptation_is_behind(adaptation=stored)
    assert (
        latest(adaptation).source_revision
        == TrainingModulePage.objects.get(pk=generic.pk).live_revision
    )
    assert adaptation_take_changes(adaptation=stored, user=ghana_platform_member) == []
    latest(adaptation).save_revision().publish()
    assert not adaptation_is_behind(adaptation=AdaptedModulePage.objects.get(pk=adaptation.pk))


def test_marking_reviewed_keeps_the_text_and_clears_the_warning(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    before = list(latest(adaptation).body.raw_data)
    publish_generic(generic, lambda body: body.pop(0))

    adaptation_mark_reviewed(adaptation=adaptation, user=ghana_platform_member)

    assert not adaptation_is_behind(adaptation=AdaptedModulePage.objects.get(pk=adaptation.pk))
    assert list(latest(adaptation).body.raw_data) == before


def test_another_countrys_adaptation_is_not_found_upstream(
    client, generic, ghana, ghana_platform_member, vietnam_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    publish_generic(generic, lambda body: body.pop(0))
    client.force_login(vietnam_platform_member)
    url = reverse("modules_adaptation_upstream", args=[adaptation.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "reviewed"}).status_code == 404
    assert adaptation_is_behind(adaptation=adaptation)
    with pytest.raises(PermissionDenied):
        adaptation_mark_reviewed(adaptation=adaptation, user=vietnam_platform_member)


def test_the_upstream_screen_takes_the_changes(client, generic, ghana, ghana_platform_member):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    publish_generic(generic, lambda body: body.pop(0))
    client.force_login(ghana_platform_member)
    url = reverse("modules_adaptation_upstream", args=[adaptation.pk])

    page = client.get(url)
    response = client.post(url, {"action": "take"})

    assert "Take the changes into the adaptation" in page.content.decode()
    assert response.url == reverse("wagtailadmin_pages:edit", args=[adaptation.pk])
    assert "The changes are in the latest draft" in client.get(url).content.decode()


def test_the_public_adapted_page_shows_the_countrys_text(
    client, generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    draft = latest(adaptation)
    body = copy.deepcopy(list(draft.body.raw_data))
    next(b for b in body if b["type"] == "adaptation_slot")["value"]["national_text"] = (
        "<p>The Kuapa cooperative in Kumasi.</p>"
    )
    draft.body = body
    draft.save_revision().publish()

    html = client.get(Page.objects.get(pk=adaptation.pk).url).content.decode()

    assert "The Kuapa cooperative in Kumasi." in html
    assert "A group of twenty farmers" not in html
    assert (
        adaptation_slot_report(adaptation=AdaptedModulePage.objects.get(pk=adaptation.pk)).empty
        == []
    )


def save_draft(adaptation, change, user):
    draft = latest(adaptation)
    body = copy.deepcopy(list(draft.body.raw_data))
    change(body)
    draft.body = body
    draft.save_revision(user=user)


def by_type(body, block_type):
    return next(b for b in body if b["type"] == block_type)


def test_a_filled_slot_removed_upstream_is_kept_and_named(generic, ghana, ghana_platform_member):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)

    def fill(body):
        by_type(body, "adaptation_slot")["value"]["national_text"] = "<p>Kuapa.</p>"

    save_draft(adaptation, fill, ghana_platform_member)
    slot_id = by_type(latest(adaptation).body.raw_data, "adaptation_slot")["id"]
    publish_generic(generic, lambda body: body.remove(by_type(body, "adaptation_slot")))

    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)
    assert conflict.kind == "removed_upstream"
    conflicts = adaptation_take_changes(
        adaptation=adaptation, user=ghana_platform_member, choices={slot_id: "yours"}
    )

    assert conflicts == [slot_id]
    assert by_type(latest(adaptation).body.raw_data, "adaptation_slot")["id"] == slot_id


def test_a_slot_asking_for_something_else_keeps_the_countrys_text_and_is_named(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    save_draft(
        adaptation,
        lambda body: by_type(body, "adaptation_slot")["value"].update(
            national_text="<p>Kuapa.</p>"
        ),
        ghana_platform_member,
    )

    def new_kind(body):
        by_type(body, "adaptation_slot")["value"]["key"] = "market_context"

    publish_generic(generic, new_kind)

    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)
    assert conflict.kind == "slot_kind"
    conflicts = adaptation_take_changes(
        adaptation=adaptation, user=ghana_platform_member, choices={conflict.block_id: "yours"}
    )

    slot = by_type(latest(adaptation).body.raw_data, "adaptation_slot")
    assert conflicts == [slot["id"]]
    assert slot["value"]["key"] == "local_example"
    assert slot["value"]["national_text"] == "<p>Kuapa.</p>"


def test_blocks_saved_through_the_admin_still_count_as_untouched(
    generic, ghana, ghana_platform_member
):
    from adaptation.blocks import AdaptedModuleBodyBlock

    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    # An admin save stores list items as {"type": "item", "value": …, "id": …}.
    stream = AdaptedModuleBodyBlock()
    draft = latest(adaptation)
    draft.body = stream.get_prep_value(stream.to_python(list(draft.body.raw_data)))
    draft.save_revision(user=ghana_platform_member)

    def more_steps(body):
        by_type(body, "field_exercise")["value"]["steps"].append("Share the map.")

    publish_generic(generic, more_steps)

    conflicts = adaptation_take_changes(adaptation=adaptation, user=ghana_platform_member)

    exercise = by_type(latest(adaptation).body.raw_data, "field_exercise")
    assert conflicts == []
    assert "Share the map." in str(exercise["value"]["steps"])


def test_a_new_first_block_goes_first_and_a_deleted_then_changed_block_is_named(
    generic, ghana, ghana_platform_member
):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    exercise_id = by_type(latest(adaptation).body.raw_data, "field_exercise")["id"]
    save_draft(
        adaptation, lambda body: body.remove(by_type(body, "field_exercise")), ghana_platform_member
    )

    def upstream(body):
        body.insert(0, {"type": "text", "value": "<p>Welcome.</p>", "id": "first"})
        by_type(body, "field_exercise")["value"]["title"] = "Map the group again"

    publish_generic(generic, upstream)

    [conflict] = adaptation_upstream_conflicts(adaptation=adaptation)
    assert (conflict.block_id, conflict.kind) == (exercise_id, "deleted_here")
    conflicts = adaptation_take_changes(
        adaptation=adaptation, user=ghana_platform_member, choices={exercise_id: "yours"}
    )

    body = latest(adaptation).body.raw_data
    assert body[0]["id"] == "first"
    assert conflicts == [exercise_id]
    assert "field_exercise" not in [b["type"] for b in body]  # the country's choice stands


def test_a_locked_adaptation_takes_no_changes(generic, ghana, ghana_platform_member):
    adaptation = module_adapt(source=generic, country=ghana, user=ghana_platform_member)
    colleague = UserFactory(groups=[ghana.national_platform_group])
    AdaptedModulePage.objects.filter(pk=adaptation.pk).update(locked=True, locked_by=colleague)
    publish_generic(generic, lambda body: body.pop(0))

    with pytest.raises(ValidationError, match="locked"):
        adaptation_take_changes(
            adaptation=AdaptedModulePage.objects.get(pk=adaptation.pk), user=ghana_platform_member
        )


def test_adapted_modules_are_made_only_by_adapting(client, ghana_platform_member, backpack):
    client.force_login(ghana_platform_member)
    ghana_page = curriculum("ghana")

    response = client.get(
        reverse("wagtailadmin_pages:add", args=["modules", "adaptedmodulepage", ghana_page.pk])
    )

    assert response.status_code in (302, 403, 404)
    assert not AdaptedModulePage.objects.exists()
