"""Issue 18's "Done when", in one field day with the network off from start to end: the
trainer, also the group's manager, opens a module of the group's path and its printable
guide, plays its H5P activity, records a session with a walk-in farmer, assesses the
group's level with a photo and updates a plan item; back online everything arrives, and
a second sync sends nothing twice. Each part has its own, closer test (test_field_kit,
test_h5p_offline, test_group_work_offline); this one shows they work together, on one
phone, with one sync."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from h5p.models import H5PProgress, H5PStatement
from h5p.services import h5p_activity_create
from modules.factories import module_body
from organisation_levels.factories import ImprovementCycleFactory, ImprovementItemFactory
from organisation_levels.models import (
    AssessmentEvidence,
    ImprovementItem,
    ImprovementItemUpdate,
    LevelAssessment,
)
from tests.browser.helpers import wait_for
from tests.browser.test_field_kit import (  # noqa: F401
    GROUP,
    MODULE,
    field,
    real_errors,
    sign_in_and_download,
)
from tests.browser.test_h5p_offline import kept_activities, player, player_settled
from tests.h5p.packages import real_package
from training_delivery.models import TrainingSession, WalkIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

ITEM = "Write the inspection procedure"


def test_a_field_day_offline_arrives_exactly_once(phone, field, tmp_path):  # noqa: F811
    trainer, group, module = field["trainer"], field["group"], field["module"]
    group.managers.add(trainer)  # so the phone keeps the group work too
    group.save()  # a parental many-to-many: stored with the group
    ImprovementItemFactory(
        cycle=ImprovementCycleFactory(group=group, title="2027 quality plan"), description=ITEM
    )
    activity = h5p_activity_create(
        upload=SimpleUploadedFile("H5P.TrueFalse.h5p", real_package("H5P.TrueFalse.h5p")),
        uploaded_by=None,
    )
    module.body = [*module_body(), {"type": "h5p_activity", "value": {"activity": activity.pk}}]
    module.save_revision().publish()
    picture = tmp_path / "register.jpg"
    Image.new("RGB", (800, 600), "olive").save(picture, "JPEG")
    page = phone
    sign_in_and_download(page)
    wait_for(lambda: kept_activities(page) == 1, page, timeout=30000)

    page.context.set_offline(True)
    page.reload()  # the installed app, from the phone alone

    # The module and its printable guide.
    page.get_by_role("link", name=f"PO-01 {MODULE}").click()
    article = page.locator("#module-article")
    expect(article).to_contain_text("Bring a flip chart.")  # the facilitator note
    page.emulate_media(media="print")
    expect(article).to_be_visible()
    expect(page.locator("#screen-home")).to_be_hidden()
    page.emulate_media(media="screen")

    # Its H5P activity.
    page.get_by_role("button", name="Start activity").click()
    frame = player(page)
    expect(frame.get_by_text("Oslo is the capital of Norway.")).to_be_visible()
    # Its photo, above the answers, loads after the text: answered once it is in.
    wait_for(lambda: player_settled(page), page, failure="the activity never settled")
    frame.get_by_text("Yes", exact=True).click()
    frame.get_by_role("button", name="Check").click()
    expect(page.locator("[data-h5p-status]")).to_contain_text("sent when there is a connection")

    # A session with a walk-in farmer. The app is let settle first (its first screen
    # drawn, its sync tried and failed): a screen opened while the home screen is still
    # being drawn can be covered by it.
    page.goto("/trainer/")
    expect(page.locator("#sync-status")).to_contain_text("No connection")
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Producer group").select_option(label=f"{GROUP} (Ashanti)")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Method").select_option("workshop")
    page.get_by_role("checkbox", name=MODULE).check()
    page.get_by_role("button", name="Add a farmer not on the roster").click()
    page.get_by_label("The farmer agrees that their name is recorded").check()
    page.get_by_label("Name", exact=True).fill("Esi Mensah")
    page.get_by_label("Gender").select_option("female")
    page.get_by_role("button", name="Add to this session").click()
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#session-list .status")).to_have_text("Saved on this phone")

    # The group's level, with a photo, and a plan item.
    page.get_by_role("link", name="Assessments and improvement plans").click()
    page.get_by_role("link", name="Assess the level").click()
    questions = page.locator(".question")
    expect(questions.first).to_be_visible()
    for index in range(questions.count()):
        questions.nth(index).locator("label.choice").nth(1).click()
    page.locator("#gw-photo").set_input_files(str(picture))
    expect(page.get_by_text("Photo 1 ready")).to_be_visible()
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("[data-assessment] .status")).to_have_text("Saved on this phone")
    page.locator(f"[data-item] >> text={ITEM}").locator("..").get_by_role(
        "link", name="Update this item"
    ).click()
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_label("Evidence").fill("Minutes of the March meeting")
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("[data-item]")).to_contain_text("Done")

    # Nothing reached the server while the network was off.
    assert not TrainingSession.objects.exists()
    assert not H5PStatement.objects.exists()
    assert not LevelAssessment.objects.exists()
    assert not ImprovementItemUpdate.objects.exists()

    page.context.set_offline(False)
    page.goto("/trainer/")
    expect(page.locator("#session-list .status")).to_have_text("On the server")

    def everything_arrived():
        return (
            H5PProgress.objects.filter(user=trainer, activity=activity).exists()
            and LevelAssessment.objects.exists()
            and ImprovementItem.objects.get().status == "done"
        )

    wait_for(everything_arrived, page, timeout=30000)
    for _second_and_third in range(2):  # sent again, nothing changes
        page.get_by_role("button", name="Sync now").click()
        expect(page.locator("#sync-status")).to_contain_text("Last synced")

    session = TrainingSession.objects.get()
    walk_in = WalkIn.objects.get()
    assert (walk_in.session, walk_in.name) == (session, "Esi Mensah")
    progress = H5PProgress.objects.get(user=trainer, activity=activity)
    assert (progress.attempts, progress.best_score) == (1, 1.0)
    assert H5PStatement.objects.filter(user=trainer, is_attempt=True).count() == 1
    assert LevelAssessment.objects.count() == 1
    assert AssessmentEvidence.objects.count() == 1
    assert ImprovementItemUpdate.objects.count() == 1
    assert real_errors(page) == []
