"""Who may do what with the generic backpack in the Wagtail admin."""

import pytest
from django.urls import reverse

from modules.factories import TrainingModulePageFactory
from modules.models import ModulePrerequisite, TrainingModulePage
from tests.modules.admin_forms import module_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(backpack):
    return TrainingModulePageFactory(parent=backpack, code="QM-01", title="Internal control")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_module_url(backpack):
    return reverse("wagtailadmin_pages:add", args=["modules", "trainingmodulepage", backpack.pk])


def test_the_committee_can_open_the_module_editor_but_has_no_publish_button(
    client, committee_member, module
):
    client.force_login(committee_member)

    response = client.get(edit_url(module))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html  # "Submit to Technical committee review"
    assert 'name="action-publish"' not in html


def test_the_committee_can_create_a_module_as_a_draft(client, committee_member, backpack):
    client.force_login(committee_member)

    response = client.post(add_module_url(backpack), module_form_data())

    assert response.status_code == 302
    module = TrainingModulePage.objects.get(code="TR-09")
    assert not module.live
    assert module.get_latest_revision().user == committee_member


def test_the_committee_cannot_publish_by_forging_the_publish_button(
    client, committee_member, module
):
    client.force_login(committee_member)

    client.post(edit_url(module), module_form_data(title="Changed title", action="publish"))

    module.refresh_from_db()
    assert module.title == "Internal control"  # the live page is untouched
    assert module.get_latest_revision().as_object().title == "Changed title"  # a draft


def test_a_national_platform_cannot_edit_the_backpack(client, ghana_platform_member, module):
    client.force_login(ghana_platform_member)

    response = client.post(edit_url(module), module_form_data(title="Ghana's version"))

    # The admin refuses by sending the user back to the dashboard with a message.
    assert (response.status_code, response.get("Location")) in [(403, None), (302, "/admin/")]
    module.refresh_from_db()
    assert module.title == "Internal control"
    assert module.revisions.count() == 0


def test_a_national_platform_cannot_add_modules_to_the_backpack(
    client, ghana_platform_member, backpack
):
    client.force_login(ghana_platform_member)

    response = client.post(add_module_url(backpack), module_form_data())

    assert response.status_code in (302, 403)
    assert not TrainingModulePage.objects.filter(code="TR-09").exists()


@pytest.mark.parametrize("who", ["trainer", "learner", "monitoring_viewer"])
def test_roles_without_admin_access_cannot_reach_the_editor(client, module, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(edit_url(module))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={edit_url(module)}"
    assert client.get(reverse("wagtailadmin_home"))["Location"] == "/admin/login/?next=/admin/"


def test_a_duplicate_module_code_is_refused_with_a_message(client, committee_member, backpack):
    TrainingModulePageFactory(parent=backpack, code="TR-09")
    client.force_login(committee_member)

    response = client.post(add_module_url(backpack), module_form_data(code="tr-09", title="Other"))

    assert response.status_code == 200
    assert "Another module already uses the code TR-09." in response.content.decode()
    assert TrainingModulePage.objects.filter(code="TR-09").count() == 1


def test_a_prerequisite_loop_is_refused_with_the_loop_named(client, committee_member, backpack):
    first = TrainingModulePageFactory(parent=backpack, code="A-1", title="First")
    second = TrainingModulePageFactory(parent=backpack, code="A-2", title="Second")
    ModulePrerequisite.objects.create(module=second, prerequisite=first)
    client.force_login(committee_member)

    response = client.post(
        edit_url(first), module_form_data(code="A-1", title="First", prerequisites=[second])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "These prerequisites make a loop" in html
    assert "A-1 First → A-2 Second → A-1 First" in html
    assert first.revisions.count() == 0


def test_a_module_cannot_be_its_own_prerequisite(client, committee_member, backpack):
    module = TrainingModulePageFactory(parent=backpack, code="A-1", title="First")
    client.force_login(committee_member)

    response = client.post(
        edit_url(module), module_form_data(code="A-1", title="First", prerequisites=[module])
    )

    assert response.status_code == 200
    assert "cannot be its own prerequisite" in response.content.decode()


def test_two_drafts_that_together_make_a_loop_are_refused(client, committee_member, backpack):
    first = TrainingModulePageFactory(parent=backpack, code="A-1", title="First")
    second = TrainingModulePageFactory(parent=backpack, code="A-2", title="Second")
    client.force_login(committee_member)
    saved = client.post(
        edit_url(first), module_form_data(code="A-1", title="First", prerequisites=[second])
    )
    assert saved.status_code == 302  # a draft: nothing stored in the live links yet

    response = client.post(
        edit_url(second), module_form_data(code="A-2", title="Second", prerequisites=[first])
    )

    assert response.status_code == 200
    assert "These prerequisites make a loop" in response.content.decode()
    assert second.revisions.count() == 0


def test_a_code_taken_by_another_draft_is_refused(client, committee_member, backpack):
    first = TrainingModulePageFactory(parent=backpack, code="A-1", title="First")
    second = TrainingModulePageFactory(parent=backpack, code="A-2", title="Second")
    client.force_login(committee_member)
    client.post(edit_url(first), module_form_data(code="X-1", title="First"))

    response = client.post(edit_url(second), module_form_data(code="x-1", title="Second"))

    assert response.status_code == 200
    assert "Another module already uses the code X-1." in response.content.decode()
