"""The delivery figures kept ahead of the dashboard (decision 0036) against the raw rows.

A random year and a half of sessions, attendance and modules; then edits (dates moved
across months and years, groups changed, scores corrected), deletions (sessions,
attendance, modules), a consent erasure, a bulk upload from the trainer app, roster
edits one by one and in bulk. After each step every delivery indicator, read from the
kept figures, must equal the same figure worked out in Python from the raw rows, for
random periods (a day, parts of months, across a new year) and filters (country,
commodity, group, level).
"""

import datetime
import io
import random
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command

from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from monitoring import tasks
from monitoring.delivery_figures import figures_rebuild
from monitoring.indicators import (
    Scope,
    farmers_by_gender_and_band,
    head_counts,
    knowledge_gain,
    modules_delivered,
    sessions_by_method,
)
from monitoring.models import FarmerDays, ModuleFigures, SessionFigures
from organisation_levels.factories import ProducerGroupFactory
from organisation_levels.models import LevelAssessment, Rubric
from reference import roles
from reference.models import Commodity, Country, OrganisationLevel
from training_delivery.consent import farmer_erase
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import (
    Attendance,
    Farmer,
    SessionMethod,
    SessionModule,
    TrainingSession,
)
from training_delivery.models.roster import age_band
from training_delivery.services import sessions_sync
from training_delivery.signals import farmers_written

FIRST_DAY = datetime.date(2025, 7, 1)
DAYS = 550  # to the end of 2026


def _day(rng):
    return FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))


def _raw(scope: Scope) -> dict:
    """Every figure, worked out in Python from the raw rows (no aggregate, no subquery)."""
    groups = None
    if scope.country_ids or scope.narrowed_to_groups:
        groups = set(scope.groups().values_list("pk", flat=True))
    sessions = [
        session
        for session in TrainingSession.objects.all()
        if scope.start <= session.date <= scope.end
        and (groups is None or session.group_id in groups)
    ]
    ids = {session.pk for session in sessions}
    rows = [row for row in Attendance.objects.select_related("farmer") if row.session_id in ids]
    rostered = {row.session_id for row in rows}
    farmers = {row.farmer for row in rows}
    by_gender, by_band = {}, {}
    for farmer in farmers:
        by_gender[farmer.gender] = by_gender.get(farmer.gender, 0) + 1
        band = age_band(farmer.birth_year, scope.end.year)
        by_band[band] = by_band.get(band, 0) + 1
    heads = {"women": 0, "men": 0, "other": 0}
    methods = {}
    for session in sessions:
        if session.pk not in rostered:
            heads["women"] += session.women_count or 0
            heads["men"] += session.men_count or 0
            heads["other"] += session.other_count or 0
        start = datetime.datetime.combine(session.date, session.starts_at)
        length = datetime.datetime.combine(session.date, session.ends_at) - start
        method = methods.setdefault(session.method, [0, datetime.timedelta()])
        method[0] += 1
        method[1] += length
    deliveries, keys = 0, set()
    for row in SessionModule.objects.select_related("module"):
        if row.session_id in ids:
            deliveries += 1
            page = row.module.specific
            source = getattr(page, "source", None)
            keys.add(source.translation_key if source else page.translation_key)
    scored = [row for row in rows if row.pre_score is not None and row.post_score is not None]

    def average(values):
        return round(sum(values) / len(values), 1) if values else None

    return {
        "by_gender": by_gender,
        "by_band": by_band,
        "heads": heads,
        "methods": {
            name: {"sessions": count, "hours": round(time.total_seconds() / 3600, 2)}
            for name, (count, time) in sorted(methods.items())
        },
        "modules": {"deliveries": deliveries, "modules": len(keys)},
        "knowledge": {
            "attendances_scored": len(scored),
            "average_pre": average([row.pre_score for row in scored]),
            "average_post": average([row.post_score for row in scored]),
            "average_gain": average([row.post_score - row.pre_score for row in scored]),
        },
    }


def _kept(scope: Scope) -> dict:
    by_gender, by_band = farmers_by_gender_and_band(scope=scope)
    return {
        "by_gender": by_gender,
        "by_band": by_band,
        "heads": head_counts(scope=scope),
        "methods": sessions_by_method(scope=scope),
        "modules": modules_delivered(scope=scope),
        "knowledge": knowledge_gain(scope=scope),
    }


