"""A module page's links, tags and country adaptations are read once per content version
(issue 19, decision 0037): never stale after an edit or a publish, and nothing about the
reader (facilitator notes, the adapt link) carried from one reader to another."""

import pytest
from django.core.cache import cache
from django.db import transaction

from curriculum_site.content_version import VERSION_KEY
from modules.factories import TrainingModulePageFactory, module_body
from modules.models import ModulePrerequisite
from reference.models import Theme

pytestmark = pytest.mark.django_db

NOTE = "Ask the women members first"


@pytest.fixture
def module(backpack):
    return TrainingModulePageFactory(
        parent=backpack, code="QM-01", title="Internal control", body=module_body(note=NOTE)
    )


def html_of(client, module):
    response = client.get(module.url)
    assert response.status_code == 200
    return response.content.decode()


def test_signed_in_pages_follow_a_new_prerequisite_a_publish_and_a_tag(
    client, backpack, module, trainer
):
    client.force_login(trainer)
    assert "Before this module" not in html_of(client, module)  # now cached without links

    basics = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Forming a group")
    module.prerequisite_links = [ModulePrerequisite(prerequisite=basics)]
    module.save_revision().publish()
    assert "PO-01 Forming a group" in html_of(client, module)

    basics.title = "Forming a farmer group"
    basics.save_revision().publish()
    assert "PO-01 Forming a farmer group" in html_of(client, module)

    basics.unpublish()
    assert "PO-01" not in html_of(client, module)

    theme = Theme.objects.exclude(pk__in=module.themes.values("pk")).first()
    module.themes.add(theme)
    module.save_revision().publish()
    assert theme.name in html_of(client, module)


def test_facilitator_notes_are_never_carried_to_another_reader(client, module, trainer, learner):
    client.force_login(trainer)
    assert NOTE in html_of(client, module)
    client.force_login(learner)
    assert NOTE not in html_of(client, module)
    client.logout()
    assert NOTE not in html_of(client, module)
    client.force_login(trainer)
    assert NOTE in html_of(client, module)


def test_the_adapt_link_only_for_those_who_adapt(client, module, ghana_platform_member, trainer):
    client.force_login(ghana_platform_member)
    assert "Adapt for your country" in html_of(client, module)
    client.force_login(trainer)
    assert "Adapt for your country" not in html_of(client, module)
    client.force_login(ghana_platform_member)
    assert "Adapt for your country" in html_of(client, module)


def test_the_version_is_replaced_again_when_the_edit_commits(
    backpack, module, django_capture_on_commit_callbacks
):
    """Another process reading between a write and its commit would otherwise cache the
    rows as they were under the new version, and keep them until the next edit."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        module.title = "Internal control, second edition"
        module.save()
        inside = cache.get(VERSION_KEY)
        assert inside is not None
        # What a reader outside the transaction could have cached meanwhile.
        cache.set(VERSION_KEY, inside)
    assert cache.get(VERSION_KEY) != inside


def test_the_body_follows_a_publish_and_a_language(client, backpack, module, trainer):
    client.force_login(trainer)
    assert "Twenty cocoa farmers" not in html_of(client, module)  # the body now cached

    revision = module.get_latest_revision_as_object()
    revision.body = module_body(note=NOTE, slot_text="Twenty cocoa farmers pooled their beans")
    revision.save_revision().publish()
    module.refresh_from_db()
    assert "Twenty cocoa farmers pooled their beans" in html_of(client, module)

    client.logout()
    html = html_of(client, module)  # the anonymous reader's copy, without the notes
    assert "Twenty cocoa farmers pooled their beans" in html and NOTE not in html


def test_a_preview_is_never_served_from_the_cached_body(client, rf, module, committee_member):
    client.force_login(committee_member)
    assert NOTE in html_of(client, module)  # the live body cached for readers of notes
    draft = module.get_latest_revision_as_object()
    draft.body = module_body(note="A note only in the draft")
    draft.save_revision(user=committee_member)
    request = rf.get(module.url, HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}")

    response = module.get_latest_revision_as_object().make_preview_request(request)

    html = response.content.decode() if hasattr(response, "content") else response.rendered_content
    assert "A note only in the draft" in html
    assert "A note only in the draft" not in html_of(client, module)
