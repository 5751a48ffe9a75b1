"""The field kit in the trainer app (issue 18; decision 0023), with the network off:
farmers without consent shown by gender and age band, a revoked phone wiping itself."""

import datetime

import pytest
from playwright.sync_api import expect

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from tests.browser.helpers import PASSWORD, wait_for
from training_delivery.consent import consent_withdraw
from training_delivery.factories import FarmerFactory
from training_delivery.models import Attendance, DeviceToken, Farmer, TrainingSession

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

GROUP = "Ashanti cocoa farmers"
MODULE = "Running group meetings"
SECRET = "Abena Secretname"
NETWORK_DOWN = ("ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_RESET", "status of 401")


@pytest.fixture
def field(backpack):
    trainer = UserFactory(username="amina", password=PASSWORD, groups=[roles.TRAINERS])
    group = ProducerGroupFactory(name=GROUP, region="Ashanti")
    FarmerFactory(
        group=group,
        member_code="M-1",
        name="Akosua Boateng",
        gender="female",
        consent_given=True,
        consent_date=datetime.date(2026, 1, 5),
    )
    FarmerFactory(group=group, member_code="M-2", name=SECRET, gender="female", birth_year=1990)
    group.trainers.add(trainer)
    group.save()
    module = TrainingModulePageFactory(parent=backpack, code="PO-01", title=MODULE)
    module.save_revision().publish()
    return {"trainer": trainer, "group": group, "module": module}


@pytest.fixture
def server_hits():
    """The paths the live server was asked for while the test ran."""
    from django.core.signals import request_started

    paths = []

    def seen(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(seen)
    yield paths
    request_started.disconnect(seen)


def real_errors(page):
    return [e for e in page.console_errors if not any(n in e for n in NETWORK_DOWN)]


def sign_in_and_download(page):
    page.goto("/trainer/")
    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    wait_for(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), page)