def _scopes(rng, world):
    """Fixed hard periods, then random ones, each with and without a random filter."""
    periods = [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),  # a whole year
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 1)),  # across the new year
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),  # a whole month
        (datetime.date(2026, 3, 31), datetime.date(2026, 3, 31)),  # the 31st alone
        (datetime.date(2025, 1, 1), datetime.date(2027, 6, 30)),  # around everything
    ]
    for _ in range(3):
        one, two = sorted((_day(rng), _day(rng)))
        periods.append((one, two))
    filters = [
        {},
        {"country_ids": (world["ghana"].pk,)},
        {"commodity_ids": (world["cocoa"].pk,)},
        {"group_ids": tuple(rng.sample(world["group_ids"], 2))},
        {"level_ids": (world["level"].pk,)},
        {"country_ids": (world["vietnam"].pk,), "commodity_ids": (world["coffee"].pk,)},
    ]
    for start, end in periods:
        for chosen in filters:
            yield Scope(start=start, end=end, **chosen)


def _assert_same(rng, world, step):
    for scope in _scopes(rng, world):
        assert _kept(scope) == _raw(scope), (step, scope)


@pytest.fixture
def world(backpack):
    rng = random.Random(19)
    modules = []
    for code in ("PO-01", "QM-02", "GA-03"):
        module = TrainingModulePageFactory(parent=backpack, code=code, title=code)
        module.save_revision().publish()
        modules.append(module)
    ghana = Country.objects.get(slug="ghana")
    vietnam = Country.objects.get(slug="vietnam")
    cocoa = Commodity.objects.get(slug="cocoa")
    coffee = Commodity.objects.get(slug="coffee")
    level = OrganisationLevel.objects.originals().order_by("rank").last()
    groups = []
    for number in range(6):
        country = ghana if number % 2 else vietnam
        group = ProducerGroupFactory(name=f"Group {number}", country=country)
        group.commodities.set([cocoa] if number % 3 else [coffee])
        groups.append(group)
    # Two groups at the top level from mid-2025: the level filter keeps only them.
    for group in groups[:2]:
        LevelAssessment.objects.create(
            group=group,
            rubric=Rubric.objects.first(),
            answers={},
            level=level,
            status=LevelAssessment.Status.CONFIRMED,
            confirmed_at=datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC),
        )
    farmers = {
        group.pk: [
            FarmerFactory(
                group=group,
                gender=rng.choice(["female", "male", "other"]),
                birth_year=rng.choice([None, 1950, 1970, 1990, 2000, 2008]),
            )
            for _ in range(5)
        ]
        for group in groups
    }
    for _ in range(40):
        group = rng.choice(groups)
        rostered = rng.random() < 0.7
        session = TrainingSessionFactory(
            group=group,
            date=_day(rng),
            starts_at=datetime.time(9, rng.choice([0, 15, 30])),
            ends_at=datetime.time(rng.choice([10, 11, 12]), rng.choice([0, 45])),
            method=rng.choice(SessionMethod.values),
            women_count=rng.randrange(9) if not rostered or rng.random() < 0.3 else None,
            men_count=rng.randrange(9) if not rostered else None,
            other_count=rng.choice([None, 0, 1]),
        )
        for module in rng.sample(modules, rng.randrange(4)):
            SessionModule.objects.create(session=session, module=module)
        if rostered:
            # Some attend other groups' sessions too.
            pool = farmers[group.pk] + rng.sample(farmers[rng.choice(groups).pk], 2)
            for farmer in rng.sample(pool, rng.randrange(1, len(set(pool)))):
                Attendance.objects.get_or_create(
                    session=session,
                    farmer=farmer,
                    defaults={
                        "pre_score": rng.choice([None, rng.randrange(101)]),
                        "post_score": rng.choice([None, rng.randrange(101)]),
                    },
                )
    return {
        "rng": rng,
        "ghana": ghana,
        "vietnam": vietnam,
        "cocoa": cocoa,
        "coffee": coffee,
        "level": level,
        "groups": groups,
        "group_ids": [group.pk for group in groups],
        "farmers": farmers,
        "modules": modules,
    }


