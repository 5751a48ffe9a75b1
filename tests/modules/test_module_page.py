import pytest

from modules.factories import TrainingModulePageFactory, module_body
from modules.models import ModulePrerequisite
from reference.models import Commodity, OrganisationLevel

pytestmark = pytest.mark.django_db

NOTE = "Ask the women members first"


@pytest.fixture
def module(backpack):
    return TrainingModulePageFactory(
        parent=backpack,
        code="QM-01",
        title="Setting up an internal control system",
        duration_minutes=150,
        levels=list(OrganisationLevel.objects.filter(slug__in=["moderate", "adequate"])),
        body=module_body(note=NOTE, slot_text="Twenty cocoa farmers pooled their beans"),
    )


def page_html(client, module, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(module.url)
    assert response.status_code == 200
    return response.content.decode()


def test_module_page_shows_what_a_trainer_needs(client, module):
    html = page_html(client, module)

    assert "Setting up an internal control system" in html
    assert 'class="badge level-moderate"' in html and 'class="badge level-adequate"' in html
    assert "2 h 30 min" in html
    assert "Explain why groups sell together." in html  # objective
    assert "All commodities" in html
    assert "Field exercise" in html and "Map the group" in html
    assert "Show the answer" in html and "The general assembly" in html
    assert "Twenty cocoa farmers pooled their beans" in html  # adaptation slot default text
    assert "Print this module" in html


def test_commodities_are_listed_when_the_module_is_specific(client, backpack):
    module = TrainingModulePageFactory(
        parent=backpack, commodities=[Commodity.objects.get(slug="coffee")]
    )

    assert "Coffee" in page_html(client, module)


@pytest.mark.parametrize("who", [None, "learner", "monitoring_viewer"])
def test_facilitator_notes_are_hidden_from_learners_and_the_public(client, module, who, request):
    user = request.getfixturevalue(who) if who else None

    html = page_html(client, module, user)

    assert NOTE not in html
    assert "For national adaptation:" not in html
    assert "answer-key" not in html


@pytest.mark.parametrize("who", ["trainer", "ghana_platform_member", "committee_member"])
def test_facilitator_notes_are_shown_to_trainers_platforms_and_the_committee(
    client, module, who, request
):
    html = page_html(client, module, request.getfixturevalue(who))

    assert NOTE in html
    assert "For national adaptation:" in html
    assert "answer-key" in html  # the printed trainer's copy carries the answer


def test_an_inactive_trainer_sees_no_notes(client, module, trainer):
    trainer.is_active = False
    trainer.save()

    assert NOTE not in page_html(client, module)


def test_prerequisites_and_following_modules_are_linked(client, backpack, module):
    basics = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Forming a group")
    module.prerequisite_links = [ModulePrerequisite(prerequisite=basics)]
    module.save()
    draft_follow_up = TrainingModulePageFactory(parent=backpack, code="QM-03", live=False)
    draft_follow_up.prerequisite_links = [ModulePrerequisite(prerequisite=module)]
    draft_follow_up.save()
    follow_up = TrainingModulePageFactory(parent=backpack, code="QM-02", title="The PDCA cycle")
    follow_up.prerequisite_links = [ModulePrerequisite(prerequisite=module)]
    follow_up.save()

    html = page_html(client, module)

    assert "Before this module" in html and "PO-01 Forming a group" in html
    assert "After this module" in html and "QM-02 The PDCA cycle" in html
    assert "QM-03" not in html  # drafts are never linked from public pages


def test_an_unpublished_module_is_not_found(client, module):
    module.unpublish()

    assert client.get(module.url or f"/backpack/{module.slug}/").status_code == 404


def test_an_editor_previews_a_draft_with_new_prerequisites(
    client, rf, backpack, module, committee_member
):
    """Preview renders the unsaved draft: its prerequisites live only in the revision."""
    basics = TrainingModulePageFactory(parent=backpack, code="PO-01", title="Forming a group")
    draft = module.get_latest_revision_as_object()
    draft.title = "Internal control, second edition"
    draft.prerequisite_links = [ModulePrerequisite(prerequisite=basics)]
    draft.save_revision(user=committee_member)
    # Wagtail's preview request takes the signed-in user from the session cookie.
    client.force_login(committee_member)
    request = rf.get(module.url, HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}")

    response = module.get_latest_revision_as_object().make_preview_request(request)

    html = response.content.decode() if hasattr(response, "content") else response.rendered_content
    assert "Internal control, second edition" in html
    assert "PO-01 Forming a group" in html
    assert NOTE in html  # an editor previewing sees the facilitator notes
    module.refresh_from_db()
    assert module.title == "Setting up an internal control system"  # live page untouched


def test_the_answer_key_uses_the_letter_of_the_option(client, module, trainer):
    html = page_html(client, module, trainer)

    # Options are listed A, B; the correct one is the second.
    assert '<ol class="options" type="A">' in html
    assert "Answer: B. The general assembly" in html


def test_a_prerequisite_behind_a_view_restriction_is_not_linked(client, backpack, module):
    from wagtail.models import PageViewRestriction

    hidden = TrainingModulePageFactory(parent=backpack, code="HID-1", title="Hidden module")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    module.prerequisite_links = [ModulePrerequisite(prerequisite=hidden)]
    module.save()

    assert "HID-1" not in page_html(client, module)