def phone_text(page) -> str:
    """Everything the phone keeps in IndexedDB, as text."""
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("backpack-trainer");
            open.onsuccess = () => {
                const db = open.result;
                const names = Array.from(db.objectStoreNames).filter((n) => n !== "photos");
                const tx = db.transaction(names);
                const all = {};
                names.forEach((name) => {
                    tx.objectStore(name).getAll().onsuccess = (event) => {
                        all[name] = event.target.result;
                    };
                });
                tx.oncomplete = () => resolve(JSON.stringify(all));
            };
        })"""
    )


def test_a_farmer_without_consent_is_recorded_offline_by_gender_and_age_band(phone, field):
    page = phone
    sign_in_and_download(page)
    assert SECRET not in phone_text(page)

    page.context.set_offline(True)
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Producer group").select_option(label=f"{GROUP} (Ashanti)")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Method").select_option("workshop")
    page.get_by_role("checkbox", name=MODULE).check()
    roster = page.locator("#f-roster")
    expect(roster).to_contain_text("Akosua Boateng")
    expect(roster).to_contain_text("Woman, ")
    expect(roster).not_to_contain_text(SECRET)
    page.get_by_role("checkbox", name="M-2").check()
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#session-list .status")).to_have_text("Saved on this phone")
    assert SECRET not in page.content()

    page.context.set_offline(False)
    expect(page.locator("#session-list .status")).to_have_text("On the server")
    attendance = Attendance.objects.get(session=TrainingSession.objects.get())
    assert attendance.farmer.member_code == "M-2"
    assert real_errors(page) == []


def test_a_withdrawal_takes_the_name_off_the_phone_at_the_next_sync(phone, field):
    page = phone
    sign_in_and_download(page)
    assert "Akosua Boateng" in phone_text(page)

    consent_withdraw(farmer=Farmer.objects.get(member_code="M-1"), by=None)
    page.get_by_role("button", name="Sync now").click()
    wait_for(lambda: "Akosua Boateng" not in phone_text(page), page)
    assert real_errors(page) == []


def test_a_revoked_phone_deletes_what_it_keeps_at_its_next_contact(phone, field):
    page = phone
    sign_in_and_download(page)
    page.context.set_offline(True)
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Producer group").select_option(label=f"{GROUP} (Ashanti)")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Method").select_option("workshop")
    page.get_by_role("checkbox", name=MODULE).check()
    page.get_by_role("checkbox", name="Akosua Boateng").check()
    page.get_by_role("button", name="Save on this phone").click()
    assert "Akosua Boateng" in phone_text(page)

    DeviceToken.objects.update(revoked_at=datetime.datetime.now(datetime.UTC))
    page.context.set_offline(False)

    expect(page.locator("#sign-in-error")).to_contain_text("This phone was signed out")
    stored = phone_text(page)
    assert "Akosua Boateng" not in stored and GROUP not in stored
    assert not TrainingSession.objects.exists()
    assert real_errors(page) == []


def test_the_app_offers_the_countrys_adaptation_and_sessions_say_which_was_delivered(phone, field):
    from adaptation.services import module_adapt

    admin = UserFactory(is_superuser=True, username="root")
    adapted = module_adapt(source=field["module"], country=field["group"].country, user=admin)
    adapted.save_revision().publish()
    other = TrainingModulePageFactory(
        parent=field["module"].get_parent(), code="QM-01", title="Setting up quality"
    )
    other.save_revision().publish()
    page = phone
    sign_in_and_download(page)

    page.context.set_offline(True)
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Producer group").select_option(label=f"{GROUP} (Ashanti)")
    modules = page.locator("#f-modules li")
    expect(modules).to_have_count(2)
    expect(page.get_by_role("checkbox", name=MODULE)).to_have_count(1)
    expect(page.get_by_role("checkbox", name=MODULE)).to_be_visible()
    expect(modules.filter(has_text=MODULE)).to_contain_text("Adapted for Ghana")
    expect(modules.filter(has_text="Setting up quality")).to_contain_text("Generic module")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Method").select_option("workshop")
    page.get_by_role("checkbox", name=MODULE).check()
    page.get_by_role("checkbox", name="Setting up quality").check()
    page.get_by_role("radio", name="Count people").check()
    page.get_by_label("Women").fill("3")
    page.get_by_role("button", name="Save on this phone").click()

    meta = page.locator("#session-list .session__meta").nth(1)
    expect(meta).to_contain_text(f"PO-01 {MODULE} (Adapted for Ghana)")
    expect(meta).to_contain_text("QM-01 Setting up quality (Generic module)")
    page.context.set_offline(False)
    expect(page.locator("#session-list .status")).to_have_text("On the server")
    covered = set(TrainingSession.objects.get().modules_covered.values_list("module_id", flat=True))
    assert covered == {adapted.pk, other.pk}
    assert real_errors(page) == []


def test_every_language_of_the_trainers_country_works_offline_after_one_sign_in(phone, field):
    from wagtail.models import Locale

    country = field["group"].country
    country.languages.add(Locale.objects.get(language_code="fr"))
    page = phone
    sign_in_and_download(page)

    def french_worker_ready():
        return page.evaluate(
            """() => navigator.serviceWorker.getRegistrations().then((all) =>
                all.some((r) => r.scope.endsWith("/fr/trainer/") && r.active !== null))"""
        )

    wait_for(french_worker_ready, page)
    page.context.set_offline(True)

    response = page.goto("/fr/trainer/")

    assert response.from_service_worker
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Enregistrer une séance")).to_be_visible()
    page.get_by_role("link", name="Enregistrer une séance").click()
    page.get_by_label("Groupement de producteurs").select_option(label=f"{GROUP} (Ashanti)")
    expect(page.get_by_role("checkbox", name=MODULE)).to_be_visible()
    assert real_errors(page) == []


def test_a_walk_in_farmer_is_recorded_offline_and_the_platform_adds_them(phone, field):
    from training_delivery.models import WalkIn, WalkInStatus
    from training_delivery.walk_ins import walk_in_add

    page = phone
    sign_in_and_download(page)
    page.context.set_offline(True)
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Producer group").select_option(label=f"{GROUP} (Ashanti)")
    page.get_by_label("Start", exact=True).fill("09:00")
    page.get_by_label("End", exact=True).fill("11:00")
    page.get_by_label("Method").select_option("workshop")
    page.get_by_role("checkbox", name=MODULE).check()
    # One who agrees to be named, one who does not.
    page.get_by_role("button", name="Add a farmer not on the roster").click()
    page.get_by_label("The farmer agrees that their name is recorded").check()
    page.get_by_label("Name", exact=True).fill("Esi Mensah")
    page.get_by_label("Gender").select_option("female")
    page.get_by_role("button", name="Add to this session").click()
    page.get_by_role("button", name="Add a farmer not on the roster").click()
    page.get_by_label("Gender").select_option("male")
    page.get_by_label("Birth year (optional)").fill("1988")
    page.get_by_role("button", name="Add to this session").click()
    page.get_by_label("Score before · Man, 1988").fill("45")
    expect(page.locator("#f-attendee-count")).to_have_text("Attended: 2")
    page.get_by_role("button", name="Save on this phone").click()
    expect(page.locator("#session-list .status")).to_have_text("Saved on this phone")
    expect(page.locator("#session-list")).to_contain_text("Attended: 2")

    page.context.set_offline(False)
    expect(page.locator("#session-list .status")).to_have_text("On the server")
    page.get_by_role("button", name="Sync now").click()  # a second send changes nothing
    expect(page.locator("#sync-status")).to_contain_text("Last synced")
    walk_ins = {row.gender: row for row in WalkIn.objects.all()}
    assert len(walk_ins) == 2
    assert walk_ins["female"].name == "Esi Mensah" and walk_ins["female"].consent_given
    assert walk_ins["male"].name == "" and walk_ins["male"].pre_score == 45
    assert walk_ins["male"].birth_year == 1988

    farmer = walk_in_add(walk_in=walk_ins["female"], member_code="M-70", by=None)
    assert WalkIn.objects.get(pk=walk_ins["female"].pk).status == WalkInStatus.ADDED
    assert Attendance.objects.filter(farmer=farmer).count() == 1
    assert real_errors(page) == []


def _image():
    import io

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (30, 120, 60)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Demo plot", file=ImageFile(buffer, name="demo-plot.png")
    )


@pytest.mark.urls("tests.browser.media_urls")
def test_a_module_of_the_group_reads_and_prints_offline_and_updates_when_republished(
    phone, field, server_hits
):
    from modules.factories import module_body

    module = field["module"]
    image = _image()
    module.body = [
        *module_body(note="Bring a flip chart."),
        {"type": "image", "value": {"image": image.pk, "caption": "The demo plot"}},
    ]
    module.save_revision().publish()
    page = phone
    sign_in_and_download(page)
    link = page.get_by_role("link", name=f"PO-01 {MODULE}")
    expect(link).to_be_visible()
    expect(page.locator("#storage-status")).to_contain_text("Storage used on this phone")

    page.context.set_offline(True)
    page.reload()
    page.get_by_role("link", name=f"PO-01 {MODULE}").click()
    article = page.locator("#module-article")
    expect(article).to_contain_text("Selling together gets a better price.")
    expect(article).to_contain_text("Who decides how income is used?")
    expect(article).to_contain_text("The general assembly")  # the answer key
    expect(article).to_contain_text("Bring a flip chart.")  # the facilitator note
    picture = article.locator("figure img")
    expect(picture).to_be_visible()
    wait_for(lambda: picture.evaluate("(img) => img.complete && img.naturalWidth > 0"), page)
    assert picture.evaluate("(img) => img.naturalWidth") <= 720
    # The printable guide: the module alone, answers shown.
    page.emulate_media(media="print")
    expect(article).to_be_visible()
    expect(page.locator("#screen-home")).to_be_hidden()
    expect(page.get_by_role("button", name="Print the guide")).to_be_hidden()
    page.emulate_media(media="screen")

    # Republished: only this module is fetched again.
    other = TrainingModulePageFactory(
        parent=module.get_parent(), code="QM-01", title="Setting up quality"
    )
    other.save_revision().publish()
    page.context.set_offline(False)
    page.goto("/trainer/")
    expect(page.get_by_role("link", name="QM-01 Setting up quality")).to_be_visible()
    module.refresh_from_db()
    module.body = [{"type": "text", "value": "<p>Revised: sell together.</p>"}]
    module.save_revision().publish()
    server_hits.clear()
    page.get_by_role("button", name="Sync now").click()
    wait_for(lambda: any("/api/v1/modules/" in hit for hit in server_hits), page)
    wait_for(lambda: "Revised: sell together." in phone_text(page), page)
    fetched = [hit for hit in server_hits if hit.startswith("/api/v1/modules/")]
    assert fetched == [f"/api/v1/modules/{module.pk}/offline/"]
    page.context.set_offline(True)
    page.get_by_role("link", name=f"PO-01 {MODULE}").click()
    expect(page.locator("#module-article")).to_contain_text("Revised: sell together.")
    assert real_errors(page) == []