def _figure_rows():
    return (
        sorted(SessionFigures.objects.values_list()),
        sorted(ModuleFigures.objects.values_list("session_id", "module_key", "deliveries")),
        sorted(FarmerDays.objects.values_list(*[f.name for f in FarmerDays._meta.fields][1:])),
    )


def test_the_kept_figures_equal_the_raw_rows_through_edits_and_deletions(world):
    rng = world["rng"]
    _assert_same(rng, world, "created")

    # Edits: dates moved (across months and years), groups changed, scores corrected.
    sessions = list(TrainingSession.objects.all())
    for session in rng.sample(sessions, 8):
        session.date = _day(rng)
        if rng.random() < 0.5:
            session.group = rng.choice(world["groups"])
        session.method = rng.choice(SessionMethod.values)
        session.save()
    for row in rng.sample(list(Attendance.objects.all()), 10):
        row.pre_score, row.post_score = rng.randrange(101), rng.choice([None, rng.randrange(101)])
        row.save()
    _assert_same(rng, world, "edited")

    # Roster edits: one farmer at a time (the form), and in bulk (the roster import, which
    # says so with `farmers_written`).
    attended = list(Farmer.objects.filter(attendance__isnull=False).distinct())
    for farmer in rng.sample(attended, 3):
        farmer.gender = "other" if farmer.gender != "other" else "female"
        farmer.birth_year = rng.choice([None, 1940, 1999])
        farmer.save()
    changed = [farmer.pk for farmer in rng.sample(attended, 4)]
    Farmer.objects.filter(pk__in=changed).update(gender="male", birth_year=1985)
    farmers_written.send(sender=Farmer, farmer_ids=changed)
    _assert_same(rng, world, "roster edited")

    # Deletions: whole sessions (their rows cascade), attendance rows (a roster session
    # may become one counted by heads), modules.
    for session in rng.sample(list(TrainingSession.objects.all()), 5):
        session.delete()
    for row in rng.sample(list(Attendance.objects.all()), 15):
        row.delete()
    SessionModule.objects.filter(
        pk__in=rng.sample(list(SessionModule.objects.values_list("pk", flat=True)), 4)
    ).delete()
    _assert_same(rng, world, "deleted")

    # Consent erasure: the person's data goes, their anonymous counts stay.
    before = _kept(Scope(start=FIRST_DAY, end=datetime.date(2026, 12, 31)))
    attended = Farmer.objects.filter(attendance__isnull=False).distinct()
    for farmer in rng.sample(list(attended), 3):
        farmer_erase(farmer=farmer, by=None)
    assert _kept(Scope(start=FIRST_DAY, end=datetime.date(2026, 12, 31))) == before
    _assert_same(rng, world, "erased")


def test_a_bulk_upload_is_counted_and_a_rebuild_changes_nothing(world, backpack):
    rng = world["rng"]
    group = world["groups"][0]
    trainer = UserFactory(username="kwame", groups=[roles.TRAINERS])
    group.trainers.add(trainer)
    group.save()
    codes = [farmer.member_code for farmer in world["farmers"][group.pk]]
    uploads = [
        {
            "uuid": str(uuid.uuid4()),
            "group": group.pk,
            "date": day,
            "starts_at": "09:00",
            "ends_at": "11:30",
            "method": "farmer-field-school",
            "language": "en",
            "modules": [{"id": world["modules"][0].pk}],
            "attendance": [
                {"member_code": code, "pre_score": 40, "post_score": 70} for code in codes[:3]
            ],
            "notes": "",
        }
        for day in ("2026-01-31", "2026-05-02")
    ]
    results = sessions_sync(user=trainer, sessions=uploads)
    assert [result.code for result in results] == [201, 201], results
    _assert_same(rng, world, "uploaded")

    kept = _figure_rows()
    figures_rebuild()
    assert _figure_rows() == kept
    call_command("rebuild_delivery_figures", stdout=io.StringIO())
    assert _figure_rows() == kept
    # The nightly task does the same (Celery runs it in-process in the tests).
    counts = tasks.rebuild_delivery_figures.delay().get()
    assert counts["sessions"] == TrainingSession.objects.count()
    assert _figure_rows() == kept
    assert "monitoring.tasks.rebuild_delivery_figures" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
