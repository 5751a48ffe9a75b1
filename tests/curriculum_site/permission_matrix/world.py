"""Two countries' worth of objects, each marked with words found nowhere else.

Every object a URL can show is made once in Ghana and once in Vietnam. Its identifying
text (a farmer's name and member code, a group's name, a draft's title…) carries the
country's marker (`Ghzq…`, `Vnzq…`), so a response can be searched for another
country's data without knowing how the page lays it out.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from adaptation.models import AdaptedModulePage, NationalCurriculumPage
from adaptation.services import module_adapt
from consultation.models import ConsultationEvent, Grievance, Stakeholder
from content.factories import UserFactory
from meetings.services import AttendanceIn, EventIn, event_record
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from monitoring.models import DataExport, StateOfPlayReport, Status
from organisation_levels.factories import (
    ImprovementCycleFactory,
    ImprovementItemFactory,
    ProducerGroupFactory,
)
from organisation_levels.models import (
    AssessmentEvidence,
    CountryPerson,
    ImprovementItemEvidence,
    LevelAssessment,
    Rubric,
)
from pilot_feedback.models import PilotFeedback
from reference import roles
from reference.models import Country, OrganisationLevel
from supply_base.models import ForestLossLayer, ImplementingEntity, Plot, SupplyScope
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Attendance, SessionPhoto
from training_plans.factories import (
    NeedsAssessmentFactory,
    RiskAssessmentFactory,
    TrainingPlanFactory,
    TrainingPlanItemFactory,
)
from training_plans.models import PlanAction, PlanReview

PREFIX = {"ghana": "Ghzq", "vietnam": "Vnzq"}
# A plot's point in each country (inside its box, supply_base/country_bounds.py).
SUPPLY_POINTS = {"ghana": (-1.62, 6.69), "vietnam": (105.8, 21.0)}

# What in a country's markers is a farmer's personal data: only the group's platform,
# managers and trainers may read it (not the committee, not monitoring viewers).
FARMER_MARKERS = ("farmer", "MEMBER")


@dataclass
class CountryWorld:
    slug: str
    country: Country
    objects: dict = field(default_factory=dict)  # URL-argument names → objects
    markers: dict = field(default_factory=dict)  # what → text

    def __getitem__(self, key):
        return self.objects[key]

    def marker(self, what: str) -> str:
        text = f"{PREFIX[self.slug]}{what}"
        self.markers[what] = text
        return text

    def farmer_markers(self) -> set[str]:
        return {self.markers[what] for what in FARMER_MARKERS}

    def all_markers(self) -> set[str]:
        return set(self.markers.values())


@dataclass
class World:
    countries: dict[str, CountryWorld]
    users: dict[str, object]
    module: TrainingModulePage


def _country(slug, *, module, piloted_module, superuser, users) -> CountryWorld:
    country = Country.objects.get(slug=slug)
    world = CountryWorld(slug=slug, country=country)
    mark = world.marker
    platform = users[f"{slug}_platform"]
    trainer = users[f"{slug}_trainer"]
    manager = users.get(f"{slug}_manager")

    group = ProducerGroupFactory(name=mark("group"), country=country, region=mark("region"))
    group.trainers.add(trainer)
    if manager is not None:
        group.managers.add(manager)
    group.save()
    for person in filter(None, (trainer, manager)):
        CountryPerson.objects.create(country=country, person=person, registered_by=platform)
    registration = CountryPerson.objects.get(country=country, person=trainer)

    farmer = FarmerFactory(group=group, name=mark("farmer"), member_code=mark("MEMBER"))
    session = TrainingSessionFactory(
        group=group, place=mark("place"), notes=mark("sessionnotes"), recorded_by=trainer
    )
    session.trainers.add(trainer)
    Attendance.objects.create(session=session, farmer=farmer, pre_score=40, post_score=80)
    photo = SessionPhoto(session=session, caption=mark("caption"))
    photo.file.save("photo.jpg", ContentFile(b"\xff\xd8\xff" + mark("photo").encode()), save=True)

    rubric = Rubric.objects.order_by("-version").first()
    assessment = LevelAssessment.objects.create(
        group=group,
        rubric=rubric,
        answers={},
        level=OrganisationLevel.objects.order_by("pk").first(),
        notes=mark("assessmentnotes"),
        submitted_by=platform,
    )
    assessment_evidence = AssessmentEvidence(
        assessment=assessment, original_name=mark("evidence") + ".pdf", size=10
    )
    assessment_evidence.file.save(
        "evidence.pdf", ContentFile(mark("evidencebytes").encode()), save=True
    )
    cycle = ImprovementCycleFactory(group=group, title=mark("cycle"))
    improvement_item = ImprovementItemFactory(cycle=cycle, description=mark("improvement"))
    item_evidence = ImprovementItemEvidence(
        item=improvement_item, original_name=mark("itemevidence") + ".pdf", size=10
    )
    item_evidence.file.save("item.pdf", ContentFile(mark("itembytes").encode()), save=True)

    plan = TrainingPlanFactory(group=group, title=mark("plan"), notes=mark("plannotes"))
    plan_item = TrainingPlanItemFactory(plan=plan, module=module, module_title=mark("planitem"))
    needs = NeedsAssessmentFactory(group=group, source=mark("needs"))
    risks = RiskAssessmentFactory(group=group, source=mark("risks"))
    # Issue 20, points 5 and 6: the action plan beyond training and the consultation.
    action = PlanAction.objects.create(
        plan=plan, kind="support", title=mark("action"), owner="ICS", indicator=mark("indicator")
    )
    PlanReview.objects.create(plan=plan, year=plan.starts_on.year, summary=mark("review"))
    stakeholder = Stakeholder.objects.create(
        country=country, group=group, kind="ngo", name=mark("stakeholder")
    )
    consultation = ConsultationEvent.objects.create(
        country=country, group=group, place=mark("consultplace"), purpose=mark("consultpurpose")
    )
    grievance = Grievance.objects.create(
        country=country,
        group=group,
        channel="phone",
        category="land",
        description=mark("grievance"),
    )

    # A national call of the country's own platform (issue 21, point 6).
    event = event_record(
        user=platform,
        data=EventIn(
            kind="national_call",
            title=mark("event"),
            held_on=datetime.date(2026, 3, 2),
            countries=[country],
            groups=[group],
            languages="English",
            minutes=mark("eventminutes"),
            attendance=[AttendanceIn(country, group, women=3, men=2)],
        ),
    )

    export = DataExport.objects.create(
        requested_by=platform,
        scope={"start": "2026-01-01", "end": "2026-12-31", "country_ids": [country.pk]},
        filters=mark("exportfilters"),
        file_format="csv",
        status=Status.READY,
    )
    export.file.save("export.csv", ContentFile(mark("exportbytes").encode()), save=True)
    report = StateOfPlayReport.objects.create(year=2026, country=country, status=Status.READY)
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 " + mark("reportpdf").encode()))
    report.workbook.save("report.xlsx", ContentFile(mark("reportxlsx").encode()), save=True)

    adaptation = module_adapt(source=module, country=country, user=superuser)
    adaptation.title = mark("draft")
    adaptation.slug = f"draft-{slug}"
    revision = adaptation.save_revision()
    curriculum = NationalCurriculumPage.objects.get(country=country, locale=Locale.get_default())
    french = Locale.objects.get(language_code="fr")
    for page in (curriculum, adaptation):
        source, _created = TranslationSource.get_or_create_from_instance(page)
        translation = Translation.objects.create(source=source, target_locale=french)
        translation.save_target(user=superuser, publish=False)
    # Feedback is given on published adaptations being piloted.
    piloted = module_adapt(source=piloted_module, country=country, user=superuser)
    piloted.adaptation_status = AdaptedModulePage.Status.PILOTING
    piloted.slug = f"piloted-{slug}"
    piloted.save_revision().publish()
    feedback = PilotFeedback.objects.create(
        adaptation=piloted,
        author=trainer,
        rating=4,
        what_worked=mark("worked"),
        what_to_change=mark("tochange"),
    )

    # The RSS supply base (issue 20): an entity, its scope, a plot, a forest-loss layer.
    entity = ImplementingEntity.objects.create(
        name=mark("entity"), kind="trader", country=country, lead_person=mark("lead")
    )
    scope = SupplyScope.objects.create(entity=entity, name=mark("scope"), geography="-")
    scope.groups.add(group)
    scope.save()
    lon, lat = SUPPLY_POINTS[slug]
    plot = Plot.objects.create(
        farmer=farmer,
        name=mark("plot"),
        geometry={"type": "Point", "coordinates": [lon, lat]},
        area_ha=1,
        longitude=lon,
        latitude=lat,
    )
    layer = ForestLossLayer.objects.create(
        country=country, name=mark("layer"), cut_off_date="2020-12-31", sha256=mark("sha")
    )

    world.objects.update(
        group=group,
        entity=entity,
        scope=scope,
        plot=plot,
        layer=layer,
        farmer=farmer,
        session=session,
        photo=photo,
        assessment=assessment,
        assessment_evidence=assessment_evidence,
        cycle=cycle,
        improvement_item=improvement_item,
        item_evidence=item_evidence,
        plan=plan,
        plan_item=plan_item,
        needs=needs,
        risks=risks,
        action=action,
        stakeholder=stakeholder,
        consultation=consultation,
        grievance=grievance,
        registration=registration,
        export=export,
        report=report,
        adaptation=adaptation,
        piloted=piloted,
        revision=revision,
        curriculum=curriculum,
        translation_source=source,
        translation=translation,
        feedback=feedback,
        event=event,
    )
    return world


def users_make() -> dict:
    ghana, vietnam = (Country.objects.get(slug=slug) for slug in ("ghana", "vietnam"))
    users = {
        "learner": UserFactory(username="m-learner"),
        "committee": UserFactory(username="m-committee", groups=[roles.TECHNICAL_COMMITTEE]),
        "ghana_platform": UserFactory(
            username="m-ghana-platform", groups=[ghana.national_platform_group]
        ),
        "vietnam_platform": UserFactory(
            username="m-vietnam-platform", groups=[vietnam.national_platform_group]
        ),
        "ghana_manager": UserFactory(
            username="m-ghana-manager", groups=[roles.PRODUCER_GROUP_MANAGERS]
        ),
        "ghana_trainer": UserFactory(username="m-ghana-trainer", groups=[roles.TRAINERS]),
        "vietnam_trainer": UserFactory(username="m-vietnam-trainer", groups=[roles.TRAINERS]),
        "ghana_viewer": UserFactory(username="m-ghana-viewer", groups=[roles.MONITORING_VIEWERS]),
        "superuser": UserFactory(username="m-superuser", is_superuser=True, is_staff=True),
    }
    ghana.monitoring_viewers.add(users["ghana_viewer"])
    return users


def world_make(backpack) -> World:
    users = users_make()
    page = TrainingModulePageFactory(parent=backpack, code="PM-01", title="Matrix module")
    page.save_revision().publish()
    module = TrainingModulePage.objects.get(pk=page.pk)
    second = TrainingModulePageFactory(parent=backpack, code="PM-02", title="Piloted module")
    second.save_revision().publish()
    countries = {
        slug: _country(
            slug,
            module=module,
            piloted_module=TrainingModulePage.objects.get(pk=second.pk),
            superuser=users["superuser"],
            users=users,
        )
        for slug in ("ghana", "vietnam")
    }
    return World(countries=countries, users=users, module=module)
