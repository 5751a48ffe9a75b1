"""Issue 20's "done when", walked once in Chromium for one implementing entity, Kumasi
Cocoa Traders in Ghana: its platform scopes the supply base and imports the volumes bought
and the plots; a trainer walks a plot and takes a grievance offline and syncs them; a
forest-loss layer flags a plot; the platform rates the group's risks on that evidence with a
residual risk, records a consultation and answers the grievance; the group's manager makes
an action plan beyond training, reviews it and starts the next cycle.

Each input first gets one bad entry (a scope's budget without currency, a spreadsheet row
naming a farmer not on the roster, an open plot boundary, a walked boundary that crosses
itself, a loss polygon outside the country, a residual rating above the inherent one, a
consultation in the future, a grievance answered with no response, an action outside the
plan, a review without evidence): each is refused with a message naming the row, field or
geometry, and nothing is stored. Setup the issue does not ask to type (the group, its
roster, the users, a training plan) is made directly."""

import datetime
import json

import pytest
from playwright.sync_api import expect

from consultation.models import ConsultationEvent, Grievance
from content.factories import UserFactory
from reference import roles
from reference.models import Country, NeedArea
from supply_base.models import (
    DeforestationFlag,
    FarmerVolume,
    ForestLossLayer,
    ImplementingEntity,
    Plot,
    SupplyScope,
)
from supply_base.risk_evidence import DEFORESTATION_SOURCE, TENURE_SOURCE
from tests.browser.helpers import PASSWORD, group_with_manager, signed_in, wait_for
from tests.browser.test_trainer_app import real_errors, sign_in_and_download
from training_delivery.factories import FarmerFactory
from training_plans.factories import TrainingPlanFactory
from training_plans.models import (
    ActionReview,
    PlanAction,
    RiskAssessment,
    RiskEvidence,
    TrainingPlan,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

# About a hectare each near Kumasi, Ghana; 0.0009 degrees is about 100 m.
LON, LAT, SIDE = -1.62, 6.69, 0.0009
# The trainer app's modules loaded only when their screen opens (views.APP_LAZY_MODULES).
LAZY_MODULES = ["plots.js", "grievances.js", "h5p-offline.js"]


def ring(lon, lat=LAT, side=SIDE):
    return [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]


def bowtie(lon, lat=LAT, side=SIDE):
    """Four corners walked in the wrong order: the boundary crosses itself."""
    return [[lon, lat], [lon + side, lat + side], [lon + side, lat], [lon, lat + side], [lon, lat]]


def geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def polygon(coordinates, **properties):
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [coordinates]},
    }


def choose(page, selector, row):
    """Choose `row` in a select, or in a snippet chooser (its hidden input takes the id)."""
    field = page.locator(selector)
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(value=str(row.pk))
    else:
        field.evaluate(f"element => element.value = '{row.pk}'")


def save(page):
    # A date field's picker stays open over the buttons after the date is typed; a
    # person clicks beside it first. The button is pressed as a script presses it.
    page.get_by_role("button", name="Save").first.evaluate("button => button.click()")


def saved(page, url):
    """Waits for the redirect after a save; if the form came back, says why."""
    try:
        page.wait_for_url(url)
    except Exception:
        shown = page.locator(".error-message, .help-critical, .messages")
        raise AssertionError(f"{page.url}: {shown.all_inner_texts()}") from None


def upload(page, name, data: bytes, mime="application/geo+json"):
    page.locator("#id_file").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_role("button", name="Check and import").click()


def import_problem(page, row, column, message):
    """The import screen refused the file: nothing imported, the problem in its row."""
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    cells = page.locator("section[aria-labelledby='import-problems-title'] tbody tr").first
    expect(cells.locator("td")).to_contain_text([row, column, message])


def field_error(page, field_id, message):
    """The admin form came back with `message` on the field `field_id`."""
    expect(page.locator(f"[data-field-wrapper]:has(#{field_id})")).to_contain_text(message)


