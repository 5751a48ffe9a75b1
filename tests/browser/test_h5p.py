"""A learner plays an H5P activity in a module; the server records it exactly once,
also across an offline interval; the package cannot reach the site's cookies (issue 3)."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from content.factories import UserFactory
from h5p import xapi
from h5p.models import H5PProgress, H5PStatement
from tests.browser.helpers import PASSWORD, fits_the_screen, signed_in, wait_for
from tests.h5p.player_helpers import knowledge_check_activity, module_with_activities

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

RIGHT_ANSWERS = [
    "The members, at the general assembly",
    "To bargain for a better price and lower transport costs",
]


@pytest.fixture
def played_module(backpack):
    activity = knowledge_check_activity()
    module = module_with_activities(parent=backpack, activities=[activity], code="PO-07")
    learner = UserFactory(username="ama", password=PASSWORD)
    return activity, module, learner


def tap_answer(frame, answer):
    """Tap an answer and wait until the check has taken it (its buttons lock). The frame
    resizes after each answer, and a tap made while it moves can land beside the button,
    as a thumb's can; like a learner, the test then taps again. A taken answer cannot be
    changed (the buttons are disabled), so a second tap never answers twice."""
    button = frame.get_by_role("button", name=answer)
    for _attempt in range(3):
        # A timeout means it locked before the tap: the answer was taken.
        with contextlib.suppress(PlaywrightTimeout):
            button.click(timeout=5000)
        try:
            expect(button).to_be_disabled(timeout=2000)
            return
        except AssertionError:
            continue
    expect(button).to_be_disabled()


def start_activity(page, module):
    page.goto(module.url)
    page.get_by_role("button", name="Start activity").click()
    frame = page.frame_locator("iframe.block-h5p__frame")
    expect(frame.get_by_role("button", name=RIGHT_ANSWERS[0])).to_be_visible()
    return frame


def test_learner_plays_and_the_score_is_recorded_once(phone, played_module):
    activity, module, learner = played_module
    page = phone
    signed_in(page, learner)
    frame = start_activity(page, module)
    for answer in RIGHT_ANSWERS:
        tap_answer(frame, answer)
    expect(frame.get_by_text("You answered 2 of 2 questions correctly.")).to_be_visible()
    expect(page.locator("[data-h5p-status]")).to_contain_text("Completed. Your score: 100%")

    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert (progress.attempts, progress.best_score, progress.completed) == (1, 1.0, True)
    assert H5PStatement.objects.filter(user=learner, is_attempt=True).count() == 1
    # One "answered" per question, one "completed".
    assert H5PStatement.objects.filter(user=learner).count() == 3
    # As an LRS gets them: the learner's pseudonymous account, valid xAPI 1.0.3, and the
    # page and language the activity was taken in (issue 16, points 4 and 5).
    for stored in H5PStatement.objects.filter(user=learner):
        assert xapi.xapi_statement_for_lrs(stored.statement) == []
        assert stored.statement["actor"] == xapi.learner_actor(learner.pk)
        assert stored.statement["object"]["id"].startswith(xapi.activity_iri(activity.pk))
        assert (stored.page_id, stored.language) == (module.pk, "en")
    assert fits_the_screen(page)

    page.goto("/progress/")
    expect(page.get_by_text("1 of 1 activities done")).to_be_visible()
    expect(page.locator(".my-progress__module")).to_contain_text("100%")
    assert fits_the_screen(page)
    assert page.console_errors == []


def test_an_anonymous_visitor_plays_without_tracking(phone, played_module):
    _, module, _ = played_module
    page = phone
    page.goto(module.url)
    expect(page.get_by_text("Sign in to save your progress")).to_be_visible()
    frame = start_activity(page, module)
    for answer in RIGHT_ANSWERS:
        tap_answer(frame, answer)

    expect(frame.get_by_text("You answered 2 of 2 questions correctly.")).to_be_visible()
    page.wait_for_timeout(500)
    assert not H5PStatement.objects.exists()
    assert page.console_errors == []


def queued_statements(page, learner):
    return page.evaluate(
        "key => (JSON.parse(localStorage.getItem(key) || '{}').statements || []).length",
        f"backpack.h5p.queue.{learner.pk}",
    )


def test_answers_given_offline_are_sent_once_when_back_online(phone, played_module):
    activity, module, learner = played_module
    page = phone
    signed_in(page, learner)
    frame = start_activity(page, module)
    tap_answer(frame, RIGHT_ANSWERS[0])
    wait_for(lambda: H5PStatement.objects.filter(user=learner).count() == 1, page)

    page.context.set_offline(True)
    tap_answer(frame, RIGHT_ANSWERS[1])
    expect(frame.get_by_text("You answered 2 of 2 questions correctly.")).to_be_visible()
    expect(page.locator("[data-h5p-status]")).to_contain_text("You are offline")
    page.wait_for_timeout(1000)
    assert H5PStatement.objects.filter(user=learner).count() == 1
    assert queued_statements(page, learner) == 2  # the second answer and "completed"

    page.context.set_offline(False)
    wait_for(lambda: H5PStatement.objects.filter(user=learner).count() == 3, page)
    expect(page.locator("[data-h5p-status]")).to_contain_text("Completed. Your score: 100%")
    assert queued_statements(page, learner) == 0
    page.wait_for_timeout(1000)
    assert H5PStatement.objects.filter(user=learner).count() == 3
    progress = H5PProgress.objects.get(user=learner, activity=activity)
    assert (progress.attempts, progress.best_score, progress.completed) == (1, 1.0, True)
    # Failed requests while offline are the only console errors.
    assert all("ERR_INTERNET_DISCONNECTED" in error for error in page.console_errors)


def test_the_learner_resumes_where_they_stopped(phone, played_module):
    activity, module, learner = played_module
    page = phone
    signed_in(page, learner)
    frame = start_activity(page, module)
    tap_answer(frame, RIGHT_ANSWERS[0])
    wait_for(
        lambda: H5PProgress.objects.filter(user=learner, state__contains="answers").exists(), page
    )

    frame = start_activity(page, module)
    # The first question is answered (its answers locked), the second still open.
    expect(frame.get_by_role("button", name=RIGHT_ANSWERS[0])).to_be_disabled()
    expect(frame.get_by_role("button", name=RIGHT_ANSWERS[1])).to_be_enabled()
    tap_answer(frame, RIGHT_ANSWERS[1])
    expect(frame.get_by_text("You answered 2 of 2 questions correctly.")).to_be_visible()
    wait_for(
        lambda: H5PProgress.objects.filter(
            user=learner, activity=activity, completed=True
        ).exists(),
        page,
    )
    assert page.console_errors == []


def test_the_package_cannot_reach_the_sites_cookies_or_pages(phone, played_module):
    _, module, learner = played_module
    page = phone
    signed_in(page, learner)
    start_activity(page, module)
    assert any(cookie["name"] == "sessionid" for cookie in page.context.cookies())
    player = next(frame for frame in page.frames if "/h5p/play/" in frame.url)

    # Script in the frame runs where the package's script runs: an opaque origin.
    assert player.evaluate("window.origin") == "null"
    assert (
        player.evaluate(
            "() => { try { return document.cookie; } catch (e) { return 'refused: ' + e.name; } }"
        )
        == "refused: SecurityError"
    )
    assert (
        player.evaluate(
            "() => { try { return window.parent.document.cookie; }"
            " catch (e) { return 'refused: ' + e.name; } }"
        )
        == "refused: SecurityError"
    )
    # Nor can it call the site with the learner's session.
    assert (
        player.evaluate(
            "async () => { try {"
            " const answer = await fetch('/progress/', {credentials: 'include'});"
            " return 'read ' + answer.status; } catch (e) { return 'refused'; } }"
        )
        == "refused"
    )
    # It was the player's own policy that refused it.
    refusals = [error for error in page.console_errors if "/progress/" in error]
    assert refusals and all("Content Security Policy" in error for error in refusals)
