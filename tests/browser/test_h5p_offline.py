"""An H5P activity of a module kept on the phone plays with the network off, and its
result arrives once when the phone is back online (issue 18, point 1; decision
0033-h5p-offline). A real hub package (H5P.TrueFalse), answered through its own buttons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from h5p.models import H5PProgress, H5PStatement
from h5p.services import h5p_activity_create
from modules.factories import module_body
from tests.browser.helpers import wait_for
from tests.browser.test_field_kit import field, real_errors, sign_in_and_download  # noqa: F401
from tests.h5p.packages import real_package

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

QUESTION = "Oslo is the capital of Norway."


def test_an_h5p_activity_plays_offline_and_its_result_arrives_once(phone, field):  # noqa: F811
    activity = h5p_activity_create(
        upload=SimpleUploadedFile("H5P.TrueFalse.h5p", real_package("H5P.TrueFalse.h5p")),
        uploaded_by=None,
    )
    module = field["module"]
    module.body = [*module_body(), {"type": "h5p_activity", "value": {"activity": activity.pk}}]
    module.save_revision().publish()
    trainer = field["trainer"]
    page = phone
    sign_in_and_download(page)
    # Kept with the module: the activity's files and the player.
    wait_for(
        lambda: (
            page.evaluate(
                """() => new Promise((resolve) => {
                const open = indexedDB.open("backpack-trainer");
                open.onsuccess = () => {
                    const tx = open.result.transaction("h5p");
                    tx.objectStore("h5p").count().onsuccess = (e) => resolve(e.target.result);
                };
            })"""
            )
            == 1
        ),
        page,
    )

    page.context.set_offline(True)
    page.reload()
    page.get_by_role("link", name="PO-01 Running group meetings").click()
    page.get_by_role("button", name="Start activity").click()
    frame = page.frame_locator("#module-article iframe")
    expect(frame.get_by_text(QUESTION)).to_be_visible()
    frame.get_by_text("Yes", exact=True).click()
    frame.get_by_role("button", name="Check").click()
    expect(page.locator("[data-h5p-status]")).to_contain_text("sent when there is a connection")
    assert not H5PStatement.objects.filter(user=trainer).exists()

    # Still waiting after a reload with the network off.
    page.reload()
    expect(page.locator("#module-article")).to_contain_text("Start activity")
    assert not H5PStatement.objects.filter(user=trainer).exists()

    page.context.set_offline(False)
    page.goto("/trainer/")
    wait_for(lambda: H5PProgress.objects.filter(user=trainer, activity=activity).exists(), page)
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    progress = H5PProgress.objects.get(user=trainer, activity=activity)
    assert (progress.attempts, progress.best_score, progress.completed) == (1, 1.0, True)
    assert H5PStatement.objects.filter(user=trainer, is_attempt=True).count() == 1
    stored = H5PStatement.objects.filter(user=trainer).first()
    assert stored.page_id == module.pk
    assert real_errors(page) == []