@pytest.fixture
def desktop(browser, site_server):
    """The platform's admin on a wide screen, beside the trainer's phone."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_server.url)
    page = context.new_page()
    yield page
    context.close()


def test_the_rss_walk_from_scoping_to_the_next_cycle(desktop, phone, backpack):
    group, manager = group_with_manager()
    ghana = Country.objects.get(slug="ghana")
    for code, name in (("AC-001", "Ama Owusu"), ("AC-002", "Kojo Mensah")):
        FarmerFactory(
            group=group,
            member_code=code,
            name=name,
            consent_given=True,
            consent_date=datetime.date(2026, 1, 5),
        )
    efua = UserFactory(username="efua", password=PASSWORD, groups=[ghana.national_platform_group])
    trainer = UserFactory(username="amina", password=PASSWORD, groups=[roles.TRAINERS])
    group.trainers.add(trainer)
    group.save()
    deforestation = NeedArea.objects.originals().get(slug="deforestation")

    # --- 1. Scoping: the implementing entity and its RSS scope. -----------------------
    admin = desktop
    signed_in(admin, efua)
    admin.goto("/admin/snippets/supply_base/implementingentity/add/")
    admin.locator("#id_name").fill("Kumasi Cocoa Traders")
    admin.locator("#id_kind").select_option("trader")
    choose(admin, "#id_country", ghana)
    admin.locator("#id_lead_person").fill("Efua Asante")
    save(admin)
    saved(admin, "**/implementingentity/")
    entity = ImplementingEntity.objects.get()

    admin.goto("/admin/snippets/supply_base/supplyscope/add/")
    choose(admin, "#id_entity", entity)
    admin.locator("#id_name").fill("Cocoa, Ashanti, 2026-2028")
    admin.locator("#id_geography").fill("Ashanti region")
    admin.get_by_label("Cocoa", exact=True).check()
    choose(admin, "#id_groups", group)
    admin.locator("#id_objectives").fill("No cocoa from forest cleared after 2020")
    admin.locator("#id_budget").fill("25000")
    save(admin)
    # A budget without its currency: refused on the field, nothing stored.
    field_error(admin, "id_budget_currency", "Give the currency of the budget.")
    assert not SupplyScope.objects.exists()
    admin.locator("#id_budget_currency").fill("GHS")
    save(admin)
    saved(admin, "**/supplyscope/")
    scope = SupplyScope.objects.get()
    assert list(scope.groups.all()) == [group]

    # --- 2. The supply base: volumes bought, then plots. -------------------------------
    admin.goto("/admin/supply-base/volumes/import/")
    choose(admin, "#id_scope", scope)
    volumes = "Member code,Season,Commodity,Volume (kg)\nAC-001,2025/26,Cocoa,900\n"
    upload(admin, "volumes.csv", (volumes + "AC-009,2025/26,Cocoa,650\n").encode(), "text/csv")
    import_problem(
        admin,
        "3",
        "Member code",
        f"No farmer with member code AC-009 is on the roster of {group.name}.",
    )
    assert not FarmerVolume.objects.exists()
    choose(admin, "#id_scope", scope)
    upload(admin, "volumes.csv", (volumes + "AC-002,2025/26,Cocoa,650\n").encode(), "text/csv")
    saved(admin, lambda url: "/volumes/import/" not in url)
    assert FarmerVolume.objects.count() == 2

    admin.goto("/admin/supply-base/plots/import/")
    choose(admin, "#id_group", group)
    far = polygon(ring(LON + 0.01), member_code="AC-002", name="Far", tenure="documented")
    open_ring = ring(LON)[:-1]  # the last corner does not repeat the first
    upload(admin, "plots.geojson", geojson(far, polygon(open_ring, member_code="AC-001")))
    import_problem(admin, "2", "geometry", "Feature 2: The boundary is not closed")
    assert not Plot.objects.exists()
    choose(admin, "#id_group", group)
    north = polygon(ring(LON), member_code="AC-001", name="North", tenure="documented")
    upload(admin, "plots-fixed.geojson", geojson(far, north))
    saved(admin, lambda url: "/plots/import/" not in url)
    assert Plot.objects.count() == 2

    # --- 3. Offline in the field: a plot walked (a crossed one first), a grievance. ----
    app = phone
    app.context.grant_permissions(["geolocation"])
    sign_in_and_download(app)
    # Every screen loaded on demand is in the worker's cache before the first offline use.
    kept = app.evaluate(
        """names => Promise.all(names.map(name =>
            caches.match(`/static/training_delivery/js/${name}`))).then(found =>
            names.filter((name, index) => !found[index]))""",
        LAZY_MODULES,
    )
    assert kept == [], f"not kept for offline use: {kept}"
    app.context.set_offline(True)

    def walk(name, corners, tenure):
        app.get_by_role("link", name="Walk a plot").click()
        expect(app.get_by_role("heading", name="Walk a plot")).to_be_visible()
        app.get_by_label("Farmer", exact=True).select_option(label="AC-001 · Ama Owusu")
        app.get_by_label("Plot name (optional)", exact=True).fill(name)
        app.get_by_label("Tenure", exact=True).select_option(tenure)
        for number, (lon, lat) in enumerate(corners[:-1], start=1):
            app.context.set_geolocation({"longitude": lon, "latitude": lat, "accuracy": 4})
            app.get_by_role("button", name="Record this corner").click()
            expect(app.locator("#walk-corners")).to_have_text(f"Corners recorded: {number}")
        app.get_by_role("button", name="Save the plot").click()
        expect(app.locator("#home-notice")).to_contain_text("The plot is saved on this phone")

    walk("Crossed", bowtie(LON + 0.02), "documented")
    walk("Hill plot", ring(LON + 0.02), "undocumented")

    app.get_by_role("link", name="Record a grievance").click()
    screen = app.locator("#screen-grievance")
    screen.get_by_label("Producer group").select_option(label=group.name)
    screen.get_by_label("What it is about").select_option("land")
    screen.get_by_label("From whom (optional)").fill("Kojo Mensah")
    screen.get_by_label("The grievance").fill("A neighbour moved the boundary stones.")
    screen.get_by_role("button", name="Save the grievance").click()
    expect(app.locator("#grievance-list .status")).to_have_text("Waiting to be sent")
    assert Plot.objects.count() == 2 and not Grievance.objects.exists()

    app.context.set_offline(False)  # the `online` event starts a sync
    expect(app.locator("#grievance-list .status")).to_have_text("Received by the platform")
    app.get_by_role("link", name="Back").click()
    app.get_by_role("link", name="Walk a plot").click()
    statuses = app.locator("#walk-list li")
    expect(statuses.filter(has_text="Hill plot").locator(".status")).to_contain_text(
        "On the server"
    )
    # The crossed boundary: refused by the server naming the crossing, not stored.
    expect(statuses.filter(has_text="Crossed").locator(".status")).to_contain_text(
        "Refused: The boundary crosses itself"
    )
    walked = Plot.objects.get(source="walked")
    assert (walked.name, walked.tenure, walked.recorded_by) == (
        "Hill plot",
        "undocumented",
        trainer,
    )
    assert Plot.objects.count() == 3
    assert Grievance.objects.get().recorded_by == trainer

    # --- 4. A forest-loss layer (one outside Ghana first) flags "North". --------------
    admin.goto("/admin/supply-base/forest-loss/upload/")

    def layer_form():
        choose(admin, "#id_country", ghana)
        admin.locator("#id_name").fill("GFW loss 2021-2025")
        admin.locator("#id_cut_off_date").fill("2020-12-31")

    layer_form()
    loss = polygon(ring(LON + SIDE / 2), loss_year=23)
    swapped = [[lat, lon] for lon, lat in ring(LON + 0.05)]  # latitude written first
    upload(admin, "loss.geojson", geojson(loss, polygon(swapped, loss_year=22)))
    import_problem(admin, "2", "geometry", "Feature 2: The area is outside Ghana.")
    assert not ForestLossLayer.objects.exists() and not DeforestationFlag.objects.exists()
    layer_form()
    upload(admin, "loss.geojson", geojson(loss))
    saved(admin, lambda url: "/forest-loss/upload/" not in url)
    expect(admin.get_by_text("1 plots flagged")).to_be_visible()
    assert DeforestationFlag.objects.get().plot.name == "North"
    # The group's map shows it in red.
    admin.goto(f"/groups/{group.pk}/")
    flagged = admin.locator("svg.plots-map__svg .plot--flagged")
    expect(flagged).to_have_count(1)
    expect(flagged.locator("title")).to_contain_text("North")

    # --- 5. The group's risks rated on that evidence, with a residual risk. -----------
    admin.goto("/admin/snippets/training_plans/riskassessment/add/")
    choose(admin, "#id_country", ghana)
    choose(admin, "#id_group", group)
    admin.locator("#id_source").fill("Desk review and field visits")
    admin.locator("#id_ratings-ADD").click()
    choose(admin, "#id_ratings-0-core_risk", deforestation)
    admin.locator("#id_ratings-0-likelihood").select_option("4")
    admin.locator("#id_ratings-0-severity").select_option("4")
    admin.locator("#id_ratings-0-existing_mitigation").fill(
        "Buffer zones agreed with the farmers next to the reserve"
    )
    admin.locator("#id_ratings-0-residual_likelihood").select_option("3")
    admin.locator("#id_ratings-0-residual_severity").select_option("5")
    save(admin)
    # Residual above the inherent rating: refused on the field, nothing stored.
    field_error(
        admin,
        "id_ratings-0-residual_severity",
        "The residual rating cannot be above the rating without mitigation.",
    )
    assert not RiskAssessment.objects.exists()
    admin.locator("#id_ratings-0-residual_severity").select_option("3")
    save(admin)
    saved(admin, "**/riskassessment/")
    assessment = RiskAssessment.objects.get()
    # The new assessment starts with the plots' evidence, written when it committed:
    # the flag for deforestation, the walked plot's tenure for land rights (not rated).
    wait_for(lambda: assessment.evidence_rows.count() == 2, admin)
    evidence = RiskEvidence.objects.get(source_key=DEFORESTATION_SOURCE)
    assert evidence.core_risk == deforestation and "AC-001" in evidence.description

    # The evidence is on the form; the mitigation's verification is added, and the
    # check's row about land rights, not rated here, does not stop the save.
    admin.goto(f"/admin/snippets/training_plans/riskassessment/edit/{assessment.pk}/")
    expect(admin.locator("input[value*='overlaps forest loss']")).to_have_count(1)
    admin.locator("#id_ratings-0-mitigation_verified_on").fill("2026-11-15")
    admin.locator("#id_ratings-0-mitigation_verified_by").fill("Field visit by the ICS officer")
    save(admin)
    saved(admin, "**/riskassessment/")
    admin.goto(f"/admin/snippets/training_plans/riskassessment/inspect/{assessment.pk}/")
    rated = admin.locator(f"section.risk-rating[data-core-risk='{deforestation.pk}']")
    expect(rated).to_contain_text("1 plot overlaps forest loss after 2020-12-31")
    expect(rated).to_contain_text("Medium (3 \u00d7 3)")
    expect(rated).to_contain_text("Field visit by the ICS officer")
    expect(admin.locator("section.risk-evidence-unrated")).to_contain_text(
        "without documented tenure"
    )
    rating = assessment.ratings.get()
    assert (rating.level, rating.residual_level) == ("high", "medium")
    assert RiskEvidence.objects.filter(source_key=TENURE_SOURCE).count() == 1

    # --- 6. A consultation, and the trainer's grievance answered. ---------------------
    admin.goto("/admin/snippets/consultation/consultationevent/add/")
    choose(admin, "#id_country", ghana)
    choose(admin, "#id_group", group)
    admin.locator("#id_held_on").fill("2099-01-01")
    admin.locator("#id_place").fill("Community hall")
    admin.locator("#id_purpose").fill("Validate the risk assessment")
    admin.locator("#id_women").fill("12")
    admin.locator("#id_men").fill("9")
    admin.locator("#id_conclusions-ADD").click()
    admin.locator("#id_conclusions-0-text").fill("Buffer zones along the reserve")
    admin.locator("#id_conclusions-0-validated").check()
    save(admin)
    field_error(admin, "id_held_on", "The date cannot be in the future.")
    assert not ConsultationEvent.objects.exists()
    admin.locator("#id_held_on").fill("2026-11-20")
    save(admin)
    saved(admin, "**/consultation/consultationevent/")
    event = ConsultationEvent.objects.get()
    assert (event.women, event.men, event.conclusions.get().validated) == (12, 9, True)

    grievance = Grievance.objects.get()
    admin.goto(f"/admin/snippets/consultation/grievance/edit/{grievance.pk}/")
    admin.locator("#id_status").select_option(label="Answered")
    save(admin)
    field_error(admin, "id_response", "Write the response before marking it answered or closed.")
    grievance.refresh_from_db()
    assert grievance.status == "received"
    admin.locator("#id_responded_on").fill(grievance.received_on.isoformat())
    admin.locator("#id_response").fill("The boundary was walked again with both farmers.")
    save(admin)
    saved(admin, "**/consultation/grievance/")
    grievance.refresh_from_db()
    assert grievance.status == "answered"

    # --- 7. The manager's action plan beyond training, reviewed, carried over. --------
    plan = TrainingPlanFactory(
        group=group,
        title="2026 plan",
        currency="GHS",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    page = phone
    signed_in(page, manager)
    page.goto(f"/groups/{group.pk}/training-plans/{plan.pk}/")
    page.get_by_role("link", name="Add an action").click()
    page.locator("#id_title").fill("Buffer zones along the reserve")
    page.get_by_label("Risk rating").select_option(index=1)
    page.get_by_label("Owner").fill("ICS officer")
    page.get_by_label("Starts on").fill("2026-02-01")
    page.get_by_label("Ends on").fill("2027-06-30")
    page.get_by_label("Indicator").fill("Hectares of buffer planted")
    page.get_by_label("Budget").fill("1200")
    page.get_by_role("button", name="Save").click()
    # Past the plan's end: refused on the field, nothing stored.
    expect(
        page.get_by_text("Choose a date within the plan, 2026-01-01 to 2026-12-31.")
    ).to_be_visible()
    assert not PlanAction.objects.exists()
    page.get_by_label("Ends on").fill("2026-06-30")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".plan-action")).to_contain_text("Buffer zones along the reserve")
    action = plan.actions.get()
    assert action.risk_rating == rating and action.core_risk == deforestation
    assert action.kind == "mitigation"

    page.get_by_role("link", name="Review the actions").click()
    page.get_by_label("Cycle (year)").fill("2026")
    page.get_by_label("Reviewed on").fill("2026-11-30")
    page.get_by_label("Effectiveness: Buffer zones along the reserve").select_option("partly")
    page.get_by_role("button", name="Save the review").click()
    # Rated without evidence: refused naming the action, nothing stored.
    expect(page.get_by_text("Say what shows how well it worked.")).to_be_visible()
    assert not ActionReview.objects.exists()
    page.get_by_label("Evidence: Buffer zones along the reserve").fill("3 of 5 ha planted")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".plan-review")).to_contain_text("3 of 5 ha planted")
    assert ActionReview.objects.get().effectiveness == "partly"

    page.get_by_role("link", name="Start the next cycle's plan").click()
    page.get_by_label("Title").fill("2027 plan")
    page.get_by_label("Starts on").fill("2027-01-01")
    page.get_by_label("Ends on").fill("2027-12-31")
    page.get_by_role("button", name="Create the next plan").click()
    expect(page.locator(".plan-action")).to_contain_text("Carried over from 2026 plan.")
    assert TrainingPlan.objects.get(title="2027 plan").actions.get().carried_from == action
    assert real_errors(page, "400", "Bad Request") == []
