"""The trainer app on a phone in Debian's Chromium (issue 7, points 3 and 7; decision 0015):
signed in once online, it records sessions offline, survives a reload offline, and
each session reaches the server exactly once, whatever the network does."""

import datetime
import io

import pytest
from django.core.signals import request_started
from PIL import Image
from playwright.sync_api import expect

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from tests.browser.helpers import PASSWORD, fits_the_screen, wait_for
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Attendance, DeviceToken, SessionPhoto, TrainingSession

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

GROUP = "Ashanti cocoa farmers"
MODULE = "Running group meetings"
# Chromium reports each request refused while offline (or aborted by a test) as a
# console error; those are the network the test switched off, not faults of the app.
NETWORK_DOWN = ("ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_RESET")


@pytest.fixture
def field(backpack):
    """A trainer assigned to a Ghanaian group of three farmers, and a published module."""
    trainer = UserFactory(username="amina", password=PASSWORD, groups=[roles.TRAINERS])
    group = ProducerGroupFactory(name=GROUP, region="Ashanti")
    for code, name, gender in (
        ("M-1", "Akosua Boateng", "female"),
        ("M-2", "Kwabena Owusu", "male"),
        ("M-3", "Ama Serwaa", "female"),
    ):
        # They consented: a farmer without consent reaches the phone without a name.
        FarmerFactory(
            group=group,
            member_code=code,
            name=name,
            gender=gender,
            consent_given=True,
            consent_date=datetime.date(2026, 1, 5),
        )
    group.trainers.add(trainer)
    group.save()
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title=MODULE)
    module.save_revision().publish()
    return {"trainer": trainer, "group": group, "module": module}


@pytest.fixture
def server_hits():
    """The paths the live server was asked for while the test ran."""
    paths = []

    def seen(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(seen)
    yield paths
    request_started.disconnect(seen)


def real_errors(page, *expected):
    """Console errors other than the network failures (and answers) the test caused."""
    known = NETWORK_DOWN + expected
    return [error for error in page.console_errors if not any(n in error for n in known)]


def sign_in_and_download(page):
    page.goto("/trainer/")
    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    # The service worker has kept the app and controls the page: it can reload offline.
    # Polled with evaluate: wait_for_function compiles its string with eval, which the
    # site's Content-Security-Policy refuses, as it should.
    wait_for(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), page)


def record_session(
    page, *, farmers=(("Akosua Boateng", "40", "80"), ("Kwabena Owusu", "55", "")), open_form=True
):
    if open_form:
        page.get_by_role("link", name="Record a session").click()
    expect(page.get_by_role("heading", name="Record a session")).to_be_visible()
    page.get_by_label("Producer group").select_option(label=f"{GROUP} (Ashanti)")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("11:30")
    page.get_by_label("Method").select_option("farmer-field-school")
    page.get_by_label("Place (optional)").fill("Demo plot")
    page.get_by_role("checkbox", name=MODULE).check()
    for name, before, after in farmers:
        page.get_by_role("checkbox", name=name).check()
        page.get_by_label(f"Score before · {name}").fill(before)
        page.get_by_label(f"Score after · {name}").fill(after)
    page.get_by_role("button", name="Save on this phone").click()


def status_of_only_session(page):
    return page.locator("#session-list .status")


