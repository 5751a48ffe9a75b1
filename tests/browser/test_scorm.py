"""SCORM courses beside H5P (issue 22): a committee member uploads one and reads why a
hostile zip was refused; learners take a SCORM 1.2 quiz and a SCORM 2004 course of two
parts in the sandboxed player, resume after a reload, keep their progress through an
offline spell, and see their score in My progress and the report."""

import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from reference import roles
from scorm.models import ScormAttempt, ScormPackage
from tests.browser.helpers import PASSWORD, fits_the_screen, signed_in, wait_for
from tests.scorm.packages import (
    SCORM_12,
    SCORM_2004,
    module_with_package,
    package,
    package_files,
    zipped,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def zip_bytes(files):
    return zipped(files).read()


def test_a_hostile_zip_is_explained_then_the_course_is_uploaded(phone):
    amara = UserFactory(username="amara", password=PASSWORD, groups=[roles.TECHNICAL_COMMITTEE])
    page = phone
    page.set_viewport_size({"width": 1280, "height": 900})
    signed_in(page, amara)
    page.goto("/admin/snippets/scorm/scormpackage/")
    page.get_by_role("link", name="Add SCORM package").first.click()

    hostile = package_files(SCORM_12)
    hostile["../../escape.html"] = b"<p>x</p>"
    hostile["bin/setup.exe"] = b"MZ"
    upload = page.locator("input[type=file][name=package]")
    upload.set_input_files(
        {"name": "quiz.zip", "mimeType": "application/zip", "buffer": zip_bytes(hostile)}
    )
    page.get_by_role("button", name="Save").click()
    items = page.locator(".h5p-package-problems").get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("climbs out of the package")
    expect(items.nth(1)).to_contain_text("bin/setup.exe, a .exe file, which is not web content")
    assert not ScormPackage.objects.exists()

    upload.set_input_files(
        {
            "name": "quiz.zip",
            "mimeType": "application/zip",
            "buffer": zip_bytes(package_files(SCORM_12)),
        }
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Safe storage of pesticides")).to_be_visible()
    assert ScormPackage.objects.get().uploaded_by.username == "amara"
    assert page.console_errors == []


def open_course(page, module, name="Start course"):
    page.goto(module.url)
    page.get_by_role("button", name=name).click()
    return page.frame_locator("iframe.block-scorm__frame")


def test_a_learner_takes_the_scorm_12_quiz_offline_resumes_and_sees_the_score(
    phone, backpack, client
):
    quiz = package(SCORM_12)
    module = module_with_package(parent=backpack, package=quiz, code="GAP-09")
    ama = UserFactory(username="ama", first_name="Ama", last_name="Owusu", password=PASSWORD)
    page = phone
    signed_in(page, ama)

    frame = open_course(page, module)
    expect(frame.locator("#status")).to_have_text("Hello Owusu, Ama.")
    # The course runs in an opaque origin: it cannot reach the module page.
    course = page.frames[1]
    assert (
        course.evaluate(
            "() => { try { return parent.document.title; } catch (e) { return 'blocked'; } }"
        )
        == "blocked"
    )
    assert page.locator("iframe.block-scorm__frame").get_attribute("sandbox") == "allow-scripts"

    # Offline: the commit waits on this phone and arrives once the network is back.
    page.context.set_offline(True)
    frame.get_by_label("In a locked store away from food").check()
    frame.get_by_role("button", name="Next").click()
    expect(frame.locator("#status")).to_have_text("Saved at question 2.")
    expect(page.locator("[data-scorm-status]")).to_contain_text("You are offline")
    assert not ScormAttempt.objects.exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for(lambda: ScormAttempt.objects.filter(suspend_data__startswith="page=2").exists(), page)

    # A reload resumes at question 2.
    page.reload()
    page.get_by_role("button", name="Start course").click()
    expect(frame.locator("#status")).to_have_text(
        "Welcome back Owusu, Ama, resuming at question 2 (incomplete)."
    )
    frame.get_by_label("Triple-rinse and return them").check()
    frame.get_by_role("button", name="Submit answers").click()
    expect(frame.locator("#result")).to_have_text("Your score: 100%")
    wait_for(lambda: ScormAttempt.objects.filter(success_status="passed").exists(), page)
    expect(page.locator('[data-scorm-result="ITEM-QUIZ"]')).to_have_text("Completed. Score: 100%")
    attempt = ScormAttempt.objects.get()
    assert (attempt.score_percent, attempt.completion_status, attempt.location) == (
        100,
        "completed",
        "question-2",
    )
    assert attempt.interactions[0]["id"] == "q1" and attempt.total_seconds >= 150
    assert fits_the_screen(page)

    page.goto("/progress/")
    expect(page.get_by_role("heading", name="E-learning courses")).to_be_visible()
    expect(page.locator("table").last).to_contain_text("Storage quiz")
    expect(page.locator("table").last).to_contain_text("100%")
    # The browser reports the send it tried while offline; nothing else may fail.
    assert [e for e in page.console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []

    client.force_login(UserFactory(username="amara", groups=[roles.TECHNICAL_COMMITTEE]))
    report = client.get("/admin/reports/scorm-courses/").content.decode()
    assert "Safe storage of pesticides" in report and "<td>100%</td>" in report


def test_a_learner_takes_a_two_part_scorm_2004_course_and_resumes_mid_way(phone, backpack):
    course = package(SCORM_2004)
    module = module_with_package(parent=backpack, package=course, code="PO-09")
    lan = UserFactory(username="lan", first_name="Lan", last_name="Nguyen", password=PASSWORD)
    page = phone
    signed_in(page, lan)

    page.goto(module.url)
    expect(page.locator(".block-scorm__heading")).to_have_text("Évaluation")
    frame = open_course(page, module, name="Introduction")
    expect(frame.locator("#status")).to_have_text("Bonjour Nguyen, Lan")
    frame.get_by_role("button", name="J'ai lu l'introduction").click()
    wait_for(
        lambda: ScormAttempt.objects.filter(sco="INTRO", completion_status="completed").exists(),
        page,
    )

    page.get_by_role("button", name="Contrôle final").click()
    expect(frame.locator("#status")).to_have_text("Première visite (?level=1)")
    frame.get_by_label("Oui").check()
    frame.get_by_role("button", name="Continuer plus tard").click()
    wait_for(
        lambda: ScormAttempt.objects.filter(sco="CHECK", suspend_data="réponse=oui").exists(), page
    )

    page.reload()
    page.get_by_role("button", name="Contrôle final").click()
    expect(frame.locator("#status")).to_have_text("Reprise : réponse=oui (?level=1)")
    frame.get_by_label("Oui").check()
    frame.get_by_role("button", name="Valider").click()
    wait_for(
        lambda: ScormAttempt.objects.filter(sco="CHECK", success_status="passed").exists(), page
    )
    expect(page.locator('[data-scorm-result="CHECK"]')).to_have_text("Completed. Score: 80%")
    check = ScormAttempt.objects.get(sco="CHECK")
    assert (check.score_scaled, check.score_raw, check.score_max) == (0.8, 8, 10)
    assert page.console_errors == []
