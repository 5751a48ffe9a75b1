"""A module is published only after another committee member approves it."""

import pytest
from django.core import mail
from django.urls import reverse

from content.factories import UserFactory
from modules.models import TrainingModulePage
from reference.models import Country
from tests.modules.admin_forms import module_form_data

pytestmark = pytest.mark.django_db


def add_module_url(backpack):
    return reverse("wagtailadmin_pages:add", args=["modules", "trainingmodulepage", backpack.pk])


def workflow_action_url(module, action):
    # Read afresh: an edit during review starts a new task state.
    module = TrainingModulePage.objects.get(pk=module.pk)
    task_state = module.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[module.pk, action, task_state.pk])


@pytest.fixture
def submitted_module(client, committee_member, backpack):
    client.force_login(committee_member)
    response = client.post(add_module_url(backpack), module_form_data(action="submit"))
    assert response.status_code == 302
    client.logout()
    return TrainingModulePage.objects.get(code="TR-09")


def test_submitting_starts_the_committee_review_and_does_not_publish(submitted_module):
    state = submitted_module.current_workflow_state

    assert not submitted_module.live
    assert state.workflow.name == "Technical committee review"
    assert state.current_task_state.task.name == "Committee approval"


def test_the_author_cannot_approve_their_own_module(client, committee_member, submitted_module):
    client.force_login(committee_member)

    response = client.post(workflow_action_url(submitted_module, "approve"), {"comment": ""})

    # The admin answers a refused action by sending the user back to the dashboard.
    assert (response.status_code, response.get("Location")) in [(403, None), (302, "/admin/")]
    submitted_module.refresh_from_db()
    assert not submitted_module.live
    task = submitted_module.current_workflow_state.current_task_state.task.specific
    assert [name for name, *_ in task.get_actions(submitted_module, committee_member)] == ["reject"]
    assert not task.get_task_states_user_can_moderate(committee_member).exists()


def test_a_national_platform_cannot_approve(client, ghana_platform_member, submitted_module):
    client.force_login(ghana_platform_member)

    response = client.post(workflow_action_url(submitted_module, "approve"), {"comment": ""})

    assert response.status_code in (302, 403)
    submitted_module.refresh_from_db()
    assert not submitted_module.live


def test_another_member_approves_and_the_module_appears_in_the_public_backpack(
    client, second_committee_member, submitted_module, backpack, django_capture_on_commit_callbacks
):
    platform = UserFactory(
        username="akua",
        email="akua@platform.example",
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )
    client.force_login(second_committee_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            workflow_action_url(submitted_module, "approve"), {"comment": "Clear and useful."}
        )

    assert response.status_code == 302
    submitted_module.refresh_from_db()
    assert submitted_module.live
    assert submitted_module.current_workflow_state is None
    client.logout()
    listing = client.get(backpack.url)
    assert "Keeping farm diaries" in listing.content.decode()
    # National platforms hear about it, so they can adapt the module.
    notices = [message for message in mail.outbox if "New generic module" in message.subject]
    assert len(notices) == 1
    assert platform.email in notices[0].bcc
    assert "TR-09 Keeping farm diaries" in notices[0].subject


def test_requesting_changes_keeps_the_module_unpublished(
    client, second_committee_member, submitted_module
):
    client.force_login(second_committee_member)

    response = client.post(
        workflow_action_url(submitted_module, "reject"), {"comment": "Add a field exercise."}
    )

    assert response.status_code == 302
    submitted_module.refresh_from_db()
    assert not submitted_module.live
    assert submitted_module.current_workflow_state.status == "needs_changes"


def test_a_reviewer_who_edits_during_review_cannot_approve_their_own_text(
    client, second_committee_member, submitted_module, role_group
):
    from content.factories import UserFactory

    third = UserFactory(username="third", groups=[role_group("Technical committee")])
    client.force_login(second_committee_member)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[submitted_module.pk]),
        module_form_data(title="Reviewer's own rewrite"),
    )

    response = client.post(workflow_action_url(submitted_module, "approve"), {"comment": ""})

    submitted_module.refresh_from_db()
    assert (response.status_code, response.get("Location")) in [(403, None), (302, "/admin/")]
    assert not submitted_module.live
    task = submitted_module.current_workflow_state.current_task_state.task.specific
    assert not task.get_task_states_user_can_moderate(second_committee_member).exists()
    # A third member, who wrote nothing, can approve the rewrite.
    assert task.get_task_states_user_can_moderate(third).exists()
    client.force_login(third)
    # The open task covers the submitted text; Wagtail then asks again for the edit.
    client.post(workflow_action_url(submitted_module, "approve"), {"comment": ""})
    assert not TrainingModulePage.objects.get(pk=submitted_module.pk).live
    client.post(workflow_action_url(submitted_module, "approve"), {"comment": ""})
    submitted_module.refresh_from_db()
    assert submitted_module.live
    assert submitted_module.title == "Reviewer's own rewrite"


def test_a_mail_failure_does_not_undo_or_break_the_approval(
    client,
    second_committee_member,
    submitted_module,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    import smtplib

    UserFactory(
        username="efua",
        email="efua@platform.example",
        groups=[Country.objects.get(slug="ghana").national_platform_group],
    )

    def mail_server_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", mail_server_down)
    client.force_login(second_committee_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(workflow_action_url(submitted_module, "approve"), {"comment": ""})

    assert response.status_code == 302
    submitted_module.refresh_from_db()
    assert submitted_module.live


def test_approving_from_the_dashboard_says_so_on_the_page_it_returns_to(
    client, second_committee_member, submitted_module, django_capture_on_commit_callbacks
):
    """Issue 23, point 7: the dashboard's Approve button posts in the background, then
    the page reloads; the reviewer sees what their click did."""
    client.force_login(second_committee_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            workflow_action_url(submitted_module, "approve"),
            {"comment": ""},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert response.status_code == 200
    assert f"“{submitted_module.title}” approved and published." in dashboard