def test_a_session_recorded_offline_reaches_the_server_exactly_once(phone, field, server_hits):
    page = phone
    sign_in_and_download(page)
    assert fits_the_screen(page)

    page.context.set_offline(True)
    server_hits.clear()
    record_session(page)
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")
    assert fits_the_screen(page)

    # Offline, the app still opens: the service worker serves the shell and its files.
    response = page.reload()
    assert response.from_service_worker
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")
    expect(page.locator("#sync-status")).to_contain_text("No connection")
    assert not TrainingSession.objects.exists()
    assert server_hits == []  # the service worker's own requests were offline too

    page.context.set_offline(False)  # the `online` event starts a sync
    expect(status_of_only_session(page)).to_have_text("On the server")
    assert server_hits.count("/api/v1/sessions/") == 1

    session = TrainingSession.objects.get()
    assert session.group == field["group"]
    assert list(session.trainers.all()) == [field["trainer"]]
    assert (session.method, session.place, str(session.starts_at)) == (
        "farmer-field-school",
        "Demo plot",
        "09:00:00",
    )
    assert session.modules_covered.get().module_id == field["module"].pk
    scores = {
        (a.farmer.member_code, a.pre_score, a.post_score)
        for a in Attendance.objects.filter(session=session)
    }
    assert scores == {("M-1", 40, 80), ("M-2", 55, None)}

    # Syncing again (a later visit) sends nothing twice.
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    assert TrainingSession.objects.count() == 1
    assert real_errors(page) == []


# The home screen made slow to draw: its last step, the storage estimate, answers 1.5 s
# late (as it may on a phone keeping much). Counts the estimates asked and answered, and
# notes whether the home screen was shown while the address named the session form.
SLOW_HOME = """(() => {
    const storage = navigator.storage;
    if (!storage || typeof storage.estimate !== "function") return;
    const estimate = storage.estimate.bind(storage);
    const slow = (window.slowHome = { asked: 0, answered: 0, homeOverForm: false });
    storage.estimate = () => {
        slow.asked += 1;
        return new Promise((resolve) => setTimeout(resolve, 1500))
            .then(estimate)
            .finally(() => { slow.answered += 1; });
    };
    document.addEventListener("DOMContentLoaded", () => {
        const home = document.getElementById("screen-home");
        if (!home) return;
        new MutationObserver(() => {
            if (!home.hidden && location.hash === "#new") slow.homeOverForm = true;
        }).observe(home, { attributes: true, attributeFilter: ["hidden"] });
    });
})();"""


def test_a_form_opened_as_the_app_starts_is_not_covered_by_the_home_screen_drawn_before(
    phone, field
):
    """The race the field-day test met: the trainer taps "Record a session" just after a
    reload, while the home screen is still being drawn; the form stays, the home screen
    (asked for first, finished last) is never shown over it."""
    page = phone
    sign_in_and_download(page)
    page.add_init_script(SLOW_HOME)
    page.reload()
    # The home screen is being drawn (its estimate asked, not answered) when the form is
    # asked for.
    wait_for(lambda: page.evaluate("window.slowHome.asked") >= 1, page)
    assert page.evaluate("window.slowHome.answered") == 0
    page.evaluate("window.location.hash = '#new'")
    wait_for(lambda: page.evaluate("window.slowHome.answered") >= 1, page)
    expect(page.locator("#screen-form")).to_be_visible()
    page.wait_for_timeout(500)  # anything still being drawn has shown by now
    expect(page.locator("#screen-form")).to_be_visible()
    expect(page.locator("#screen-home")).to_be_hidden()
    assert page.evaluate("window.slowHome.homeOverForm") is False
    # The form is the one the trainer fills and saves.
    record_session(page, open_form=False)
    # Sent at once: the home screen drawn while the sync ran is drawn again after it.
    expect(status_of_only_session(page)).to_have_text("On the server")
    assert real_errors(page) == []


def test_the_app_checks_the_servers_rules_before_saving(phone, field):
    page = phone
    sign_in_and_download(page)
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Start", exact=True).fill("11:00")
    page.get_by_label("End", exact=True).fill("10:00")
    page.get_by_role("checkbox", name="Ama Serwaa").check()
    page.get_by_label("Score before · Ama Serwaa").fill("140")
    page.get_by_role("button", name="Save on this phone").click()

    expect(page.locator("#form-errors")).to_contain_text("Some answers need correcting")
    expect(page.locator("#e-ends_at")).to_have_text("The session must end after it starts.")
    expect(page.locator("#e-method")).to_have_text("Choose how the session was delivered.")
    expect(page.locator("#e-modules")).to_have_text("Choose at least one module.")
    expect(page.locator("[id='e-attendance.M-3']")).to_have_text(
        "A score is a whole number from 0 to 100."
    )
    # Head counts instead of the roster: nobody counted is nobody attending.
    page.get_by_text("Count people").click()
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#e-counts")).to_have_text(
        "No one attended: give the attendance list or head counts."
    )
    assert fits_the_screen(page)

    # Nothing was kept: the list is as empty as before.
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#session-list")).to_have_text("No session recorded on this phone yet.")

    # Corrected, it is saved and sent, with the counts.
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Start", exact=True).fill("08:00")
    page.get_by_label("End", exact=True).fill("09:00")
    page.get_by_label("Method").select_option("one-to-one")
    page.get_by_role("checkbox", name=MODULE).check()
    page.get_by_text("Count people").click()
    page.get_by_label("Women").fill("4")
    page.get_by_label("Men", exact=True).fill("3")
    page.get_by_role("button", name="Save on this phone").click()
    expect(status_of_only_session(page)).to_have_text("On the server")
    session = TrainingSession.objects.get()
    assert (session.women_count, session.men_count, session.other_count) == (4, 3, 0)
    assert not session.attendance.exists()
    assert real_errors(page) == []


def test_a_refused_session_shows_why_and_can_be_corrected(phone, field):
    page = phone
    sign_in_and_download(page)
    # The platform takes the trainer off the group after the phone downloaded it.
    field["group"].trainers.remove(field["trainer"])
    field["group"].save()

    record_session(page)

    expect(status_of_only_session(page)).to_have_text(
        f"Refused: You may not record sessions for producer group {field['group'].pk}: "
        "you are not assigned to it."
    )
    assert not TrainingSession.objects.exists()
    # Never on the server, so it can be corrected under the same identifier, or deleted.
    expect(page.get_by_role("link", name="Correct and send again")).to_be_visible()
    expect(page.get_by_role("button", name="Delete from this phone")).to_be_visible()
    assert real_errors(page) == []


def test_a_session_whose_answer_was_lost_is_sent_again_and_stored_once(phone, field):
    page = phone
    sign_in_and_download(page)
    dropped = []

    def drop_the_answer(route):
        # The server stores the session; the phone never hears back (the signal dies).
        route.fetch()
        dropped.append(route.request.url)
        route.abort("connectionreset")

    page.route("**/api/v1/sessions/", drop_the_answer)
    record_session(page)
    expect(page.locator("#sync-status")).to_contain_text("could not be reached")
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")
    assert len(dropped) == 1
    assert TrainingSession.objects.count() == 1

    page.unroute("**/api/v1/sessions/")
    page.get_by_role("button", name="Sync now").click()  # the replay

    expect(status_of_only_session(page)).to_have_text("On the server")
    assert TrainingSession.objects.count() == 1
    assert Attendance.objects.count() == 2
    assert real_errors(page) == []


def test_a_session_in_conflict_is_saved_as_a_new_one(phone, field):
    page = phone
    sign_in_and_download(page)
    page.context.set_offline(True)
    record_session(page)
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")
    # Another session already holds this identifier on the server (a copied phone).
    uuid = page.locator("#session-list li.session").get_attribute("data-uuid")
    TrainingSessionFactory(uuid=uuid, group=field["group"])

    page.context.set_offline(False)
    expect(status_of_only_session(page)).to_contain_text(
        "Refused: A different session is already stored under this identifier."
    )
    page.get_by_role("button", name="Save as a new session").click()

    expect(status_of_only_session(page)).to_have_text("On the server")
    assert TrainingSession.objects.count() == 2
    ours = TrainingSession.objects.exclude(uuid=uuid).get()
    assert ours.attendance.count() == 2
    assert real_errors(page) == []


def test_a_photo_is_made_smaller_and_sent_once_its_session_is_on_the_server(phone, field, tmp_path):
    page = phone
    sign_in_and_download(page)
    picture = tmp_path / "meeting.png"
    Image.new("RGB", (3200, 2400), (30, 120, 60)).save(picture)
    answers = []

    def not_yet_then_real(route):
        # The first try finds the session missing (as after a server restore): the photo
        # must wait and go with the next sync.
        if not answers:
            answers.append(404)
            route.fulfill(status=404, json={"detail": "The session is not on the server yet."})
        else:
            answers.append("server")
            route.continue_()

    page.route("**/api/v1/sessions/*/photos/", not_yet_then_real)
    page.context.set_offline(True)
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Start", exact=True).fill("14:00")
    page.get_by_label("End", exact=True).fill("15:00")
    page.get_by_label("Method").select_option("workshop")
    page.get_by_role("checkbox", name=MODULE).check()
    page.get_by_role("checkbox", name="Ama Serwaa").check()
    page.locator("#f-photo").set_input_files(str(picture))
    page.get_by_placeholder("Caption (optional)").fill("The demonstration plot")
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#session-list")).to_contain_text("Photos waiting to be sent: 1")

    page.context.set_offline(False)
    expect(status_of_only_session(page)).to_have_text("On the server")
    expect(page.locator("#session-list")).to_contain_text("Photos waiting to be sent: 1")
    # The photo goes after its session, in the same sync run: its 404 may come a moment
    # after the session's status shows (up to 30 s: with two test processes beside
    # PostgreSQL, the phone's resizing and the upload were once slower than 10 s).
    wait_for(lambda: answers == [404], page, timeout=30000)

    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#session-list")).not_to_contain_text("Photos waiting")
    wait_for(lambda: answers == [404, "server"], page, timeout=30000)
    photo = SessionPhoto.objects.get()
    assert photo.session == TrainingSession.objects.get()
    assert photo.caption == "The demonstration plot"
    with photo.file.open("rb") as file:
        stored = Image.open(io.BytesIO(file.read()))
    assert (stored.format, stored.size) == ("JPEG", (1600, 1200))
    assert real_errors(page, "status of 404") == []


def test_signing_out_warns_of_unsent_sessions_and_clears_the_phone(phone, field):
    page = phone
    sign_in_and_download(page)
    page.context.set_offline(True)
    record_session(page)
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.locator("#sign-out-warning")).to_have_text(
        "Sessions or photos not on the server yet: 1. Signing out deletes them from this phone."
    )
    page.get_by_role("link", name="Cancel").click()
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("button", name="Sign out and delete").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    stores = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("backpack-trainer");
            open.onsuccess = () => {
                const names = ["meta", "groups", "farmers", "modules", "sessions"];
                const tx = open.result.transaction(names);
                const counts = {};
                names.forEach((name) => {
                    tx.objectStore(name).count().onsuccess = (event) => {
                        counts[name] = event.target.result;
                    };
                });
                tx.oncomplete = () => resolve(counts);
            };
        })"""
    )
    assert stores == {"meta": 0, "groups": 0, "farmers": 0, "modules": 0, "sessions": 0}
    assert real_errors(page) == []


def test_a_withdrawn_sign_in_keeps_the_sessions_until_the_trainer_signs_in_again(phone, field):
    page = phone
    sign_in_and_download(page)
    page.context.set_offline(True)
    record_session(page)
    expect(status_of_only_session(page)).to_have_text("Saved on this phone")
    DeviceToken.objects.all().delete()  # the token expired or was withdrawn on the server

    page.context.set_offline(False)
    expect(page.locator("#sign-in-error")).to_contain_text("Your sign-in has expired")
    assert not TrainingSession.objects.exists()
    # Someone else may not send this trainer's sessions as their own.
    UserFactory(username="yaw", password=PASSWORD, groups=[roles.TRAINERS])
    page.get_by_label("User name").fill("yaw")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sign-in-error")).to_have_text(
        "This phone keeps the data of amina. Sign in as amina, or sign out first."
    )

    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(status_of_only_session(page)).to_have_text("On the server")
    assert TrainingSession.objects.get().recorded_by == field["trainer"]
    assert real_errors(page, "status of 401") == []
